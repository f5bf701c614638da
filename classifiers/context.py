"""The claim_context component: marks rule matches that are negated, attributed or not claims.

A claim word is not a claim when the sentence reports someone else's claim ("some clinics
promise…", "the FDA warns…", "beware of…"), negates it ("we are not exempt"), asks a question,
describes research as research, or mocks it. Cue lists live in `cues/*.jsonl`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from spacy.attrs import IDX, IS_SPACE, ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from classifiers.matching import Hit, RuleMatcher
from classifiers.patterns import RuleLine, expand, read_rules
from classifiers.taxonomy import VIOLATION_LABELS

CUES_DIR = Path(__file__).parent / "cues"
SENTENCE_CUES = (
    "attribution",
    "research",
    "marketer",
    "sarcasm",
    "obligation",
    "explanation",
    "rhetorical",
    "speculation",
    "etiology",
    "biology",
)
# "the clinic offers…" reports a third party, unless the sentence speaks as "we" / "our"
MARKETER_OVERRIDES = frozenset(
    {
        "third-party-offers",
        "ads-promise",
        "told-someone",
        "titled-person-says",
        "is-promoting",
        "someone-insists",
    }
)
RULE_EXPLANATIONS = frozenset({"approval_claim", "regulatory_exempt"})
# "Mistake #3:" heads a compliance guide's warning, and a clinic's own listicle ("Mistake #1:
# waiting too long to call us") when it speaks as "we"
SELLERS_OWN_MISTAKES = frozenset({"labelled-a-mistake"})
# "the exception applies only when…": the rule's limits explain it even inside the words of
# the claim they limit ("exception … autologous")
RULES_LIMITS = frozenset({"a-rules-limits"})
# What describing research or speculating excuses: results and indications, not a regulatory
# claim (in the taxonomy's order, so a claim's suppressed reasons come in the same order on
# every run)
RESEARCH_EXCUSES = tuple(label for label in VIOLATION_LABELS if label not in RULE_EXPLANATIONS)
# Findings generalised ("studies show…"): evidence offered for a claim on a page
# that sells the treatment, research anywhere else; the classifier, which knows the page, decides
EVIDENCE_CUES = frozenset({"study-found", "shown-to-be"})
# research that states no finding: no claim even in the seller's voice ("research on stem
# cells for disc disease is ongoing", "our founder has published research on these cells in…"),
# nor in a paper's "we" ("Methods: we prospectively followed 48 patients with…")
UNFINISHED_RESEARCH = frozenset(
    {
        "research-under-way",
        "under-study",
        "studies-whether",
        "published-research-on",
        "study-methods",
    }
)
# research a seller says its own treatment is under ("our cell therapy for disc disease is being
# tested in a trial"): it excuses the indication named, not an outcome the seller promises
# beside it ("Now enrolling: our stem cell therapy regenerates damaged discs")
INDICATION_ONLY_RESEARCH = frozenset({"under-study"})
INDICATIONS = frozenset({"treatment_claim", "broad_indication"})
PROMISES = frozenset(VIOLATION_LABELS) - INDICATIONS
DISCLAIMER = "disclaimer"
VERBAL_NEGATION = "not"  # "not approved, proven or risk-free": reaches over a list
QUOTE_REACH = 200  # characters a quoted question reaches back from a match (bounded work)
OR_REACH = 30  # tokens a negated verb reaches over "or"
WHAT_IS_KNOWN = re.compile(
    r"what (?:is|are|was|were|remains?|we know is)(?: still| not| yet)* "
    r"(?:proven|known|unknown|unproven|true|false|approved|legal|clear|unclear)\W*$",
    re.IGNORECASE,
)
WHAT_IS_KNOWN_WORDS = 8
# the topic alone, nothing said after it: "What you need to know: our injections heal…" claims
WHAT_TO_KNOW = re.compile(
    r"what (?:(?:you|patients|parents|consumers|families|people|everyone|seniors|athletes)"
    r" (?:should|need to|must|ought to|want to) know|to know)"
    r"(?: (?:about|regarding|before)\b[^:;!?\u2013\u2014]*)?\W*$",
    re.IGNORECASE,
)
# a post's subtitle: "Stem Cell Injections for Back Pain: What We Tell Our Patients"
WHAT_WE_TELL = re.compile(
    r"[:|\u2013\u2014-]\s*what (?:we|i|doctors) (?:tell|say to|teach) (?:our |my )?patients\W*$",
    re.IGNORECASE,
)
# a title naming itself a guide: "Stem Cell Therapy for Back Pain: The Ultimate 2024 Guide" names
# its topic; one that promises ("Stem Cells Regrow Discs: The Ultimate Guide") still promises
GUIDE_WORDS = frozenset(
    get_string_id(word) for word in ("guide", "overview", "primer", "explainer", "know")
)
GUIDE_SUBTITLE = re.compile(
    r"[:|\u2013\u2014-]\s*(?:the |a |an |your |our )?"
    r"(?:(?:ultimate|complete|definitive|essential|comprehensive|patient'?s'?|beginner'?s'?|"
    r"quick|simple|full|practical|honest|evidence-based|updated|\d{4})\s+)*"
    r"(?:guide|overview|primer|explainer)\W*$"
    r"|[:|\u2013\u2014-]\s*what (?:patients|you|consumers|everyone)"
    r" (?:should|need to|must) know\W*$",
    re.IGNORECASE,
)
# words that open an insert between commas ("regulators, including the FDA, have warned")
INSERT_OPENERS = frozenset(
    {"including", "such", "like", "as", "especially", "particularly", "notably", "e.g.", "i.e."}
)
CLAUSE_MARKS = frozenset(",;:()\u2013\u2014")  # a match reaching over them spans clauses
SCARE_QUOTES = "scare-quotes"  # a claim's words mentioned in quotation marks; the page decides
SCARE_QUOTE_REACH = 30  # characters between a quotation mark and the claim it sets apart
SCARE_QUOTE_WORDS = 6
OUTSIDE_QUOTE_WORDS = 2  # "Infection after an …": a sentence of its own around the quotation
QUOTE_MARKS = frozenset('\u201c\u201d"\u2018')
# The mark that closes each opening mark; a right single quotation mark followed by a letter
# is an apostrophe ("don\u2019t"), not the end of a quotation
CLOSING_QUOTE = {
    "\u201c": re.compile("\u201d"),
    '"': re.compile('"'),
    "\u2018": re.compile("\u2019(?![^\\W\\d_])"),
    "'": re.compile("'(?![^\\W\\d_])"),
}
# a straight single quote that opens a quotation ("advertised 'FDA-approved stem cells'"), not
# an apostrophe ("the clinic's")
OPENING_SINGLE_QUOTE = re.compile(r"(?:^|(?<=[\s(\[]))'(?=\w)")
QUOTED_QUESTION_END = re.compile(r"[^\u201c\u201d\"?.!]{0,120}\?\s*[\u201d\"]")
NEGATING_VERB_WORDS = frozenset({"not", "n't", "n\u2019t", "never", "cannot"})
STATEMENT_NEGATIONS = frozenset(
    {
        "no-evidence-that",
        "cannot-promise-that",
        "not-known-whether",
        "not-shown-that",
        "ask-whether",
    }
)
LIST_SEPARATOR = "comma"  # "no downtime, completely safe": a determiner "no" stops here
# "are not drugs and are exempt": a verbal negation stops at the next predicate; "no evidence
# that they are safe and can regrow cartilage" denies both
NEXT_PREDICATE = "next-predicate"
# "not a cure that guarantees recovery", "no treatment which regrows discs": a relative clause of
# a denied noun phrase is denied with it
RELATIVE_PRONOUNS = frozenset({"that", "which"})
RESTRICTIVE_PRONOUNS = frozenset({"that", "who", "whom"})
RESTRICTIVE_REACH = 3  # the pronoun and up to two words before the attribution's first
APPOSITIVE_WORDS = 3  # ", a promise that": a comma this close before the pronoun
TITLE_SEPARATORS = frozenset(
    get_string_id(mark) for mark in ("-", "\u2013", "\u2014", "|", "\u00b7")
)
# Words that open a clause set before the sentence's own ("When rest has not worked, stem
# cells may help…"): the comma closing it ends whatever it denies
FRONTED_CLAUSE_OPENERS = frozenset(
    {"when", "whenever", "if", "after", "once", "since", "because", "although", "though",
     "unless", "until", "before", "while", "whether", "where"}
)  # fmt: skip
LEADING_CONJUNCTIONS = frozenset({"and", "but", "so", "even"})
# "it's no secret that…", "not a coincidence that…": nouns whose "that" opens what they say
CLAUSE_TAKING_NOUNS = frozenset(
    {
        "secret", "doubt", "question", "coincidence", "surprise", "wonder", "exaggeration",
        "accident", "mystery", "denying", "myth", "stretch", "lie",
    }
)  # fmt: skip
DENIED_NOUN_WORDS = 4  # words from the negation to the relative pronoun
# "patients who have not responded to therapy often find relief…", "steroids, which do not
# heal anything, …": a negation in a relative clause describes the people or thing it follows
# and ends with that clause: at its comma, or (unmarked) a few words on
WHO_OR_WHICH = frozenset({"who", "which"})
RELATIVE_AUXILIARIES = frozenset(
    {"do", "does", "did", "have", "has", "had", "are", "is", "was", "were", "can", "could",
     "will", "would", "may", "might", "should"}
)  # fmt: skip
RELATIVE_CLAUSE_REACH = 4  # tokens an unmarked relative clause's negation reaches
SELLERS_OWN = frozenset({"this", "our", "your"})  # "the FDA considers this / our procedure…"
# "Dr. Patel told me the stem cells would regenerate my discs, and he was right": a patient
# who says the promise came true makes it a claim of their own
ENDORSED = re.compile(
    r"\band (?:he|she|they|the doctor|my doctor)(?: really)? (?:was|were) "
    r"(?:absolutely |so |completely |totally )?right\b|\band it (?:did|worked)\W*$"
    r"|\band (?:it|that|they) (?:was|were|turned out to be|proved) (?:absolutely |completely "
    r"|totally |100% )?true(?=\W*$|\s*[:;\u2013\u2014])"
    # "patients ask us whether our cells are FDA approved, and they are": asked, and answered
    r"|\band (?:they|it) (?:are|is|do|does|can|will)(?: indeed)?\W*$"
    r"|\bthe (?:short )?answer is yes\b"
    r"|\band we (?:tell|assure|reassure) them\b",
    re.IGNORECASE,
)
# "“Our patients have a 95 percent success rate,” the clinic's owner said": a seller's own
# words, quoted whole and credited to no regulator, critic, researcher or patient, are its
# claim (its hedges stay hedges)
SELLER_QUOTED = re.compile(
    r"^\W*[\"\u201c](?=[^\"\u201d]*\b(?:our|we|we're|we\u2019re|we've|we\u2019ve|your own)\b)"
    r"(?![^\"\u201d]*\b(?:claims?|claimed|claiming|promise[sd]?|promising (?:patients|that)|tells?"
    r"|told|say\w*|said|advertis\w*|market\w*|sells?|sold|critic\w*|radio|ads?)\b)"
    r"[^\"\u201d]{10,400}[,.!?]\s*[\"\u201d],?\s+"
    r"(?!.*\b(?:fda|ftc|commissioner|officials?|regulators?|researchers?|professor|scientists?"
    r"|author|attorney|lawyer|prosecutors?|investigators?|critics?|experts?|(?:bio)?ethicist"
    r"|surgeon|biologist|trial|study|university)\b)"
    # the speaker is not a patient or a patient's family: "one patient said", "her husband said"
    r"(?!.{0,30}\b(?:patients?|husband|wife|daughter|son|mother|father|sister|brother"
    r"|family)\b)",
    re.IGNORECASE,
)
THE_US = re.compile(r"U\.?S\b")
SENTENCE_CUES_KEY = "sentence_cues"
RULES_KEY = "rules"  # doc.spans key of every rule match
BLOCK_STARTS_KEY = "block_starts"  # character offsets of the blocks joined in one Doc
SENTENCE_ENDS_KEY = "sentence_ends"
TEXT_KEY = "text"
CASED_TEXT_KEY = "cased_text"  # the same text before lower-casing, where the caller has it

SUPPRESSED_KEY = "suppressed"
SUBORDINATE = "subordinate"  # cues/subordinate.jsonl: clause openers, not matched on every page
CONDITION_CUE, CONTRAST_CUE = "condition", "contrast"
# "our clinic offers", "the only clinic offering": the seller naming itself; "my surgeon said
# I no longer needed surgery": a patient's story, told in the patient's own voice
SELF_NAMING = frozenset(get_string_id(word) for word in ("our", "only", "my"))
# "our Monterrey clinic offers…", "our new center provides…": a name or a word between
OWN_PLACES = frozenset(
    get_string_id(word)
    for word in ("clinic", "center", "centre", "practice", "office", "institute")
)
# "our reporter visited a clinic": an article or a preposition ends the place's name
NOT_A_NAME = frozenset(
    get_string_id(word)
    for word in ("a", "an", "the", "this", "that", "these", "those", "to", "of", "in", "at",
                 "for", "with", "and", "who", "which", "by", "from", "another", "one", "any")
)  # fmt: skip
NAMED_OWN_PLACE_WORDS = 4  # "our Kuala Lumpur wellness center", "our Toronto-area clinic"
# reports whose speaker comes just before them: the seller's own when it is "our …" ("our
# medical director said he has seen…", "as our brochure states,"), a third party's otherwise
SPEAKER_FIRST_REPORTS = frozenset({"said-of-their-experience", "says-its", "an-ad-read"})
SPEAKER_WORDS = 3  # "our" and up to two words of the speaker's title


def describes_research(sentence_cues: dict[str, str]) -> bool:
    """Research stated as research: a research cue, and not in the marketer's own voice; that
    research is still under way is no claim even in a sentence that also speaks as the seller
    ("research on stem cells for disc disease is ongoing, and our physicians take part")."""
    cue = sentence_cues.get("research")
    return cue is not None and ("marketer" not in sentence_cues or cue in UNFINISHED_RESEARCH)


def _names_the_us(hit: Hit, offsets: list[int], cased: str | None) -> bool:
    """ "US scientists", "the US FDA": the country, not the seller's "us" (cues are matched on
    lower-cased text; the cased text tells them apart where the caller handed it over)."""
    if hit.label != "marketer" or hit.end - hit.start != 1 or cased is None:
        return False
    return THE_US.match(cased, offsets[hit.start]) is not None


def _speaks_of_itself(hit: Hit, doc: Doc) -> bool:
    """ "Our clinic offers…", "at our center we…", "my doctor told me…", "our Monterrey clinic
    provides…": the seller or its patient speaking, not a third party ("clinics like ours" is
    an exclusion in the cue data)."""
    if hit.label != "attribution" or hit.start == 0:
        return False
    if doc[hit.start - 1].orth in SELF_NAMING:
        return True
    if hit.rule in SPEAKER_FIRST_REPORTS:
        return _named_as_its_own(doc, hit.start, SPEAKER_WORDS)
    if doc[hit.start].orth not in OWN_PLACES:
        return False
    for words in range(1, NAMED_OWN_PLACE_WORDS + 1):
        before = hit.start - words - 1
        if before < 0:
            return False
        word = doc[before + 1]
        if not (word.is_alpha or word.text == "-") or word.orth in NOT_A_NAME:
            return False
        if doc[before].orth in SELF_NAMING:
            return True
    return False


def _named_as_its_own(doc: Doc, start: int, most_words: int) -> bool:
    """Whether "our" or "my" stands among the few words before token `start`, with no mark
    between: "our medical director said…", "as our new brochure states,…"; not "a clinic in
    our city, said…"."""
    for before in range(start - 1, max(start - 1 - most_words, -1), -1):
        if not doc[before].is_alpha:
            return False
        if doc[before].orth in SELF_NAMING:
            return True
    return False


class ClauseWords:
    """Words that open a clause of condition ("as long as", "if") or of contrast ("but", "the
    short answer is"), from `cues/subordinate.jsonl`, where a line's id is the kind of clause
    it opens (several lines may share one). They are common, so they are looked for only in a
    sentence whose attribution is being weighed, not matched on every page."""

    def __init__(self, rules: Sequence[RuleLine]) -> None:
        self.phrases: dict[str, list[tuple[str, ...]]] = {CONDITION_CUE: [], CONTRAST_CUE: []}
        for rule in rules:
            phrases = [tuple(phrase.split()) for phrase in expand(rule.sequence or [])]
            self.phrases.setdefault(rule.id, []).extend(phrases)

    def opens(self, kind: str, words: Sequence[str], first: int, last: int) -> bool:
        """Whether a clause of this kind opens among words[first:last]."""
        return any(
            tuple(words[position : position + len(phrase)]) == phrase
            for position in range(max(first, 0), min(last, len(words)))
            for phrase in self.phrases[kind]
        )

    def attribution_reaches(
        self, span: Span, sentence_hits: Sequence[Hit], sentence: tuple[int, int], marketer: bool
    ) -> bool:
        """Whether the sentence's attribution covers this claim. It does not when it sits in a
        later clause of condition ("legal as long as the clinic administering it…"; a closing
        "…, the clinic claims." still does), or when a contrast ends it before the claim ("her
        surgeon told her fusion was a must, but after stem cells her pain is gone"). An
        attribution passed on by a heading or lead-in covers the whole sentence."""
        attributions = [
            hit
            for hit in sentence_hits
            if hit.label == "attribution" and not (marketer and hit.rule in MARKETER_OVERRIDES)
        ]
        if not attributions:
            return True
        first, end = sentence
        tokens = span.doc[first:end]
        words = [token.lower_ for token in tokens]
        for hit in attributions:
            if hit.start >= span.start and _opens_a_restrictive_clause(span.doc, hit.start):
                continue  # "…heals bulging discs that other doctors said needed surgery"
            if hit.start >= span.start:
                closing = not any(token.is_alpha for token in tokens[hit.end - first :])
                condition = self.opens(
                    CONDITION_CUE, words, span.start + 1 - first, hit.start - first
                )
                if closing or not condition:
                    return True
            elif not (
                self.opens(CONTRAST_CUE, words, hit.end - first, span.start - first)
                or _ends_a_concession(words, hit.end - first, span.start - first)
            ):
                return True
        return False


CONCESSIONS = frozenset({"although", "though", "while", "whereas", "despite", "whilst"})


def _ends_a_concession(words: Sequence[str], after: int, before: int) -> bool:
    """Whether the sentence opens with a concession that holds the attribution and that its
    first comma closes before the claim: "Although the FDA has warned some clinics that
    overstate the science, our injections heal bulging discs" grants the report and then
    claims; in "While we wait, the clinic claims that, in most cases, cells regrow discs" the
    attribution stands after the concession and reaches the claim."""
    opener = words[:2]
    if not opener or not (
        opener[0] in CONCESSIONS or tuple(opener) in (("even", "though"), ("even", "if"))
    ):
        return False
    closing = _closing_comma(words)
    return closing is not None and after <= closing < before


def _closing_comma(words: Sequence[str]) -> int | None:
    """The comma that closes a sentence's opening clause, past the commas of an insert it
    holds ("Even though regulators, including the FDA, have warned…, our…", "Although, as
    the FDA has warned, some clinics…, our…")."""
    in_insert = False
    for index, word in enumerate(words):
        if word != ",":
            continue
        if in_insert:
            in_insert = False
        elif index == 1 or (index + 1 < len(words) and words[index + 1] in INSERT_OPENERS):
            in_insert = True
        else:
            return index
    return None


def _opens_a_restrictive_clause(doc: Doc, start: int) -> bool:
    """Whether token `start` follows "that" / "who" with no comma before it, at most two words
    between: a clause that describes the noun before it ("discs that other doctors said needed
    surgery", "a fusion that three surgeons told me I needed"), where a ", which the clinic
    claims" speaks of the whole sentence, and so does an appositive after a comma ("…, a
    promise that the FTC says is deceptive")."""
    for pronoun in range(start - 1, max(start - 1 - RESTRICTIVE_REACH, 0), -1):
        if doc[pronoun].lower_ in RESTRICTIVE_PRONOUNS:
            head = doc[max(pronoun - APPOSITIVE_WORDS, 0) : pronoun]
            return not any(token.text in CLAUSE_MARKS for token in head)
        if not (doc[pronoun].is_alpha or doc[pronoun].like_num):
            return False
    return False


def suppression_key(span: Span) -> tuple[int, int, str, str]:
    return (span.start, span.end, span.label_, span.id_)


@Language.factory(
    "claim_context",
    default_config={"cues_dir": str(CUES_DIR), "spans_key": "rules", "window": 8},
)
def make_claim_context(
    nlp: Language, name: str, cues_dir: str, spans_key: str, window: int
) -> ClaimContext:
    rules = read_rules(Path(cues_dir), "cue")
    clause_words = ClauseWords([rule for rule in rules if rule.label == SUBORDINATE])
    matched = [rule for rule in rules if rule.label != SUBORDINATE]
    cues = RuleMatcher(nlp.vocab, matched, nlp.make_doc)
    return ClaimContext(cues, spans_key, window, clause_words)


class ClaimContext:
    """Records why a rule match is not a claim ("negated:not", "attributed:beware", …).

    Reasons go to `doc.user_data["suppressed"]`, keyed by `suppression_key(span)`; the cues
    found in each sentence go to `doc.user_data["sentence_cues"]`, keyed by its first token.
    """

    def __init__(
        self, cues: RuleMatcher, spans_key: str, window: int, clause_words: ClauseWords
    ) -> None:
        self.cues = cues
        self.spans_key = spans_key
        self.window = window
        self.clause_words = clause_words

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans[self.spans_key])
        if not spans:
            return doc
        ends = doc.user_data.get(SENTENCE_ENDS_KEY) or [len(doc) + 1]
        tokens = doc.to_array([IDX, ORTH, IS_SPACE]).T  # arrays: no Token object per sentence
        offsets, orths, spaces = (column.tolist() for column in tokens)
        cased = doc.user_data.get(CASED_TEXT_KEY)
        hits = [
            hit
            for hit in self.cues(doc, ends, doc.user_data.get(TEXT_KEY))
            if not _speaks_of_itself(hit, doc) and not _names_the_us(hit, offsets, cased)
        ]
        cues = self._by_kind(hits)
        cues_by_sentence: dict[int, list[Hit]] = defaultdict(list)
        for hit in hits:
            cues_by_sentence[bisect_right(ends, hit.start)].append(hit)
        by_sentence = doc.user_data.setdefault(SENTENCE_CUES_KEY, {})
        suppressed = doc.user_data.setdefault(SUPPRESSED_KEY, {})
        spans_by_sentence: dict[int, list[Span]] = defaultdict(list)
        for span in spans:
            spans_by_sentence[bisect_right(ends, span.start)].append(span)
        block_starts = doc.user_data.get(BLOCK_STARTS_KEY) or [0]
        question, colon, what = get_string_id("?"), get_string_id(":"), get_string_id("what")
        patients = get_string_id("patients")
        previous_attribution: str | None = None
        block = start = 0
        for index, end in enumerate(ends[:-1]):
            sentence_block = bisect_right(block_starts, offsets[start]) - 1
            if sentence_block != block:  # a lead-in reaches the next sentence of its block only
                block, previous_attribution = sentence_block, None
            sentence_cues = self._sentence_cues(cues_by_sentence.get(index, ()))
            if previous_attribution and "attribution" not in sentence_cues:
                sentence_cues["attribution"] = previous_attribution
            last = end - 1 if end > start else None
            while (
                last is not None
                and (spaces[last] or orths[last] in TITLE_SEPARATORS)
                and last > start
            ):
                last -= 1  # "Can stem cells help your back? | Clinic": a separator ends nothing
            sentence_spans = spans_by_sentence.get(index, ())
            if last is not None and orths[last] == question and "rhetorical" not in sentence_cues:
                sentence_cues["question"] = "question-mark"  # "why suffer … when you can …?" claims
            elif last is not None and orths[start] == what and _asks_what_is_known(doc, start, end):
                sentence_cues["question"] = "what-is-known"
            elif last is not None and orths[start] == what and _names_what_to_know(doc, start, end):
                sentence_cues["question"] = "what-to-know"
            elif (
                last is not None
                and patients in orths[max(start, last - 1) : last + 1]  # cheap: most end otherwise
                and WHAT_WE_TELL.search(doc[start:end].text) is not None
            ):
                sentence_cues["question"] = "what-we-tell"
            elif (
                last is not None
                and orths[last] in GUIDE_WORDS
                and GUIDE_SUBTITLE.search(doc[start:end].text) is not None
                and not any(span.label_ in PROMISES for span in sentence_spans)
            ):
                sentence_cues["question"] = "a-guide"
            by_sentence[start] = sentence_cues
            disclaimers = [s for s in sentence_spans if s.label_ == DISCLAIMER]
            for span in sentence_spans:
                if span.label_ not in VIOLATION_LABELS:
                    continue
                disclaiming = next((d for d in disclaimers if _disclaims(d, span)), None)
                reason = (
                    f"disclaimed:{disclaiming.id_}"
                    if disclaiming is not None
                    else self._reason(
                        span, (start, end), sentence_cues, cues, cues_by_sentence.get(index, ())
                    )
                )
                if reason:
                    suppressed[suppression_key(span)] = reason
            ends_with_colon = last is not None and orths[last] == colon
            previous_attribution = sentence_cues.get("attribution") if ends_with_colon else None
            start = end
        return doc

    @staticmethod
    def _by_kind(hits: list[Hit]) -> dict[str, list[Hit]]:
        found: dict[str, list[Hit]] = defaultdict(list)
        for hit in hits:
            found[hit.label].append(hit)
        return found

    @staticmethod
    def _sentence_cues(hits: Sequence[Hit]) -> dict[str, str]:
        """The first cue of each kind among a sentence's cue hits (in match order)."""
        present: dict[str, str] = {}
        for kind in SENTENCE_CUES:
            for hit in hits:
                if hit.label == kind:
                    present.setdefault(kind, hit.rule)
                    break
        if "marketer" in present:
            attribution = [
                hit.rule
                for hit in hits
                if hit.label == "attribution" and hit.rule not in MARKETER_OVERRIDES
            ]
            if attribution:
                present["attribution"] = attribution[0]
            else:
                present.pop("attribution", None)
            if present.get("sarcasm") in SELLERS_OWN_MISTAKES:
                present.pop("sarcasm")  # "Mistake #1: waiting too long to call us"
        return present

    def _reason(
        self,
        span: Span,
        sentence: tuple[int, int],
        sentence_cues: dict,
        cues: dict,
        sentence_hits: Sequence[Hit],
    ) -> str | None:
        if "question" in sentence_cues or _in_quoted_question(span, sentence[0]):
            return "question"
        attribution = sentence_cues.get("attribution")
        marketer = "marketer" in sentence_cues
        if (
            attribution
            and self.clause_words.attribution_reaches(span, sentence_hits, sentence, marketer)
            and not _endorsed_or_quoted(span.doc[sentence[0] : sentence[1]].text)
        ):
            return f"attributed:{attribution}"
        if "sarcasm" in sentence_cues:
            return f"sarcasm:{sentence_cues['sarcasm']}"
        # a definition inside the claim's own words ("exosomes are not regulated as drugs")
        # explains no rule: the seller is stating it of its product ("must register" is a rule)
        explains = sentence_cues.get("obligation") or next(
            (
                hit.rule
                for hit in sentence_hits
                if hit.label == "explanation"
                and (hit.end <= span.start or hit.start >= span.end or hit.rule in RULES_LIMITS)
                and not _draws_a_consequence(hit, span.doc)
            ),
            None,
        )
        if explains and span.label_ in RULE_EXPLANATIONS and "marketer" not in sentence_cues:
            return f"explained-rule:{explains}"
        if (
            describes_research(sentence_cues)
            and span.label_ in RESEARCH_EXCUSES
            and sentence_cues["research"] not in EVIDENCE_CUES
            and not (
                marketer
                and sentence_cues["research"] in INDICATION_ONLY_RESEARCH
                and span.label_ not in INDICATIONS
            )
        ):
            return f"research:{sentence_cues['research']}"
        negation = self._negation_before(span, sentence[0], cues)
        if negation:
            return f"negated:{negation}"
        if not marketer and _in_scare_quotes(span, sentence):
            return SCARE_QUOTES  # only a claim that stands otherwise: the page decides
        return None

    def _negation_before(self, span: Span, sentence_start: int, cues: dict) -> str | None:
        """A negation cue in the same clause, at most `window` tokens before the match (a
        negation of a whole statement anywhere before it in the sentence)."""
        first = max(sentence_start, span.start - self.window)
        negations = cues.get("negation", ())
        # A claim that says "not" itself ("does not require FDA approval") is not undone by an
        # earlier "not" ("a tissue and not a drug, it does not…"), only by a negation of the
        # whole statement ("there is no evidence that…", "we cannot promise that…").
        says_not = any(
            span.start <= hit.start < span.end and hit.rule == VERBAL_NEGATION for hit in negations
        )
        exceptions = {
            position
            for hit in cues.get("negation_exception", ())
            for position in range(hit.start, hit.end)
        }
        fronted_end = _fronted_clause_end(span.doc, sentence_start, span.start)
        for hit in negations:
            # "there is no evidence that…" denies its whole clause, however long its subject,
            # and "they don't ease pain or help the body repair itself" every verb it joins
            reaches_clause = hit.rule in STATEMENT_NEGATIONS or (
                hit.rule == VERBAL_NEGATION and _joined_by_or(span, hit)
            )
            start = sentence_start if reaches_clause else first
            if not (start <= hit.start < span.start) or hit.end > span.start:
                continue
            if hit.start in exceptions or (says_not and hit.rule not in STATEMENT_NEGATIONS):
                continue
            if (
                fronted_end is not None
                and hit.start < fronted_end
                and hit.rule not in STATEMENT_NEGATIONS
            ):
                continue  # "if it is not helped by rest or therapy, stem cells may help"
            if not reaches_clause and _ends_with_its_relative_clause(span.doc, hit, span.start):
                continue
            bridged = set()
            contrast = _contrasts_a_word(span.doc, hit, span.start)
            if (hit.rule == VERBAL_NEGATION and not contrast) or hit.rule in STATEMENT_NEGATIONS:
                bridged.add(LIST_SEPARATOR)
            if hit.rule in STATEMENT_NEGATIONS:
                bridged.add(NEXT_PREDICATE)
            breaks = {
                cue.start
                for cue in cues.get("clause_break", ())
                if cue.rule not in bridged and not _relative_to_denied_noun(span.doc, hit, cue)
            }
            if any(hit.end <= position < span.start for position in breaks):
                continue
            return hit.rule
        return None


def _contrasts_a_word(doc: Doc, negation: Hit, claim_start: int) -> bool:
    """ "multipotent, not pluripotent, resulting in…": a lone "not" between commas around one to
    three words denies those words, not what follows the closing comma, unless the claim
    continues their list ("investigational, not proven safe, effective or FDA approved")."""
    if negation.end - negation.start != 1 or doc[negation.start].lower_ != "not":
        return False
    if negation.start == 0 or doc[negation.start - 1].text != ",":
        return False
    closing = next(
        (t.i for t in doc[negation.end : min(negation.end + 4, claim_start)] if t.text == ","),
        None,
    )
    if closing is None or closing == negation.end:
        return False
    return not any(t.lower_ in ("or", "nor") for t in doc[closing:claim_start])


def _fronted_clause_end(doc: Doc, sentence_start: int, before: int) -> int | None:
    """The comma closing a clause the sentence opens with ("When rest and therapy have not
    worked, stem cells may help", "But if surgery isn't for you, …"), when it comes before
    token `before`; None for a sentence that opens otherwise."""
    first = sentence_start
    if first < before and doc[first].lower_ in LEADING_CONJUNCTIONS:
        first += 1
    if first >= before or doc[first].lower_ not in FRONTED_CLAUSE_OPENERS:
        return None
    return next((token.i for token in doc[first + 1 : before] if token.text == ","), None)


def _ends_with_its_relative_clause(doc: Doc, negation: Hit, claim_start: int) -> bool:
    """Whether a negation opening a "who" / "which" clause ("who have not responded", ", which
    do not heal anything,") ends before the claim: at the clause's comma, or, for a clause no
    comma opens, past the few words it reaches."""
    position = negation.start - 1
    while position >= 0 and doc[position].lower_ in RELATIVE_AUXILIARIES:
        position -= 1
    if position < 0 or doc[position].lower_ not in WHO_OR_WHICH:
        return False
    if any(token.text == "," for token in doc[negation.end : claim_start]):
        return True
    if position > 0 and doc[position - 1].text == ",":
        return False  # ", which have never been proven … to cure arthritis," ends at its comma
    return claim_start - negation.end > RELATIVE_CLAUSE_REACH


def _relative_to_denied_noun(doc: Doc, negation: Hit, clause_break: Hit) -> bool:
    """Whether a clause break is "that" / "which" opening a relative clause of the noun phrase
    the negation denies ("not a miracle cure that guarantees…", "no product which…")."""
    words = doc[negation.end : clause_break.start]
    return (
        doc[clause_break.start].lower_ in RELATIVE_PRONOUNS
        and 0 < len(words) <= DENIED_NOUN_WORDS
        and words[-1].lower_ not in CLAUSE_TAKING_NOUNS
        and (doc[negation.end - 1].lower_ == "no" or words[0].lower_ in ("a", "an", "any"))
        and all(word.is_alpha for word in words)
    )


def _joined_by_or(span: Span, negation: Hit) -> bool:
    """Whether a negated verb ("don't", "never", not "rather than") reaches `span` over an
    "or" or "nor" joining the words between them."""
    doc = span.doc
    if (
        span.start - negation.end > OR_REACH
        or doc[negation.end - 1].lower_ not in NEGATING_VERB_WORDS
    ):
        return False
    return any(token.lower_ in ("or", "nor") for token in doc[negation.end : span.start])


def text_of(doc: Doc) -> str:
    """The text the doc was made of (Doc.text joins every token, spaces and all)."""
    return doc.user_data.get(TEXT_KEY) or doc.text


def _asks_what_is_known(doc: Doc, start: int, end: int) -> bool:
    """ "What is proven", "What is not yet known": a heading that asks, whose answer is below."""
    if end - start > WHAT_IS_KNOWN_WORDS:
        return False
    return WHAT_IS_KNOWN.match(doc[start:end].text) is not None


def _names_what_to_know(doc: Doc, start: int, end: int) -> bool:
    """ "What patients should know about stem cell injections for back pain": a guide's topic,
    which names what it is about without offering it."""
    return WHAT_TO_KNOW.match(doc[start:end].text) is not None


def _endorsed_or_quoted(sentence: str) -> bool:
    """Whether a sentence's attribution is its own claim after all: a promise the speaker says
    came true, or a seller's own words quoted whole."""
    return ENDORSED.search(sentence) is not None or SELLER_QUOTED.search(sentence) is not None


def _draws_a_consequence(hit: Hit, doc: Doc) -> bool:
    """ "…is a 361 HCT/P, which means it is exempt": "which means" draws the seller's
    conclusion; it defines nothing ("'minimally manipulated' means…" does, and "this means…"
    most often restates a rule). "The FDA considers this / our procedure the practice of
    medicine" applies the rule to the seller's own treatment."""
    if doc[hit.end - 1].lower_ == "considers":
        return hit.end < len(doc) and doc[hit.end].lower_ in SELLERS_OWN
    return (
        hit.end - hit.start == 1
        and hit.start > 0
        and doc[hit.start].lower_ == "means"
        and doc[hit.start - 1].lower_ == "which"
    )


def _disclaims(disclaimer: Span, span: Span) -> bool:
    """A disclaimer overlapping a claim undoes it ("not FDA approved"), unless the claim's own
    words, within one clause, hold it: "the risk of infection is virtually nonexistent", "the
    FDA does not approve medical procedures", "no patient has had serious side effects"."""
    if not (disclaimer.start < span.end and span.start < disclaimer.end):
        return False
    inside = span.start <= disclaimer.start and disclaimer.end <= span.end
    if not inside or (disclaimer.start, disclaimer.end) == (span.start, span.end):
        return True
    return bool(CLAUSE_MARKS & set(span.text))


def _in_scare_quotes(span: Span, sentence: tuple[int, int]) -> bool:
    """Whether `span` is a few words set in quotation marks of their own inside a sentence ('an
    "FDA-compliant" injection', 'ads for "joint regeneration in one shot"'): mentioned, not
    said. A seller's own voice ("our lab is "FDA registered"") still says it, and a sentence
    quoted whole (a testimonial) is a quotation, not a mention."""
    doc = span.doc
    text = text_of(doc)
    before = text[max(0, span.start_char - SCARE_QUOTE_REACH) : span.start_char]
    after = text[span.end_char : span.end_char + SCARE_QUOTE_REACH]
    opening = max(before.rfind(mark) for mark in CLOSING_QUOTE if mark != "'")
    reach = before + span.text  # an opening quote looks at the word after it
    quotes = (mark.start() for mark in OPENING_SINGLE_QUOTE.finditer(reach, 0, len(before) + 1))
    opening = max([opening, *quotes])
    if opening < 0:
        return False
    closing_mark = CLOSING_QUOTE[before[opening]].search(after)
    if closing_mark is None:
        return False
    closing = closing_mark.start()
    between = before[opening + 1 :] + after[:closing]
    # another quotation between the marks, or this one closed before the claim ("Not
    # \u2018hype\u2019: cells cure\u2026")
    if QUOTE_MARKS & set(between) or CLOSING_QUOTE[before[opening]].search(between):
        return False
    quoted = before[opening + 1 :] + span.text + after[:closing]
    if len(quoted.split()) > SCARE_QUOTE_WORDS:
        return False
    last = doc[sentence[1] - 1]
    whole = text[doc[sentence[0]].idx : last.idx + len(last.text)]
    return len(whole.split()) - len(quoted.split()) >= OUTSIDE_QUOTE_WORDS


def _in_quoted_question(span: Span, sentence_start: int) -> bool:
    """Whether `span` lies in a question quoted inside its sentence ('the question "is stem
    cell therapy FDA approved?" is where to start'): asked, not said."""
    text = text_of(span.doc)
    start = span.doc[sentence_start].idx if sentence_start < len(span.doc) else 0
    before = text[max(start, span.start_char - QUOTE_REACH) : span.start_char]
    quoted = before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1
    return quoted and QUOTED_QUESTION_END.match(text, span.end_char) is not None
