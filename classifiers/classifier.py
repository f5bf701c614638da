"""ClaimClassifier: plain text or page blocks in, labelled sentences with their evidence out."""

from __future__ import annotations

import gc
import hashlib
import json
import re
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import pairwise
from pathlib import Path

import spacy
from spacy.language import Language

from classifiers.analysis import BlockAnalyzer
from classifiers.context import (
    CUES_DIR,
    DISCLAIMER,
    ENDORSED,
    EVIDENCE_CUES,
    RESEARCH_EXCUSES,
    SCARE_QUOTES,
    SELLER_QUOTED,
    describes_research,
)
from classifiers.document import Block, Claim, DocumentResult, Match
from classifiers.names import (
    ORGANISATION_NOUNS,
    TITLE_SEPARATORS,
    in_a_name,
    is_a_bare_name,
    is_an_outcome_name,
    name_word,
    names_the_practice,
)
from classifiers.nlp import PACKAGE_DIR, PATTERNS_DIR, build_nlp, warm_tokenizer_cache
from classifiers.products import naming_the_product, product_pattern
from classifiers.rules import (
    BACK,
    CLOSING_MARKS,
    QUESTION,
    SAID_BY_A_BUSINESS,
    SAID_BY_REGULATORS,
    STEM,
    TREATMENT,
    SentenceRules,
    mark_affirmed,
)
from classifiers.taxonomy import CONTEXT_LABELS, TAXONOMY_VERSION, VIOLATION_LABELS, sort_labels
from classifiers.training.train import read_corpus

DEFAULT_MODEL_DIR = PACKAGE_DIR / "model"
Analysed = list[tuple[Block, tuple[SentenceRules, ...]]]  # each block with its sentences
Headings = dict[str, tuple[SentenceRules, ...]]  # each heading text with its own sentences
INHERITED_CUES = ("attribution", "sarcasm")
# "Dr. Lane says: stem cells…" as a heading introduces the clinic's own doctor, not a report
NOT_INHERITED = frozenset({"titled-person-says"})
GROUP_WORDS = 4  # a sub-heading this short names a group of what the heading above it lists
ITEM_WORDS = 8  # a list item this short names one of them (a condition, not a step)
SERVICE_NOUNS = frozenset(
    {
        "procedure", "procedures", "surgery", "surgeries", "surgeon", "surgeons", "specialist",
        "specialists", "center", "centre", "centers", "team", "program", "clinic", "practice",
        "care", "services", "institute", "department", "physician", "physicians", "doctor",
        "doctors", "fellowship", "society",
    }
)  # fmt: skip
# "up to three disc levels", "one intradiscal injection": how many discs, or where the needle
# goes, not a condition treated
COUNTED_NOUNS = frozenset({"level", "levels"})
ROUTES = frozenset({"intradiscal"})
NAMES_THERAPY = re.compile(
    r"\b(?:therap(?:y|ies)|treatments?|injections?|procedures?|shots?)\b", re.IGNORECASE
)
# "We do not offer stem cell or exosome injections": a practice saying what it does not sell
# (a physical therapist's services page) names no therapy it speaks of, and sells none. Only
# the declined verb's object, up to the next clause, is declined: "we never do fusion surgery,
# we offer stem cells" still sells them
NEGATED_OFFER = re.compile(
    r"\b(?:we|our (?:clinics?|practices?|offices?|team|doctors|physicians|therapists))\s+"
    r"(?:do not|don['\u2019]t|does not|doesn['\u2019]t|did not|never|no longer|cannot|"
    r"can['\u2019]t|will not|won['\u2019]t)\s+(?:currently\s+|yet\s+)?"
    r"(?:offer|provide|perform|sell|administer|use|do|carry|inject|recommend)\b",
    re.IGNORECASE,
)
# "platelet-rich plasma is not a stem cell treatment": the stem-cell words name what it is not
DENIED_KIND = re.compile(
    r"\b(?:is|are|was|were)(?: not|n['\u2019]t| never| no)(?: an?)?\s+$", re.IGNORECASE
)
DENIED_KIND_CHARS = 20  # "isn't an " and the spaces around it
# a site's cookie, privacy or terms notice ("We use cookies to…") offers nothing, whatever
# heading it lands under
SITE_NOTICE = re.compile(r"\b(?:cookies?|privacy policy|terms of (?:use|service))\b", re.IGNORECASE)
# "We are often asked about stem cell injections; we do not offer them": the pronoun declines
# what the sentence named before it ("we never do them without imaging" still offers them)
DECLINED_PRONOUN = re.compile(
    r"\s+(?:them|it|these|those|this (?:treatment|therapy|procedure))\b"
    r"(?!\s+(?:without|unless|except|until|before|if|on|to|for|in|at)\b)",
    re.IGNORECASE,
)
# the declined object ends where a clause does ("…, we offer", "but", ";"), not at a list's comma
DECLINED_OBJECT_END = re.compile(
    r"[;:\u2013\u2014]|,\s*(?:we|our|you|they|it)\b|\b(?:but|only|instead|rather)\b",
    re.IGNORECASE,
)
# A sentence that ends by calling all it said unproven, with no "but" that keeps a claim apart
UNPROVEN_SUBJECT = re.compile(
    r"^(?!.*\b(?:but|however|although|though|yet|while|whereas)\b).*\b(?:is|are|remains?)\s+"
    r"(?:still\s+|currently\s+|considered\s+|deemed\s+|largely\s+)*"
    r"(?:investigational|experimental|unproven|not\s+(?:yet\s+)?proven|not\s+medically\s+necessary"
    r"|preliminary)"
    r"\W*$",
    re.IGNORECASE | re.DOTALL,
)
# "Whether stem cells regrow discs is unknown", "how well the injections relieve back pain is
# still unclear": the claim is the open question the sentence names; "…regenerate discs, and
# how long the effect lasts is unknown" leaves the claim of its first clause standing
UNKNOWN_SUBJECT = re.compile(
    r"^(?:\W*whether\b[^;]*|(?![^;]*\b(?:but|however|although|though|yet|while|whereas)\b)"
    r"(?![^;]*,\s*and\b)[^;]*)\b(?:is|are|remains?)\s+(?:still\s+|currently\s+|largely\s+)*"
    r"(?:unknown|unclear|uncertain|not\s+(?:yet\s+)?(?:known|clear|established)"
    r"|(?:an\s+)?open\s+question)\W*$",
    re.IGNORECASE | re.DOTALL,
)
# "Safety and Preliminary Efficacy of Adipose-Derived Cells in Patients With Discogenic Low Back
# Pain": a trial's title, capitalised as titles are ("studies confirm the safety and efficacy
# of…" is a marketer's sentence), or any title after its registry number ("CTRI/2021/03/031742:
# …", "jRCT2053200012: Intradiscal administration of…"; not "NCT…: Our injections regrow…")
TRIAL_TITLE = re.compile(
    r"^\W*(?:NCT\d{8}|CTRI/[\d/]+|jRCT\w+|ChiCTR[\w-]+|ISRCTN\d+|ACTRN\d+|EudraCT[\d-]+"
    r"|DRKS\d+|IRCT\w+|KCT\d+)\s*[:\u2013\u2014-]\s"
    r"(?![^.;]*\b(?:I|(?i:our|we|us|you|your|this|these|my))\b)"
    r"|^\W*(?:(?:A|The|Long-[Tt]erm|Preliminary|Clinical)\s+)?(?:Safety|Efficacy|Effectiveness"
    r"|Feasibility|Tolerability)(?:,?\s+(?:and|&)?\s*(?:Preliminary\s+)?(?:Safety|Efficacy"
    r"|Effectiveness|Feasibility|Tolerability))+\s+(?:Study\s+)?of\s+[A-Z]"
)
A_TRIALS_TITLE = "a trial's title"
# "…, and the evidence for their benefit is limited": what the sentence claims, it says the
# evidence does not bear out; "…, while the evidence for surgery is weak" speaks of another
SHORT_WORDS = ("limited", "lacking", "weak", "scant", "sparse", "inconclusive", "insufficient",
               "mixed", "thin")  # fmt: skip
EVIDENCE_FALLS_SHORT = re.compile(
    r"^(?!.*\b(?:while|whereas|unlike|but)\b).*\b(?:evidence|data|research|proof)"
    r" (?:for|of|behind|supporting) (?:their|its|this|these|such|the (?:treatment|therapy"
    r"|procedure|injections?|cells))\b[^.;:]{0,50}\b(?:is|are|remains?)\s+"
    r"(?:still\s+|very\s+|quite\s+|extremely\s+)?(?:" + "|".join(SHORT_WORDS) + r")\W*$",
    re.IGNORECASE | re.DOTALL,
)
# "using a structural tissue to treat a degenerated disc is generally not a homologous use": the
# use the sentence names, it says the rules do not allow (a rule's explainer's words, not a
# seller's "…; in the United States this treatment is prohibited")
NOT_ALLOWED_WORDS = ("homologous", "permitted", "allowed", "legal", "lawful", "prohibited")
NOT_ALLOWED_END = re.compile(
    r"^[^;]*\b(?:is|are|would be|constitutes?)\s+"
    r"(?:generally\s+|usually\s+|typically\s+|likely\s+)?(?:not\s+(?:a\s+)?homologous\s+use"
    r"|(?:a\s+)?non-?homologous(?:\s+use)?|not\s+(?:permitted|allowed|legal|lawful)|illegal"
    r"|unlawful|prohibited)\W*$",
    re.IGNORECASE | re.DOTALL,
)
UNPROVEN_WORDS = ("investigational", "experimental", "proven", "necessary", "preliminary")
UNKNOWN_WORDS = ("unknown", "unclear", "uncertain", "known", "clear", "established", "question")
# the words in a sentence's tail say which of the patterns could end it ("unproven"
# holds "proven", "illegal" holds "legal": read as the substrings they are)
TAKEN_BACK_WORDS = re.compile(
    "|".join((*UNPROVEN_WORDS, *UNKNOWN_WORDS, *NOT_ALLOWED_WORDS, *SHORT_WORDS))
)
UNPROVEN_TAIL_CHARS = 40  # the word and the closing marks after it
# "…is generally not a homologous use, because those tissues do not…": the reason given after
# the verdict leaves the verdict the sentence's end
REASON_TAIL = re.compile(r",?\s+(?:because|since)\s[^;]*$", re.IGNORECASE | re.DOTALL)
BARE_SPINE = "spine"  # the rule for the spine as a body part ("spine", "spinal", "lumbar")
READERS = ("your", "you're")
BODY_PARTS = frozenset({BARE_SPINE, "disc"})
BARE_BODY = frozenset({"spine", "spines"})
CONDITION_NOUNS = frozenset(
    {"disease", "diseases", "condition", "conditions", "disorder", "disorders", "problem",
     "problems", "pain", "injury", "injuries", "issues", "degeneration", "damage", "ailments"}
)  # fmt: skip
NAME_BLOCKS = frozenset({"paragraph", "text"})  # a header's logo text; not a heading
NAME_WORDS_BEFORE_SERVICE = 2  # "Disc Renewal Center", "Spine Health Institute"
# "Patients with active cancer are not candidates for cellular therapy": who is turned away
NOT_A_CANDIDATE = re.compile(
    r"\bcontraindicated (?:for|in)\b"
    r"|\b(?:not|n't|never) (?:a )?(?:good |suitable |ideal )?candidates? for "
    r"(?:stem[- ]cells?|cellular|cell|this|the (?:procedure|treatment|therapy|injections?)|our"
    r"|regenerative|these|exosomes?|biologics?)\b",
    re.IGNORECASE,
)
NOT_TREATED = re.compile(
    r"\b(contraindicat\w*|exclusion criteria|(not|n't) (a )?(good )?candidates?|who should not"
    r"|(not|n't) eligible|ineligible|(do not|don't|cannot|can't) treat)\b",
    re.IGNORECASE,
)
QUESTION_WORDS = frozenset(
    {"how", "what", "why", "when", "who", "where", "which", "is", "are", "can", "do", "does"}
)
INHERITED_REASON = {"attribution": "attributed", "sarcasm": "sarcasm"}
# A quotation's credit line that names an advertisement as its source ("Newspaper ad from a
# clinic, 2023", "— Facebook ad"): the quotation is the ad's words, reported; a patient's name
# under a testimonial ("Tom R., saw our Facebook ad") is not one
ADVERTISING_CREDIT = re.compile(
    r"^\W*(?:[\w'\u2019-]+\s+){0,3}(?:ads?|advert\w*|commercials?|brochures?|flyers?|billboards?"
    r"|mailers?|infomercials?|(?:website|webpage|facebook|instagram) (?:post|page|video))\b",
    re.IGNORECASE,
)
CREDIT_WORDS = 14  # a credit line is a label this short, not a sentence
# Platelet-rich plasma alone is no stem-cell therapy; bone marrow, fat or birth tissue with it is
PRP_ALONE = "said of PRP alone"
PLATELETS = re.compile(r"\b(?:prp|platelet[- ]rich (?:plasma|fibrin)|prf)\b", re.IGNORECASE)
BIOLOGICS = re.compile(
    r"\b(?:bone marrow|adipose|fat|amniotic|umbilical|cord (?:blood|tissue|cells?)|exosomes?"
    r"|wharton|placenta\w*)\b",
    re.IGNORECASE,
)
# The treatments a pain, chiropractic or integrative practice offers or advises beside stem
# cells: a sentence that opens with one speaks of it ("Prolotherapy uses a dextrose solution to
# stimulate a healing response", "Functional medicine looks for the root cause…")
ANOTHER_THERAPY_ALONE = "said of another therapy"
OTHER_THERAPIES = (
    r"(?:prolotherapy|prolo|ozone(?: therapy| injections?)?|radiofrequency(?: ablation| neurotomy)?"
    r"|rfa|spinal cord stimulat\w+|epidural\w*|(?:epidural |cortisone |corticosteroid )?steroid"
    r" (?:shots?|injections?)|cortisone(?: shots?| injections?)?|nerve blocks?"
    r"|facet (?:joint )?injections?|chiropractic(?: care| adjustments?| treatment)?"
    r"|spinal adjustments?|physical therapy|physiotherapy|acupuncture|dry needling"
    r"|massage(?: therapy)?|functional medicine|integrative medicine|naturopathy|iv therapy"
    r"|iv (?:vitamin|nutrient) therapy|hormone (?:replacement )?therapy|shockwave(?: therapy)?"
    r"|laser therapy|spinal decompression|decompression therapy|kyphoplasty|vertebroplasty"
    r"|(?:spinal |lumbar |cervical )?fusion(?: surgery)?|microdiscectomy|discectomy"
    r"|trigger point injections?"
    r"|surgical (?:procedures?|fusion|options?)|(?:regular |daily )?exercises?|stretching"
    r"|strength training|core strengthening|yoga|pilates|weight loss|(?:a )?healthy diet"
    r"|good nutrition|botox(?: cosmetic)?|dysport|xeomin|juvederm|restylane|(?:dermal )?fillers?"
    r"|kybella|sculptra|semaglutide|tirzepatide|testosterone(?: therapy)?"
    r")(?:\s+(?:injections?|shots?|treatments?|therapy|sessions?|care|program))?\b"
)
ANOTHER_THERAPY_SUBJECT = re.compile(
    r"^\W*(?:(?:our|the|a|an|this|these|gentle|modern|traditional|the only)\s+)?"
    r"(?:(?:minimally[ -]invasive|endoscopic|open|conventional|lumbar|cervical)\s+)?"
    + OTHER_THERAPIES,
    re.IGNORECASE,
)
# "…a 95% satisfaction rate for minimally invasive fusion", "…relief of sciatica after
# microdiscectomy", "proven options, such as exercise and physical therapy, …": what the
# sentence credits is another treatment ("after physical therapy failed, …" is not)
ANOTHER_THERAPY_CREDITED = re.compile(
    r"\b(?:(?:rates?|relief|results?|outcomes?|improvement|success)\b(?:\s+[\w-]+){0,3}?\s+"
    r"(?:for|after|following)"
    r"|(?:options|treatments|approaches|therapies|alternatives)\b(?:\s+[\w-]+){0,4}?,?\s+"
    r"(?:such as|including|include|includes)(?:\s+[\w-]+,?){0,3}?)"
    r"\s+(?:(?:a|an|the|your|minimally[ -]invasive|endoscopic|open|conventional|spinal|lumbar"
    r"|cervical|back)\s+){0,3}" + OTHER_THERAPIES,
    re.IGNORECASE,
)
# the words ANOTHER_THERAPY_CREDITED opens with, as the substrings they hold
CREDITING_WORDS = ("rate", "relief", "result", "outcome", "improvement", "success", "option",
                   "treatment", "approach", "therap", "alternative")  # fmt: skip
# "…far better than the outcomes reported for spinal fusion", "patients who tried treatments
# such as epidurals…", "…such as physical therapy mask the pain, while this one heals…": the
# other treatment is what the offered one is set against
SET_AGAINST = re.compile(
    r"\b(?:than|unlike|compared|versus|vs|instead of|rather than|tried|failed|exhausted"
    r"|without|even after|but|whereas|while|however|(?:did|does|do) not (?:work|help)"
    r"|(?:did|does|do)n['\u2019]t (?:work|help))\b",
    re.IGNORECASE,
)
# "…; the cells we inject keep repairing your disc", "…helps the new cells regenerate the
# disc": a sentence that goes on to the offered treatment speaks of it too
BACK_TO_THE_TREATMENT = re.compile(
    r"[;:]|\b(?:cells?|injections?|injected|inject|procedures?|treatments?|shots?)\b",
    re.IGNORECASE,
)
# "Unlike steroid shots or PRP, our injections…", "boosted with PRP, our…": PRP set beside the
# treatment the sentence speaks of
SET_APART = re.compile(
    r"\b(?:unlike|instead of|rather than|compared (?:to|with)|than|not)\b[^,;.]*$"
    r"|\b(?:with|plus|and)\s+(?:\S+\s+)?$",
    re.IGNORECASE,
)
# "Truth: …" answering a "Myth: …" under "Myths about stem cells" speaks in the site's voice
MYTHS = re.compile(r"\b(?:myths?|misconceptions?|misunderstandings?)\b", re.IGNORECASE)
REBUTTAL = re.compile(r"^(?:the\s+)?(?:truth|facts?|reality)\s*[:\u2013\u2014]", re.IGNORECASE)
MAX_MODEL_CHARS = 2_000
ZONE_DOCUMENTS = 500
TESTIMONIAL = "testimonial"
AD_CREDIT = "credited-to-an-ad"
# a line that is one quotation, bullet and all: '• "Our cells regrow discs."', or in single
# quotes, whose own apostrophes ("don't") may stand inside: "'Our cells don't need surgery.'"
WHOLE_QUOTE = re.compile(
    r'^\W{0,3}(?:["\u201c][^"\u201c\u201d]{10,}["\u201d]|[\'\u2018].{10,}[\'\u2019])\W{0,3}$',
    re.DOTALL,
)
RECOVERY_STORY = "recovery-story+condition"
AVOIDED_SURGERY = "i-avoided-surgery"
AVOIDED_SURGERY_STORY = "avoided-surgery-story"
SURGERY = re.compile(
    r"\b(?:surger(?:y|ies)|fusions?|operations?|discectom\w+|laminectom\w+)\b", re.IGNORECASE
)
# what a patient's story says changed: "now I play golf again", "slept through the night for
# the first time in years", "she is walking the mall again", "pain-free", "I can finally
# sleep", "gave me my life back", "off all his pain meds" (not how it was before: "could no
# longer", "flared up again", "for the first time in 2015")
RECOVERY_VERBS = (
    r"(?:walk|run|play|golf|hike|work|sleep|slept|garden|danc|driv|drove|travel|lift|sit|sat"
    r"|stand|bend|ski|swim|cook|ride|rode|bike|jog|exercis|move|moving|enjoy|live|living|hold"
    r"|pick)\w*"
)
RECOVERED = re.compile(
    r"\b(?:" + RECOVERY_VERBS + r" [^.;!?]{0,40}?again|pain[- ]free"
    r"|for the first time (?:in (?:years|months|a decade|ages)|since)"
    r"|back to (?:work|golf|normal|running|the gym|my life|my old self)|thanks to"
    r"|(?:now|today),? (?:after [^,.;]{1,30} )?(?:i|he|she|we) (?:can|am able|is able|are able"
    r"|walk|play|run|sleep|work|live|hike|golf|garden|travel|drive|sit|stand|enjoy|'m back"
    r"|am back|is back)"
    r"|(?:i am|i'm|he is|she is) (?:now )?(?:completely |totally )?(?:free|pain[- ]free|cured)\b"
    r"|finally (?:able to )?" + RECOVERY_VERBS + r"|finally (?:pain[- ]free|free of)"
    r"|(?:gave|got|have) (?:me |him |her )?(?:my|his|her) life back"
    r"|(?:off|stopped taking|no longer takes?|quit) (?:all )?(?:of )?(?:my |his |her |the )?"
    r"(?:pain ?(?:meds|medications?|pills|killers)|opioids|narcotics))",
    re.IGNORECASE,
)
# care other than the cells a patient may credit: "after six weeks of physical therapy…"
OTHER_CARE = re.compile(
    r"\b(?:physical therap\w*|physiotherap\w*|pt|chiropract\w*|adjustments?|epidurals?|steroids?"
    r"|cortisone|surgery|surgeries|fusion|discectomy|laminectomy|acupuncture|massage|yoga"
    r"|pilates|decompression|prp|platelet\w*|ablation|medications?|pills?)\b",
    re.IGNORECASE,
)
# "… two failed back surgeries, now I play golf again thanks to the cells"
CREDITS_THE_CELLS = re.compile(
    r"\b(?:thanks to|because of|after) (?:the|my|her|his|your|our|their) (?:cells?|stem cells?"
    r"|injections?|shots?|procedure|protocol|infusions?|treatment at)\b",
    re.IGNORECASE,
)
# relief that never came or did not last
NOT_RECOVERED = re.compile(
    r"\b(?:still (?:have|has|had|hurts?|in pain|suffer\w*|need\w*|limp\w*|can't(?! believe)"
    r"|cannot(?! believe)"
    r"|no better)|(?:got|is|was|even) worse|no better|didn'?t help|did not help|did nothing"
    r"|waste|refund|scam|ripped off|no change|no difference|not worth|regret"
    r"|(?:pain|sciatica|it|symptoms|they) (?:came|come|comes) back|returned|wore off"
    r"|for a while|only lasted|anyway|surgery after all)\b",
    re.IGNORECASE,
)
EFFICACY = "efficacy_claim"
APPROVAL = "approval_claim"
EXEMPT = "regulatory_exempt"
SAFETY = "safety_claim"
# "get treated without joining a trial", "the FDA has no say over our cells", "licensed to
# provide stem cell therapy", "a bulging disc doesn't have to mean surgery": a claim only when
# said of a treatment offered (on a page that sells it, of the offered treatment, or by "we");
# "right-to-try laws let patients get drugs without joining a trial" explains a law, "only
# hospitals are licensed to provide stem cell transplants" a rule, and a physiotherapist's
# "doesn't have to mean surgery" speaks of another treatment
SELF_SUBJECT = re.compile(r"\W*(?:we|our)\b", re.IGNORECASE)  # "We are licensed to provide…"
CLAIMS_ONLY_WHEN_OFFERED = {
    EXEMPT: frozenset(
        {"no-trial-to-join", "outside-drug-rules", "free-to-use-what-fda-forbids",
         "regulator-has-no-say", "regulator-has-nothing-to-say", "no-regulatory-barriers",
         "a-state-law-allows", "nothing-to-approve", "a-tissue-not-a-drug",
         "a-tissue-rather-than-a-drug",
         "what-us-rules-do-not-allow", "hospital-exemption", "no-special-approval"}
    ),
    APPROVAL: frozenset(
        {"licensed-to-provide", "endorsed-by-a-society", "medicare-approved",
         "under-local-licensing", "licensed-by-a-regulator"}
    ),
    SAFETY: frozenset({"little-can-go-wrong", "no-matching-needed", "yet-to-see-a-complication"}),
    EFFICACY: frozenset({"off-the-operating-table", "need-not-mean-surgery"}),
}  # fmt: skip
CONDITIONS_WE_TREAT = "conditions-we-treat"
BROAD = "broad_indication"
CONDITION = "condition"
# "approved by the FDA to treat", "approved for the treatment of": what an approval is for,
# which a disclaimer of the approval names without offering
APPROVED_TO_TREAT = re.compile(
    r"\b(?:approved|cleared)\b(?: by (?:the )?(?:u\.?s\.? )?(?:fda|food and drug administration))?"
    r"(?: (?:any|a|an|no|these|such)(?: [\w./-]+){1,4}?)?"  # "approved any stem cell product"
    r"(?: (?:as safe and effective|in the united states|in the u\.?s\.?))?"
    r" (?:to treat|for treating|for the treatment of|to cure|to relieve|for use in treating)\b",
    re.IGNORECASE,
)
TREATMENT_REACH = 60  # characters between a treatment cue and the condition it names
TRIAL = "trial_or_ind"
ETHICS_REVIEW = "irb"  # the trial rule for an IRB or ethics committee
STUDY_WORDS = re.compile(r"\b(?:trials?|stud(?:y|ies)|research|registered)\b", re.IGNORECASE)
# "Tired of living with a herniated disc? Our clinic now offers stem cell injections!",
# "Sciatica? Stem cell therapy could be the answer.": the question names what it treats
ANSWERS_A_QUESTION = "answers-a-back-pain-question"
ANSWER = re.compile(
    r"\b(?:the|your) (?:answer|solution)\b|\b(?:can|may|might|could) help(?:\W*$| (?:relieve|heal"
    r"|treat|repair|you (?:heal|recover|avoid|get (?:back|rid)|live)))"
    r"|\b(?:may|might|could) be (?:just )?(?:what|the (?:boost|fix|help|missing piece))\b",
    re.IGNORECASE,
)
OFFERED_TREATMENT = re.compile(
    r"\b(?:injections?|therap(?:y|ies)|treatments?|procedures?|shots?|infusions?)\b", re.IGNORECASE
)
# "Dallas Stem Cell Center | Degenerative Disc, Sciatica & Neck Pain": a page titled with a
# stem-cell clinic's name and the conditions it takes on
CLINIC_TITLED_WITH_CONDITIONS = "clinic-titled-with-conditions"
TITLE_BLOCKS = frozenset({"title", "heading"})
TITLE_SEPARATOR = re.compile(r"\s[|\u2013\u2014-]\s")
MAX_TITLE_PART_WORDS = 8
# the seller's own practice, named as a business names it ("our spine program", "our physicians")
OUR_PRACTICE = re.compile(
    r"\bour (?:[a-z]+ )?(?:clinic|clinics|practice|center|centre|office|offices|spine program"
    r"|physicians|doctors|providers|specialists|nurse practitioners?|medical team|care team)\b",
    re.IGNORECASE,
)
# "If your sciatica is not responding to traditional treatments, stem cell therapy may help
# you find relief": a condition in the clause a sentence opens with is the one its main clause
# treats, however long the opening clause
FRONTED_CONDITION_CLAUSE = re.compile(
    r"^\W*(?:but |and |so )?(?:if|when|whenever|for|whether|once|after|since|because)\b"
    r"(?:[^,;:.?!]{1,200}[,;:]|[^,;:.?!]{1,80}?(?= (?:we|our)\b))",  # "For disc disease we use…"
    re.IGNORECASE,
)
# cues that offer a treatment only for a condition the sentence opens with ("For chronic low back
# pain, we often recommend…"); "we use an MRI to find the cause of your sciatica" offers none
FRONTED_ONLY = frozenset({"we-offer-for-the-condition"})
MIN_BROAD_SYSTEMS = 3
# a post's tags: two could be a heading's "#1 choice … #2 …", three are a list
TAG = re.compile(r"(?:^|(?<=\s))#\w")
MIN_TAGS = 3
SENTENCE_VETO_CUES = ("question", "attribution", "sarcasm")
BUY_BUTTON = re.compile(
    r"^\W*(?:add to (?:cart|bag|basket)|buy(?: it)? now|order now|book now|checkout"
    r"|reserve(?: your (?:spot|package|treatment|date|place))?(?: now)?)\W*$",
    re.IGNORECASE,
)
PRICE = re.compile(
    r"^\W*(?:from\s+)?(?:US\s?)?[$\u20ac\u00a3]\s?\d[\d,]*(?:\.\d\d)?\W*$", re.IGNORECASE
)
# a menu's or price list's line: an item's name and its price, "Stem Cell Disc Injection $4,800"
PRICED_ITEM = re.compile(
    r"^(?!.*\b(?:costs?|prices?|pricing|average|typical|median|range|insurance|medicare)\b)"
    r"[^.!?$\u20ac\u00a3]{3,80}?\s{0,3}(?:[-\u2013\u2014|:]\s{0,3})?(?:from\s+)?(?:US\s?)?"
    r"[$\u20ac\u00a3]\s?\d[\d,]*(?:\.\d\d)?\W*$",
    re.IGNORECASE | re.DOTALL,
)
PRICED_ITEM_CHARS = 120  # a menu line; a longer block is prose, and not worth the regex's time
# "studies show that stem cells regenerate discs": a seller's generalisation from research,
# a claim wherever it stands; "a study found that 60% of patients improved" reports a finding
GENERALISES_FROM_RESEARCH = re.compile(
    r"\b(?:shows?|proves?|proven|confirms?|demonstrates?)\s+(?:that\s+)?"
    r"(?:(?:our|these|your|the|adult|mesenchymal|umbilical|amniotic)\s+)*"
    r"(?:own\s+)?(?:stem\s+cells|mscs|exosomes)\s+(?:\w+ly\s+)?"
    r"(?:regenerate|regrow|repair|rebuild|heal|reverse|restore|cure)\b",
    re.IGNORECASE,
)
ROW_CELLS_TO_PRICE = 2  # "Single level | One BMAC injection | $6,200": the item, then its price
CAPTION_BLOCKS = frozenset({"paragraph", "text"})
# A caption that is not the quotation's own <cite>: "Facebook advertisement for the clinic",
# "Source: radio ad, 2022", "— TV commercial"
AD_CAPTION = re.compile(
    r"^\W*(?:(?:source|credit|from)\s*:\s*)?(?:(?:a|an|the)\s+)?(?:[\w'\u2019-]+\s+)?"
    r"(?:facebook|instagram|tiktok|youtube|google|online|radio|tv|television|newspaper|print"
    r"|magazine|billboard|mail|direct[- ]mail|web|website|clinic|company|sponsored)"
    r"\s+(?:ads?|advert\w*|commercials?|posts?|mailers?|flyers?)\b",
    re.IGNORECASE,
)
FUTURE = re.compile(
    r"\b(?:one day|someday|some day|in the (?:near )?future|in (?:the )?years to come|"
    r"eventually|in time|a future (?:where|in which)|pav(?:e|es|ed|ing) the way)\b",
    re.IGNORECASE,
)
UNSOLD_CUES = frozenset({"speculation", "research", "attribution", "question", "sarcasm"})
REPORTING_CUES = frozenset({"attribution", "research", "sarcasm", "explanation", "obligation"})
SENTENCE_VETO_CUES_SET = frozenset(SENTENCE_VETO_CUES)
NON_CLAIM_BLOCKS = frozenset({"faq_question"})
SELF_DESCRIPTIONS = frozenset({"meta", "title"})  # what a page says of itself
# a reader's comment or a quoted ad says yes in someone else's voice; a title, a description
# or an image's text answers no question of the page's
NOT_AN_ANSWER_BLOCKS = frozenset({"comment", "quote", "meta", "title", "alt"})
# a business named by its name as the subject: "Rio Grande Spine Center offers…", not "Clinics
# that claim…" or "Some providers say…", which a watchdog's own description says of others
NAMED_SUBJECT = re.compile(
    r"^(?!(?i:clinics?|some|many|most|these|those|other|providers?|doctors?|companies"
    r"|practices|centers?|sellers?|a|an|beware|why|how|what|when|do|does|are|is|can"
    r"|avoid)\b)(?!(?i:the)\s+(?i:clinics?|providers?|doctors?|companies|sellers?)\b)"
    r"(?:(?:[A-Z0-9][\w&'\u2019.-]*|for|of|and|&)\s+)+(?!(?:that|who|which)\b)[a-z]"
)
DECISION_ORDER = (*VIOLATION_LABELS, *CONTEXT_LABELS)
# A treatment cue ("for", "patients with") is a claim only next to a condition, decided later.
CLAIMS_ON_THEIR_OWN = frozenset(VIOLATION_LABELS) - {"treatment_claim"}
# "stem cell injections for back pain", "the use of stem cells for the treatment of sciatica"
NAMED_FOR_CONDITION = frozenset(
    {"treatment-for+condition", "treatment-of+condition", "cell-product-for+condition"}
)
SAID_FOR_CONDITION = NAMED_FOR_CONDITION | {"good-for+condition"}  # "effective for"
ONLY_APPROVED = "only-approved-near"
# Efficacy rules that promise a patient's outcome, not what cells do
OUTCOME_RULES = frozenset(
    {
        "avoid-surgery",
        "you-may-not-need-surgery",
        "pain-free",
        "percent-success",
        "pain-score-fell",
        "results-permanent",
    }
)
LISTED_CONDITIONS = "conditions:"  # the rule a sentence naming 3+ organ systems' diseases gets
# What any therapy can claim; exemption and approval claims name a cell product's regulation
ANY_THERAPY_CLAIMS = (EFFICACY, SAFETY, TREATMENT, BROAD)
FRAGMENT_BLOCKS = frozenset({"heading", "title"})
# Headings, titles, list items and table cells have no voice of their own: "Stem Cells for
# Back Pain" is a claim on a clinic's page and a topic on a news or patient-education page.
# A whole sentence in one ("Our cells regrow discs.", a table-layout page's text) has.
VOICELESS_BLOCKS = FRAGMENT_BLOCKS | {"list_item", "table_cell"}
LISTED_BLOCKS = frozenset({"list_item", "table_cell", "heading"})  # what a heading can list
STATEMENT_WORDS = 3
APPROVED_USES = frozenset({"hematologic"})  # cord-blood transplants for blood disorders
APPROVED_IN_TRANSPLANTS = frozenset({"oncology"})  # "stem cell transplants for cancers"
TRANSPLANTED_USES = APPROVED_USES | APPROVED_IN_TRANSPLANTS
# what the model alone may not count toward a broad indication: the approved use, and looks
NOT_DISEASES = APPROVED_USES | {"aging_skin"}
TRANSPLANT = re.compile(r"\btransplant", re.IGNORECASE)
TRANSPLANT_OR_APPROVAL = re.compile(r"\b(?:transplant|approv)", re.IGNORECASE)
APPROVED_USE = "the approved use: transplants for blood disorders"
# cells no approved transplant uses: "our mesenchymal stem cells are FDA approved for blood
# disorders" claims an approval that no such product has
NEVER_TRANSPLANTED = re.compile(
    r"\b(?:mesenchymal|mscs?|stromal|wharton\w*|exosomes?|amniotic|placental?\b(?! blood)"
    r"|adipose|fat-derived|svf|cord tissue)\b",
    re.IGNORECASE,
)
SAID_OF_APPROVED_USES = (APPROVAL, TREATMENT, BROAD)  # what a use is approved for and treats
CURE_RULE = "cure"
# "Exempt from FDA approval" shares its words with "FDA-approved": when a rule has named
# one of the pair, the bag-of-words model alone may not add the other.
CONFUSABLE_WITH = {"approval_claim": "regulatory_exempt", "regulatory_exempt": "approval_claim"}


@dataclass(frozen=True)
class Thresholds:
    """Model probability needed for a label: with a supporting rule, and on its own."""

    with_rule: dict[str, float]
    model_only: dict[str, float]

    @classmethod
    def default(cls) -> Thresholds:
        return cls(with_rule={}, model_only={})

    def needed(self, label: str, rule_fired: bool) -> float:
        if rule_fired:
            return self.with_rule.get(label, 0.3)
        return self.model_only.get(label, 0.7)


class ClaimClassifier:
    """Rules with ids, a context component, and (when trained) a textcat model, combined.

    A sentence gets a label when an unsuppressed rule fires and the model does not disagree,
    or when the model alone is confident. Every label says what fired it.
    """

    def __init__(
        self,
        nlp: Language,
        model: Language | None = None,
        thresholds: Thresholds | None = None,
        model_meta: dict | None = None,
        scorer: Callable[[list[str]], list[dict[str, float]]] | None = None,
        cache_size: int = 10_000,
    ) -> None:
        self.nlp = nlp
        self.model = model
        self.thresholds = thresholds or Thresholds.default()
        self.model_meta = model_meta or {}
        self.scorer = scorer or (self._score_with_model if model is not None else None)
        self.analyzer = BlockAnalyzer(nlp, cache_size)
        self._score_cache: OrderedDict[str, dict[str, float]] = OrderedDict()
        self.cache_size = cache_size
        self._zone: ExitStack | None = None
        self._zone_documents = 0

    @classmethod
    def load(
        cls,
        model_dir: Path | None = DEFAULT_MODEL_DIR,
        patterns_dir: Path = PATTERNS_DIR,
        cues_dir: Path = CUES_DIR,
    ) -> ClaimClassifier:
        """The rule pipeline plus the trained model in `model_dir` when there is one."""
        with _collector_paused():
            nlp = build_nlp(patterns_dir, cues_dir)
            corpus = [record["text"] for record in read_corpus()]
            warm_tokenizer_cache(nlp, [text.lower() for text in corpus])
            if model_dir is None or not (model_dir / "config.cfg").exists():
                return cls(nlp)
            model = spacy.load(model_dir)
            warm_tokenizer_cache(model, corpus)
        meta_path = model_dir / "clinicwatch.json"
        meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
        thresholds = Thresholds(
            with_rule=meta.get("thresholds", {}).get("with_rule", {}),
            model_only=meta.get("thresholds", {}).get("model_only", {}),
        )
        return cls(nlp, model, thresholds, meta)

    @cached_property
    def version(self) -> str:
        """Taxonomy, rule data and model, in one string stored with every claim."""
        model = self.model_meta.get("version", "none") if self.model else "none"
        return f"taxonomy-{TAXONOMY_VERSION}+rules-{rules_digest()}+model-{model}"

    def classify_text(self, text: str) -> DocumentResult:
        """One text (a line, a paragraph, a document) as one block, read as a line alone."""
        return self.classify_blocks([Block(text=text)])

    def violation_labels(self, sentence: str) -> set[str]:
        result = self.classify_text(sentence)
        return {label for claim in result.claims for label in claim.violations}

    def classify_blocks(self, blocks: Sequence[Block]) -> DocumentResult:
        """Label every sentence of a document; offsets are into each block's text."""
        self._rotate_memory_zone()
        analysed, headings = self._analyse_blocks(blocks)
        sentences = [sentence for _, block_sentences in analysed for sentence in block_sentences]
        scores = self._score_all(sentences)
        about = any(
            _names_stem_cell_therapy(block, sentence)
            for block, block_sentences in analysed
            for sentence in block_sentences
        )
        # A page that never names stem-cell or regenerative therapy (a chiropractor's "proven
        # and safe for back pain") makes no claim any therapy could make of it; one sentence
        # alone has no page to ask
        unrelated = not about and len(blocks) > 1
        reports = _reports_or_explains(analysed)
        markets = about and (
            _markets(analysed, headings)
            or _is_a_product_page(analysed)
            # a news story's secret-shopper table prices what the clinics it reports on sell
            or (
                _prices_stem_cell_treatment(analysed)
                and not (reports and not _speaks_as_a_seller(analysed))
            )
        )
        # a text of one block (a line classified alone) has no page to ask whether it sells:
        # the taxonomy reads a sentence "as it would stand on a clinic's site", so unless it
        # reports, studies or explains, it is read as a seller's words, though nothing shows
        # it sells (the words it quotes or credits to others stay theirs); a page that names
        # the therapy and never reports, studies or explains anyone's words speaks in its own
        # voice too: its "may help you find relief" hedges a claim
        seller_reading = markets or (len(blocks) == 1 and not reports)
        own_voice = seller_reading or (
            about and len(blocks) > 1 and (not reports or _names_its_own_practice(analysed))
        )
        if own_voice:
            analysed = _naming_its_products(analysed)
        card_titles = _card_titles(analysed, headings) if markets else set()
        listed_as_treated = [
            index in card_titles or _heading_offers_treatment(block, headings)
            for index, (block, _) in enumerate(analysed)
        ]
        claims = []
        for index, (block, block_sentences) in enumerate(analysed):
            for sentence in block_sentences:
                claim = self._decide(
                    sentence, block, scores.get(sentence.text), about, markets, seller_reading,
                    listed_as_treated[index], unrelated, own_voice,
                )  # fmt: skip
                if claim is not None:
                    claim.block = index
                    claim.block_kind = block.kind
                    claims.append(claim)
        self._judge_lists(blocks, analysed, claims, about, card_titles, listed_as_treated)
        return DocumentResult(claims=claims, markets_stem_cells=markets)

    def _rotate_memory_zone(self) -> None:
        """Every ZONE_DOCUMENTS documents, the words first seen since leave the vocabularies.

        The web's long tail (names, numbers, typos, URLs) would otherwise grow spaCy's string
        stores by every new word for the life of a crawl. Inside a zone spaCy's tokenizer cache
        is off, and a zone per document would also re-create every word of every page: on the
        classifier bench 18.5 ms a page, 15 ms with zones of 500 documents, 8.6 ms with none.
        Nothing outside this class holds a Doc: results and caches are plain strings.
        """
        if self._zone is not None and self._zone_documents < ZONE_DOCUMENTS:
            self._zone_documents += 1
            return
        if self._zone is not None:
            self._zone.close()
        self._zone = ExitStack()
        self._zone.enter_context(self.nlp.memory_zone())
        if self.model is not None:
            self._zone.enter_context(self.model.memory_zone())
        self._zone_documents = 1

    def _analyse_blocks(self, blocks: Sequence[Block]) -> tuple[Analysed, Headings]:
        """Each block with its sentences, and each heading the blocks sit under with its own."""
        headings = list(
            dict.fromkeys(
                heading for block in blocks for heading in (block.heading, block.section) if heading
            )
        )
        analysed = self.analyzer.analyse([block.text for block in blocks] + headings)
        heading_rules = dict(zip(headings, analysed[len(blocks) :], strict=True))
        result = []
        carried: tuple[tuple[str, str], ...] = ()
        previous_heading = None
        for index, (block, sentences) in enumerate(zip(blocks, analysed, strict=False)):
            if block.heading != previous_heading:
                carried = ()
                previous_heading = block.heading
            inherited = _cues_of(heading_rules.get(block.heading, ())) + carried
            if _credited_to_an_ad(blocks, index):
                inherited += (("attribution", AD_CREDIT),)
            if inherited:
                answers_myths = MYTHS.search(block.heading) is not None
                result.append((block, _inherit(sentences, inherited, answers_myths)))
            else:
                result.append((block, sentences))
            last = sentences[-1] if sentences else None
            if last is not None and last.text.endswith(":") and "attribution" in last.sentence_cues:
                carried = (("attribution", last.sentence_cues["attribution"]),)
            elif block.kind not in ("list_item", "table_cell"):
                carried = ()
        return _affirm_across_blocks(result), heading_rules

    def clear_caches(self) -> None:
        self.analyzer.clear()
        self._score_cache.clear()

    def with_scorer(
        self, scorer: Callable[[list[str]], list[dict[str, float]]], thresholds: Thresholds
    ) -> ClaimClassifier:
        """The same rules with other model scores (cross-validation uses held-out scores)."""
        clone = ClaimClassifier(self.nlp, None, thresholds, self.model_meta, scorer)
        clone.analyzer = self.analyzer
        return clone

    def _score_all(self, sentences: Sequence[SentenceRules]) -> dict[str, dict[str, float]]:
        """Model scores for sentences a rule touched, batched, remembered across pages."""
        if self.scorer is None:
            return {}
        wanted = list(dict.fromkeys(s.text for s in sentences if s.has_rules))
        missing = [text for text in wanted if text not in self._score_cache]
        for text in wanted:
            if text in self._score_cache:
                self._score_cache.move_to_end(text)  # least recently used goes first
        if missing:
            for text, scores in zip(missing, self.scorer(missing), strict=True):
                self._score_cache[text] = scores
            while len(self._score_cache) > self.cache_size:
                self._score_cache.popitem(last=False)
        return {text: self._score_cache[text] for text in wanted}

    def _score_with_model(self, texts: list[str]) -> list[dict[str, float]]:
        assert self.model is not None
        docs = self.model.pipe([text[:MAX_MODEL_CHARS] for text in texts], batch_size=128)
        return [dict(doc.cats) for doc in docs]

    def _decide(
        self,
        sentence: SentenceRules,
        block: Block,
        scores: dict[str, float] | None,
        about: bool,
        markets: bool,
        seller_reading: bool,
        heading_offers_treatment: bool,
        unrelated: bool,
        own_voice: bool,
    ) -> Claim | None:
        """Labels of one sentence. `about`: the document speaks of stem-cell therapy;
        `markets`: it offers it; `seller_reading`: it offers it, or is one block that does
        not itself report, study or explain, read as it would stand on a clinic's site (which
        the model alone, a recovery story and a list of diseases need before they claim);
        `unrelated`: a document of several blocks that never names it; `own_voice`: its words
        are read as a seller's, or it names the therapy without reporting, studying or
        explaining anyone's words."""
        if not sentence.has_rules and not sentence.sentence_cues and scores is None:
            if not about:
                return None  # nothing matched, nothing to say about this sentence
            return Claim(sentence.text, sentence.start, sentence.end, [STEM],
                         ["document:stem_cell_therapy"], 0.0)  # fmt: skip
        suppressed = dict(sentence.suppressed)
        fired = self._rule_labels(
            sentence, block, about, markets, seller_reading, heading_offers_treatment,
            suppressed, own_voice,
        )  # fmt: skip
        if unrelated:
            reason = "a page that never names stem-cell therapy"
            _drop_violations(fired, suppressed, reason, ANY_THERAPY_CLAIMS)
        elif STEM not in sentence.fired and _said_of_platelets(sentence.text):
            # "PRP may reduce pain from sacroiliac joint dysfunction" on a clinic's PRP page:
            # a claim of platelet-rich plasma alone, which the taxonomy leaves out
            _drop_violations(fired, suppressed, PRP_ALONE)
            suppressed.setdefault("sentence", PRP_ALONE)
        elif TRIAL_TITLE.match(sentence.text):
            _drop_violations(fired, suppressed, A_TRIALS_TITLE)
            suppressed.setdefault("sentence", A_TRIALS_TITLE)
        elif STEM not in sentence.fired and _said_of_another_therapy(sentence.text):
            # "Radiofrequency ablation can provide months of relief" on a practice that also
            # offers stem cells: a claim of another treatment, which the taxonomy leaves out
            # ("Botox is FDA approved for frown lines": its approval too)
            _drop_violations(
                fired, suppressed, ANOTHER_THERAPY_ALONE, (*ANY_THERAPY_CLAIMS, APPROVAL)
            )
            suppressed.setdefault("sentence", ANOTHER_THERAPY_ALONE)
        if (
            any(label in fired for label in CLAIMS_ONLY_WHEN_OFFERED)
            and not (markets or sentence.offers)
            and not SELF_SUBJECT.match(sentence.text)
        ):
            for label, rules in CLAIMS_ONLY_WHEN_OFFERED.items():
                _drop_rules(fired, suppressed, label, rules, "no treatment offered")
        approved_use = _names_only_approved_uses(sentence)
        if approved_use:
            # what it is approved for and treats; "the rejuvenating effect of stem cells was
            # first noted in blood diseases" still claims an effect of its own
            _drop_violations(fired, suppressed, APPROVED_USE, SAID_OF_APPROVED_USES)
            if fired.get(EFFICACY) == [CURE_RULE]:  # "patients were cured of leukaemia"
                _drop_violations(fired, suppressed, APPROVED_USE, (EFFICACY,))
        if any(label in fired for label in VIOLATION_LABELS) and _is_a_tag_list(sentence.text):
            _drop_violations(fired, suppressed, "a list of tags")
        if block.kind in VOICELESS_BLOCKS and not markets and not _is_statement(sentence.text):
            _drop_violations(fired, suppressed, "fragment of a page that sells nothing")
        if block.kind == "comment" and not markets:
            _drop_violations(fired, suppressed, "a reader's comment on a page that sells nothing")
        if (TREATMENT in fired or BROAD in fired) and NOT_A_CANDIDATE.search(sentence.text):
            _drop_violations(fired, suppressed, "who is not treated", (TREATMENT, BROAD))
        if block.kind in LISTED_BLOCKS and NOT_TREATED.search(block.heading):
            _drop_violations(fired, suppressed, "listed as not treated")
            suppressed.setdefault("sentence", f"listed under '{block.heading[:60]}'")
        labels: list[str] = []
        rules: list[str] = []
        label_scores: dict[str, float] = {}
        for label in DECISION_ORDER:
            probability = scores.get(label) if scores is not None else None
            rule_fired = label in fired
            if probability is None:
                accepted = rule_fired
            else:
                accepted = probability >= self.thresholds.needed(label, rule_fired)
            if not accepted:
                continue
            if not rule_fired and self._model_alone_may_not(
                label, sentence, fired, suppressed, seller_reading, approved_use
            ):
                continue
            labels.append(label)
            rules.extend(rule for rule in fired.get(label, ()) if rule not in rules)
            if probability is not None:
                label_scores[label] = round(probability, 4)
                if not rule_fired:
                    rules.append(f"model:textcat {probability:.2f}")
        if STEM not in labels and about:
            labels.append(STEM)
            rules.append("document:stem_cell_therapy")
        if not labels and not suppressed:
            return None
        violations = [label for label in labels if label in VIOLATION_LABELS]
        if violations and label_scores:
            score = max(label_scores.get(label, 0.0) for label in violations)
        else:
            score = 1.0 if violations else 0.0
        return Claim(
            text=sentence.text,
            start=sentence.start,
            end=sentence.end,
            labels=sort_labels(labels),
            rules=rules,
            score=score,
            matches=[m for m in sentence.matches if m.label in labels],
            suppressed=suppressed,
            label_scores=label_scores,
        )

    @staticmethod
    def _model_alone_may_not(
        label: str,
        sentence: SentenceRules,
        fired: dict[str, list[str]],
        suppressed: dict[str, str],
        seller_reading: bool,
        approved_use: bool,
    ) -> bool:
        """Whether the model's probability alone may not give a sentence this label."""
        if label in VIOLATION_LABELS and (label in suppressed or "sentence" in suppressed):
            return True
        if label in SAID_OF_APPROVED_USES and approved_use:
            return True
        if label in VIOLATION_LABELS and not seller_reading:
            return True  # the model alone speaks only of a seller's words
        if CONFUSABLE_WITH.get(label) in fired:
            return True
        if (
            label == APPROVAL
            and ETHICS_REVIEW in fired.get(TRIAL, ())
            and STUDY_WORDS.search(sentence.text)
        ):
            return True  # "the trial was approved by the ethics committee": the study's approval
        if label == BROAD and len(set(sentence.conditions.values()) - NOT_DISEASES) < 2:
            return True  # "back pain, knee pain, hair loss and anti-aging": one kind of disease
        if label != TREATMENT:
            return False
        if "etiology" in sentence.sentence_cues:
            return True  # "disc degeneration is a common cause of back pain" names no treatment
        # "I had a bulging disc for 8 years": a patient's history, no treatment; an item or a
        # card title ("ALS") is no statement
        return _is_statement(sentence.text) and not _names_a_treatment(sentence)

    def _rule_labels(
        self,
        sentence: SentenceRules,
        block: Block,
        about: bool,
        markets: bool,
        seller_reading: bool,
        heading_offers_treatment: bool,
        suppressed: dict[str, str],
        own_voice: bool,
    ) -> dict[str, list[str]]:
        """Labels the rules give a sentence, composite rules included; reasons go to suppressed.

        Research cited as evidence ("studies show our injections regrow discs") is a claim on a
        page that sells stem-cell therapy, and research anywhere else."""
        fired = {label: list(rules) for label, rules in sentence.fired.items()}
        cues = sentence.sentence_cues
        # "Rio Grande Spine Center offers…" in the page's own description or title: the
        # seller naming itself, not a report of what a clinic offers
        self_described = (
            markets
            and block.kind in SELF_DESCRIPTIONS
            and f"attributed:{cues.get('attribution')}" in SAID_BY_A_BUSINESS
            and NAMED_SUBJECT.match(sentence.text) is not None
        )
        if markets:
            _adopt(sentence.quoted, SCARE_QUOTES, fired, suppressed)
            _adopt(sentence.said_by_regulators, SAID_BY_REGULATORS, fired, suppressed)
        if self_described:
            _adopt(
                sentence.said_by_a_business, f"attributed:{cues['attribution']}", fired, suppressed
            )
        # "Can stem cells fix a herniated disc without surgery? In many cases, yes": asked and
        # answered by the seller
        affirmed = sentence.affirmed and (markets or sentence.affirmed_by_seller)
        if affirmed:
            _adopt(sentence.asked, QUESTION, fired, suppressed)
        endorsed = ("attribution" in cues or "speculation" in cues) and (
            ENDORSED.search(sentence.text) is not None  # "…, and it was true"
        )
        own_words = (
            endorsed
            or self_described
            or ("attribution" in cues and SELLER_QUOTED.search(sentence.text) is not None)
        )
        vetoed = next(
            (
                cues[kind]
                for kind in SENTENCE_VETO_CUES
                if kind in cues
                and not (kind == "attribution" and own_words)
                and not (kind == QUESTION and affirmed)
            ),
            None,
        )
        if block.kind in NON_CLAIM_BLOCKS:
            vetoed = vetoed or "faq-question"
        if vetoed:
            suppressed["sentence"] = vetoed
            fired.pop(TREATMENT, None)
            return fired
        self._compose_treatment(sentence, block, fired, about, heading_offers_treatment)
        if seller_reading:
            _compose_recovery_story(sentence, fired)
        self._compose_broad(sentence, fired, seller_reading)
        _drop_outcomes_in_names(sentence, block, fired, suppressed)
        treatment = fired.get(TREATMENT, ())
        disclaimed = DISCLAIMER in fired and (
            ONLY_APPROVED in fired[DISCLAIMER]  # "the only approved ones treat blood cancers"
            # "no stem cell product has been approved by the FDA to treat back pain"
            or _treats_only_in_the_approval(sentence, treatment)
            or all(
                rule in SAID_FOR_CONDITION or rule.startswith(LISTED_CONDITIONS)
                for rule in treatment
            )
        )
        named_only = NAMED_FOR_CONDITION.issuperset(treatment) and not own_voice
        if treatment and (disclaimed or named_only):
            # "injections for back pain are not FDA approved", "not recommended for back pain",
            # "I get asked about stem cells for back pain", "the FDA has not approved any stem
            # cell product for orthopedic, neurological or lung disease": named, not offered
            named = (TREATMENT, BROAD) if disclaimed else (TREATMENT,)
            _drop_violations(fired, suppressed, "named, not offered", named)
        taken_back = _what_it_says_of_its_claim(sentence)
        if taken_back:
            # "using stem cells to repair knees is unproven": the claim is the sentence's
            # subject, and what the sentence says of it is that it is unproven
            _drop_violations(fired, suppressed, taken_back, RESEARCH_EXCUSES)
        if (
            "speculation" in cues
            and not endorsed  # "told me they would regrow my discs, and he was right"
            and (not own_voice or FUTURE.search(sentence.text))
        ):
            # "could give new hope to patients with back pain", "MSCs may offer…": a news
            # story, review or patient guide speculating; hedged, a seller's words still claim,
            # and so do a page's that speaks of the therapy only in its own voice, unless it
            # looks to the future ("could one day regrow discs")
            reason = f"speculation:{cues['speculation']}"
            _drop_violations(fired, suppressed, reason, RESEARCH_EXCUSES)
        outcome = OUTCOME_RULES.intersection(fired.get(EFFICACY, ()))
        therapy = sentence.offers or (markets and NAMES_THERAPY.search(sentence.text))
        if "biology" in cues and not therapy and not outcome:
            # "stem cells replenish dying cells throughout life": what the body's own cells do,
            # not what a treatment does (a seller's "injections enhance the body's natural
            # ability to repair"); a patient's outcome ("no need for a fusion") is no biology,
            # whatever "repair system" it credits
            _drop_violations(fired, suppressed, f"biology:{cues['biology']}", (EFFICACY,))
        generalises = cues.get("research") in EVIDENCE_CUES and GENERALISES_FROM_RESEARCH.search(
            sentence.text
        )
        if describes_research(cues) and not (
            (markets and cues["research"] in EVIDENCE_CUES) or generalises
        ):
            evidence = cues["research"] in EVIDENCE_CUES
            excused = RESEARCH_EXCUSES if evidence else (TREATMENT, BROAD)
            _drop_violations(fired, suppressed, f"research:{cues['research']}", excused)
        return fired

    @staticmethod
    def _compose_treatment(
        sentence: SentenceRules,
        block: Block,
        fired: dict[str, list[str]],
        about: bool,
        heading_offers_treatment: bool,
    ) -> None:
        """A treatment cue next to a named condition, said of the offered stem-cell therapy.

        Without a stem-cell word in the sentence itself, the sentence must speak of the offered
        treatment ("this procedure", "our injections", "we treat") or be a heading or list item
        of a page about stem-cell therapy. Only cues `fired` holds compose: one set in
        quotation marks ('trial to "cure" autism') is there only where the page sells.
        """
        cues = set(fired.pop(TREATMENT, ()))
        speaks_of_offer = (
            sentence.offers or heading_offers_treatment or block.kind in FRAGMENT_BLOCKS
        )
        if STEM not in fired and not (about and speaks_of_offer):
            return
        conditions = _treatable_conditions(sentence)
        if not conditions:
            if _answers_with_the_treatment(sentence, fired):
                fired[TREATMENT] = [ANSWERS_A_QUESTION]
            return
        if not cues and block.kind in TITLE_BLOCKS and _a_clinic_titled_with_conditions(sentence):
            fired[TREATMENT] = [CLINIC_TITLED_WITH_CONDITIONS]
            return
        rules = []
        if heading_offers_treatment:
            rules.append("listed-under-treatment-heading+condition")
        fronted = FRONTED_CONDITION_CLAUSE.match(sentence.text)
        fronted_end = fronted.end() if fronted else 0
        # the main clause the opening clause leads into ends at a semicolon
        main_end = sentence.text.find(";", fronted_end)
        if main_end < 0:
            main_end = len(sentence.text)
        for cue in (m for m in sentence.matches if m.label == TREATMENT and m.rule in cues):
            if any(
                (_gap(cue, condition) <= TREATMENT_REACH and cue.rule not in FRONTED_ONLY)
                or condition.end <= fronted_end <= cue.start < main_end
                for condition in conditions
            ):
                rule = f"{cue.rule}+condition"
                if rule not in rules:
                    rules.append(rule)
        if rules:
            fired[TREATMENT] = rules

    @staticmethod
    def _compose_broad(
        sentence: SentenceRules, fired: dict[str, list[str]], seller_reading: bool
    ) -> None:
        """Three or more unrelated diseases, in a sentence naming stem cells or read as a
        seller's words: a trial registry's "Conditions:" field or a letter's list offers
        nothing."""
        systems = set(sentence.conditions.values()) - APPROVED_USES
        if BROAD in fired and not (STEM in fired or seller_reading):
            fired.pop(BROAD)
        if len(systems) >= MIN_BROAD_SYSTEMS and (STEM in fired or seller_reading):
            fired.setdefault(BROAD, []).append(f"{LISTED_CONDITIONS}{len(systems)}-systems")
            fired.setdefault(TREATMENT, []).append(f"{LISTED_CONDITIONS}{len(systems)}-systems")

    @staticmethod
    def _judge_lists(
        blocks: Sequence[Block],
        analysed: Analysed,
        claims: list[Claim],
        about: bool,
        card_titles: set[int],
        listed_as_treated: list[bool],
    ) -> None:
        """broad_indication judged over a list: the list items, table cells or card titles
        under one heading naming 3+ organ systems, however many lists they are set in (a tab
        per specialty, a grid of cells)."""
        if not about:
            return
        lists: dict[str, list[int]] = {}
        for index, block in enumerate(blocks):
            if (
                block.kind == "table_cell"
                or (block.kind == "list_item" and block.list_id is not None)
                or index in card_titles
            ):
                lists.setdefault(block.heading, []).append(index)
        for indexes in lists.values():
            systems = {
                system
                for index in indexes
                for sentence in analysed[index][1]
                for system in sentence.conditions.values()
            } - APPROVED_USES
            offered = listed_as_treated[indexes[0]] or any(
                TREATMENT in claim.labels for claim in claims if claim.block in indexes
            )
            if len(systems) < MIN_BROAD_SYSTEMS or not offered:
                continue
            rule = f"condition-list:{len(systems)}-systems"
            for claim in claims:
                listed = claim.block in indexes and not {BROAD, "sentence"} & set(claim.suppressed)
                if listed and BROAD not in claim.labels:
                    claim.labels = sort_labels([*claim.labels, BROAD, TREATMENT])
                    claim.rules.append(rule)


def _markets(analysed: Analysed, headings: Headings) -> bool:
    """Whether the page sells stem-cell therapy: in a sentence of its own, or in a heading
    its blocks sit under ("Conditions we treat with stem cells")."""
    topics = _stem_cell_topics(analysed, headings)
    if any(
        _sells_stem_cells(sentence, topic)
        for (block, sentences), topic in zip(analysed, topics, strict=True)
        # a reader's "best money I ever spent" sells nothing, and a news story's blockquoted
        # ad is the advertiser's, not the page's
        if block.kind not in ("comment", "quote")
        for sentence in sentences
    ):
        return True
    if any(
        _sells_stem_cells(sentence, False)
        for sentences in headings.values()
        for sentence in sentences
    ):
        return True
    return _names_itself_as_the_seller(analysed)


def _names_itself_as_the_seller(analysed: Analysed) -> bool:
    """A seller that speaks of itself by name ("Antigua's first cell therapy center offers…")
    and elsewhere as "we": its own page, when nothing on it reports anyone else's words,
    describes research or explains a rule; a news story names the clinic without a "we"."""
    sentences = [sentence for _, block_sentences in analysed for sentence in block_sentences]
    said_by_a_business = [
        sentence
        for sentence in sentences
        if f"attributed:{sentence.sentence_cues.get('attribution')}" in SAID_BY_A_BUSINESS
    ]
    if not any(STEM in sentence.fired for sentence in said_by_a_business):
        return False
    if not _speaks_as_a_seller(analysed):
        return False
    named = {id(sentence) for sentence in said_by_a_business}
    return not any(
        not (REPORTING_CUES - {"attribution"}).isdisjoint(sentence.sentence_cues)
        or ("attribution" in sentence.sentence_cues and id(sentence) not in named)
        for sentence in sentences
    )


def _compose_recovery_story(sentence: SentenceRules, fired: dict[str, list[str]]) -> None:
    """A patient's story of getting over a named condition ("had stenosis so bad she couldn't
    cook; now she walks the mall again"), read as a seller's words: the treatment
    claimed through the patient, and a surgery the patient called off is one avoided. A story
    of no change, of relief that wore off or of another treatment's relief claims nothing, and
    a news story's patient is reported."""
    text = sentence.text
    if TESTIMONIAL not in fired or NOT_RECOVERED.search(text):
        return
    if STEM not in fired and OTHER_CARE.search(text) and not CREDITS_THE_CELLS.search(text):
        return  # "after six weeks of physical therapy I'm back to gardening again"
    if AVOIDED_SURGERY in fired[TESTIMONIAL] and SURGERY.search(text) and EFFICACY not in fired:
        fired[EFFICACY] = [AVOIDED_SURGERY_STORY]
    if TREATMENT not in fired and RECOVERED.search(text) and _treatable_conditions(sentence):
        fired[TREATMENT] = [RECOVERY_STORY]


def _naming_its_products(analysed: Analysed) -> Analysed:
    """A page's blocks in its own voice, each sentence naming its product read as naming the
    offer."""
    product = product_pattern(sentence for _, sentences in analysed for sentence in sentences)
    if product is None:
        return analysed
    return [
        (block, naming_the_product(sentences, product) or sentences)
        for block, sentences in analysed
    ]


def _is_a_product_page(analysed: Analysed) -> bool:
    """A shop's product page: a price, a button to buy, and a description that names stem
    cells as a matter of fact, as an exosome vial's has. It sells what it names, whatever "for
    research use only" it adds; a book or a paywalled article about stem cells speculates or
    reports research where it names them."""
    if not any(BUY_BUTTON.match(block.text) for block, _ in analysed) or not any(
        PRICE.match(block.text) for block, _ in analysed
    ):
        return False
    return any(
        STEM in sentence.fired and not UNSOLD_CUES & set(sentence.sentence_cues)
        for block, sentences in analysed
        if block.kind not in ("heading", "title")
        for sentence in sentences
    )


def _prices_stem_cell_treatment(analysed: Analysed) -> bool:
    """A menu or price list with a stem-cell item and its price, on one line ("Stem Cell Disc
    Injection $4,800") or in the next cells of its table row: a seller's, as a news story's
    "clinics charged up to $5,000 for stem cell shots" is a sentence, not an item."""
    for index, (block, sentences) in enumerate(analysed):
        if not any(
            STEM in sentence.fired and not UNSOLD_CUES & set(sentence.sentence_cues)
            for sentence in sentences
        ):
            continue
        if len(block.text) <= PRICED_ITEM_CHARS and PRICED_ITEM.match(block.text):
            return True
        if block.kind == "table_cell" and any(
            cell.kind == "table_cell" and PRICE.match(cell.text)
            for cell, _ in analysed[index + 1 : index + 1 + ROW_CELLS_TO_PRICE]
        ):
            return True
    return False


def _reports_or_explains(analysed: Analysed) -> bool:
    """Whether a sentence of the document reports someone's words, describes research, mocks,
    or explains a rule: what news, reviews, trial pages and regulators' guides do somewhere."""
    return any(
        not REPORTING_CUES.isdisjoint(sentence.sentence_cues)
        for _, sentences in analysed
        for sentence in sentences
    )


def _names_its_own_practice(analysed: Analysed) -> bool:
    """Whether the page speaks of "our clinic", "our spine program" or "our physicians" as a
    business does: a practice's page, whatever research it cites, hedges its own offer."""
    return any(
        "marketer" in sentence.sentence_cues and OUR_PRACTICE.search(sentence.text) is not None
        for block, sentences in analysed
        if block.kind not in ("comment", "quote")
        for sentence in sentences
    )


def _speaks_as_a_seller(analysed: Analysed) -> bool:
    """Whether a sentence of the document says "we" or "our" as a business does."""
    return any(
        "marketer" in sentence.sentence_cues for _, sentences in analysed for sentence in sentences
    )


def _stem_cell_topics(analysed: Analysed, headings: Headings) -> list[bool]:
    """Whether each block sits under a heading, or answers a question, that names stem-cell
    therapy: "Our treatment is exempt from FDA approval" answers "Is stem cell therapy FDA
    approved?" in its own voice, naming it only through the question."""
    topics = []
    question = False
    for block, sentences in analysed:
        if block.kind in ("faq_question", "heading"):
            question = block.kind == "faq_question" and _names_stem_cells(sentences)
        topics.append(_names_stem_cells(headings.get(block.heading, ())) or question)
    return topics


def _heading_offers_treatment(block: Block, headings: Headings) -> bool:
    """A list under "Conditions we treat", or under a label such as "Spine" that sub-divides
    it, names conditions the clinic treats."""
    if block.kind not in ("list_item", "table_cell"):
        return False
    if _treats(headings, block.heading):
        return True
    return (
        block.kind == "list_item"
        and _is_label(block.heading, GROUP_WORDS)
        and block.heading.split()[0].lower() not in QUESTION_WORDS  # "How it works": steps
        and not NOT_TREATED.search(block.heading)  # "Contraindications", "Who should not…"
        and _is_label(block.text, ITEM_WORDS)
        and _treats(headings, block.section)
    )


def _card_titles(analysed: Analysed, headings: Headings) -> set[int]:
    """The headings that name one of what the heading above them lists: a card grid's titles
    ("Degenerative Disc Disease", "COPD") under "Conditions we treat". Not a group label such
    as "Spine" with a list of its own, nor a heading that names no condition ("Pricing")."""
    group_labels = {block.heading for block, _ in analysed if block.kind in LISTED_BLOCKS}
    return {
        index
        for index, (block, sentences) in enumerate(analysed)
        if block.kind == "heading"
        and block.heading
        and block.text not in group_labels
        and _is_label(block.text, ITEM_WORDS)
        and block.text.split()[0].lower() not in QUESTION_WORDS
        and not NOT_TREATED.search(block.heading)
        and any(s.conditions or _names_back_pain(s) for s in sentences)
        and _treats(headings, block.heading)
    }


def _names_back_pain(sentence: SentenceRules) -> bool:
    """A back condition, not the reader's body part ("Sleep and your spine", "Desk posture and
    your lower back"); "Lower Back" and "Failed Spine Surgery" on a card still name one."""
    return any(
        match.label == BACK and not sentence.text[: match.start].rstrip().lower().endswith(READERS)
        for match in sentence.matches
    )


def _treats(headings: Headings, heading: str) -> bool:
    """Whether a heading says what it lists is treated ("Conditions we treat")."""
    return any(TREATMENT in sentence.fired for sentence in headings.get(heading, ()))


def _is_label(text: str, most_words: int) -> bool:
    """A few words that name a thing ("Spine", "Degenerative disc disease"), not a sentence."""
    words = text.split()
    return 0 < len(words) <= most_words and not text.rstrip().endswith(("?", ".", "!", ":"))


def _names_a_service(match: Match, text: str) -> bool:
    """ "Spinal procedure", "spine surgeon", "spine center": the body part names a service or a
    trade, not a condition treated; so does a name before a title's separator ("Red Rock
    Cellular Spine | Stem Cell Therapy")."""
    following = text[match.end :].split(maxsplit=1)
    if match.rule == BARE_SPINE and following and following[0] in TITLE_SEPARATORS:
        name = re.split(r"\s[|\u2013\u2014:\u00b7\u2022-]\s", text[: match.end])[-1].split()
        return all(name_word(word) for word in name)  # not "…for the Spine", "…For Your Spine"
    if _word_after(match, text) in SERVICE_NOUNS:
        return True
    return match.rule in BODY_PARTS and _in_a_service_name(match, text)


def _in_a_service_name(match: Match, text: str) -> bool:
    """A capitalised body part a few capitalised words before a service noun is part of a
    clinic's name ("Pacific Disc Renewal Center - stem cell therapy"), not a condition."""
    word = text[match.start : match.end]
    if not word[:1].isupper() or " " in word:
        return False
    for following in text[match.end :].split()[: NAME_WORDS_BEFORE_SERVICE + 1]:
        following = following.strip(".,;:!?)")
        if following.lower() in ORGANISATION_NOUNS:
            return True
        if not (following == "&" or following.isalpha()) or not name_word(following):
            return False  # "Regenerate Your Discs Without Surgery", "… Discs At Our Clinic"
    return False


def _adopt(
    words: dict[str, list[str]],
    reason: str,
    fired: dict[str, list[str]],
    suppressed: dict[str, str],
) -> None:
    """On a page that sells, words its sentences set apart are the seller's own: a claim in
    quotation marks is emphasis ('get "permanent relief" today'), and a regulatory status put
    in the FDA's mouth ("the FDA has ruled our tissue a 361 product") is the seller's claim."""
    for label, rules in words.items():
        fired.setdefault(label, []).extend(rule for rule in rules if rule not in fired[label])
        if suppressed.get(label, "").endswith(f"({reason})"):
            del suppressed[label]


def _drop_outcomes_in_names(
    sentence: SentenceRules,
    block: Block,
    fired: dict[str, list[str]],
    suppressed: dict[str, str],
) -> None:
    """Outcome words that are part of a clinic's name ("Home | Blue Ridge Spine
    Regeneration", "© 2024 Blue Ridge Spine Regeneration", a logo's "Cumberland Spine
    Renewal") promise nothing of their own."""
    rules = fired.get(EFFICACY)
    if not rules:
        return
    if block.kind == "alt" and is_an_outcome_name(sentence.text):
        named = rules
    else:
        named = [rule for rule in rules if _matched_only_in_names(sentence, rule)]
    if not named:
        return
    kept = [rule for rule in rules if rule not in named]
    if kept:
        fired[EFFICACY] = kept
        return
    _drop_violations(fired, suppressed, "part of a name", (EFFICACY,))


def _matched_only_in_names(sentence: SentenceRules, rule: str) -> bool:
    matches = [m for m in sentence.matches if m.label == EFFICACY and m.rule == rule]
    return bool(matches) and all(in_a_name(match, sentence.text) for match in matches)


def _said_of_platelets(text: str) -> bool:
    """Whether platelet-rich plasma is what the sentence speaks of, not what it sets apart
    ("unlike PRP, our injections…")."""
    mention = PLATELETS.search(text)
    if mention is None or BIOLOGICS.search(text):  # "bone marrow and PRP": not PRP alone
        return False
    return not SET_APART.search(text, 0, mention.start())


def _said_of_another_therapy(text: str) -> bool:
    """Whether the sentence opens with another treatment, or credits one, and never comes back
    to the offered one (its cells, injection or procedure) or to a biologic. Asked of every
    sentence without stem-cell words, so the unanchored pattern is tried only where its
    leading words stand in the sentence."""
    subject = ANOTHER_THERAPY_SUBJECT.search(text)
    if subject is not None:
        return not BACK_TO_THE_TREATMENT.search(text, subject.end()) and not BIOLOGICS.search(text)
    folded = text.casefold()
    if not any(word in folded for word in CREDITING_WORDS):
        return False
    credited = ANOTHER_THERAPY_CREDITED.search(text)
    return (
        credited is not None
        and not BACK_TO_THE_TREATMENT.search(text, 0, credited.start())
        and not BACK_TO_THE_TREATMENT.search(text, credited.end())
        and not SET_AGAINST.search(text)
        and not BIOLOGICS.search(text)
    )


def _drop_rules(
    fired: dict[str, list[str]],
    suppressed: dict[str, str],
    label: str,
    rules: frozenset[str],
    reason: str,
) -> None:
    """Take `rules` off one label; the label goes too when no other rule gave it."""
    given = fired.get(label, [])
    kept = [rule for rule in given if rule not in rules]
    if len(kept) == len(given):
        return
    if kept:
        fired[label] = kept
    else:
        _drop_violations(fired, suppressed, reason, (label,))


def _drop_violations(
    fired: dict[str, list[str]],
    suppressed: dict[str, str],
    reason: str,
    labels: Iterable[str] = VIOLATION_LABELS,
) -> None:
    """Take `labels` off the fired rules, recording why each was suppressed."""
    for label in labels:
        rules = fired.pop(label, None)
        if rules:
            suppressed.setdefault(label, f"{rules[0]} ({reason})")


def _is_statement(text: str) -> bool:
    """A whole sentence: a few words ending in a full stop or an exclamation mark."""
    return len(text.split()) >= STATEMENT_WORDS and text.rstrip(CLOSING_MARKS).endswith((".", "!"))


def _names_stem_cells(sentences: Sequence[SentenceRules]) -> bool:
    return any(STEM in sentence.fired for sentence in sentences)


def _sells_stem_cells(sentence: SentenceRules, topic: bool) -> bool:
    """A sentence that sells or promises stem-cell therapy in its own voice, naming it itself
    or through the `topic` (heading, question) it sits under.

    Reported speech, questions, mockery and research described as research do not sell: a
    news story, a trial's recruitment page or an FDA warning speaks of stem cells without
    offering them.
    """
    if _declines_stem_cells(sentence):
        return False
    if _names_only_approved_uses(sentence):
        return False
    if (
        STEM not in sentence.fired
        and not BACK_TO_THE_TREATMENT.search(sentence.text)
        and (_said_of_platelets(sentence.text) or _said_of_another_therapy(sentence.text))
    ):
        return False  # PRP's or prolotherapy's claim under a "Regenerative Medicine" heading
    cues = sentence.sentence_cues
    # "our patients say about their stem cell treatments": an offer in the seller's own voice
    sells = sentence.sells or (sentence.offers and "marketer" in cues)
    # "Conditions we treat", on a page about stem-cell therapy, names what the seller treats
    treats = sells and CONDITIONS_WE_TREAT in sentence.fired.get(TREATMENT, ())
    if not _speaks_of_stem_cells(sentence, topic or treats) or describes_research(cues):
        return False
    if SITE_NOTICE.search(sentence.text):
        return False  # asked last: few sentences get this far
    if sells:
        return True
    # "stem cells could aid by replacing damaged tissue": a review or a patient guide
    # speculates; a seller's page offers the treatment somewhere without a "could"
    return "speculation" not in cues and any(
        label in CLAIMS_ON_THEIR_OWN
        and not CLAIMS_ONLY_WHEN_OFFERED.get(label, frozenset()).issuperset(rules)
        for label, rules in sentence.fired.items()
    )


def _what_it_says_of_its_claim(sentence: SentenceRules) -> str | None:
    """Why a sentence whose claim is its subject takes it back at its end, a because/since
    reason after it aside: the claim is said to be unproven, not allowed, or short of evidence.
    Asked only of sentences whose last words could end so (the patterns read the whole
    sentence, and most sentences end otherwise)."""
    text = sentence.text
    folded = text.casefold()
    if "because" in folded or "since" in folded:
        text = REASON_TAIL.sub("", text)
    words = set(TAKEN_BACK_WORDS.findall(text[-UNPROVEN_TAIL_CHARS:].lower()))
    if not words:
        return None
    if not words.isdisjoint(UNPROVEN_WORDS) and UNPROVEN_SUBJECT.search(text):
        return "said to be unproven"
    if not words.isdisjoint(UNKNOWN_WORDS) and UNKNOWN_SUBJECT.search(text):
        return "said to be unknown"
    if (
        not words.isdisjoint(NOT_ALLOWED_WORDS)
        and "marketer" not in sentence.sentence_cues
        and NOT_ALLOWED_END.search(text)
    ):
        return "said not to be allowed"
    if not words.isdisjoint(SHORT_WORDS) and EVIDENCE_FALLS_SHORT.search(text):
        return "said to lack evidence"
    return None


def _names_stem_cell_therapy(block: Block, sentence: SentenceRules) -> bool:
    """Whether a sentence names stem-cell or regenerative therapy. A practice's name, "Desert
    Ridge Spine & Regenerative Medicine" in the footer or at the end of the title, is on every
    page, a physical therapy page too: it names no therapy the page speaks of."""
    if STEM not in sentence.fired or _declines_stem_cells(sentence):
        return False
    if _names_only_approved_uses(sentence):
        return False
    bare_name = block.kind in NAME_BLOCKS and is_a_bare_name(block.text)
    if block.kind not in ("footer", "title") and not bare_name:
        return True
    return any(
        not names_the_practice(match, sentence.text, block.kind)
        for match in sentence.matches
        if match.label == STEM
    )


def _unapproved_conditions(sentence: SentenceRules) -> list[Match]:
    """The conditions a sentence names other than the approved use: transplants for blood
    disorders ("blood cancers" is one, whatever "cancers" alone would name), and in a sentence
    about transplants, for cancers too. Cells that no approved transplant uses have none."""
    conditions = [m for m in sentence.matches if m.label == CONDITION]
    if not any(m.rule.split(".", 1)[-1] in TRANSPLANTED_USES for m in conditions):
        return conditions  # most sentences: no approved use named, nothing to set apart
    declined = NEGATED_OFFER.search(sentence.text)  # "…; we do not offer mesenchymal cells"
    offered = sentence.text[: declined.start()] if declined else sentence.text
    if NEVER_TRANSPLANTED.search(offered):
        uses: frozenset[str] = frozenset()
    elif TRANSPLANT.search(sentence.text):
        uses = TRANSPLANTED_USES
    else:
        uses = APPROVED_USES
    approved = [m for m in conditions if m.rule.split(".", 1)[-1] in uses]
    return [
        m for m in conditions if not any(a.start <= m.start and m.end <= a.end for a in approved)
    ]


def _answers_with_the_treatment(sentence: SentenceRules, fired: dict[str, list[str]]) -> bool:
    """Whether a sentence answering a question about back pain offers stem cells for it: "Stem
    cell injections can help.", "Our clinic now offers stem cell injections!"; not a referral
    to a trial, a webinar on research, or an approved use."""
    return (
        sentence.answers_a_question
        and STEM in fired
        and TRIAL not in fired
        and "research" not in sentence.sentence_cues
        and APPROVED_USES.isdisjoint(sentence.conditions.values())
        and (
            ANSWER.search(sentence.text) is not None
            or (sentence.offers and OFFERED_TREATMENT.search(sentence.text) is not None)
        )
    )


def _a_clinic_titled_with_conditions(sentence: SentenceRules) -> bool:
    """Whether the sentence is a title of two short parts: a stem-cell clinic's name (one that
    ends in Center, Clinic, Institute…) and the back conditions it takes on."""
    separators = list(TITLE_SEPARATOR.finditer(sentence.text))
    if len(separators) != 1:
        return False
    cut = separators[0]
    parts = [(0, cut.start()), (cut.end(), len(sentence.text))]
    if any(len(sentence.text[start:end].split()) > MAX_TITLE_PART_WORDS for start, end in parts):
        return False
    for name, other in (parts, parts[::-1]):
        in_name = _labels_between(sentence, *name)
        if (
            ORGANISATION_NOUNS.intersection(sentence.text[slice(*name)].lower().split())
            and STEM in in_name
            and BACK not in in_name
            and BACK in _labels_between(sentence, *other)
        ):
            return True
    return False


def _labels_between(sentence: SentenceRules, start: int, end: int) -> set[str]:
    return {m.label for m in sentence.matches if start <= m.start and m.end <= end}


def _treatable_conditions(sentence: SentenceRules) -> list[Match]:
    """Back pain named other than in a service's name, and conditions other than the approved
    use: what a treatment cue next to them says the treatment treats."""
    return [
        m
        for m in sentence.matches
        if m.label == BACK
        and not _names_a_service(m, sentence.text)
        and not _names_no_condition(m, sentence.text)
    ] + _unapproved_conditions(sentence)


def _names_no_condition(match: Match, text: str) -> bool:
    """A route ("intradiscal"), a count ("three disc levels"), or the spine alone: "Stem Cell
    Centre for Spine and Joint" names a body part, as "your back" does, not a condition."""
    named, after = text[match.start : match.end].lower(), _word_after(match, text)
    bare = named in BARE_BODY and after not in CONDITION_NOUNS  # not "spine diseases"
    return named in ROUTES or bare or after in COUNTED_NOUNS


def _word_after(match: Match, text: str) -> str:
    """The word after a match, lower-cased, without the punctuation that ends it."""
    following = text[match.end :].split(maxsplit=1)
    return following[0].strip(".,;:!?)").lower() if following else ""


def _treats_only_in_the_approval(sentence: SentenceRules, treatment: Sequence[str]) -> bool:
    """Whether every treatment cue that reaches a condition is the purpose of an approval
    ("approved by the FDA to treat back pain"), which a disclaimer of that approval names
    without offering; "although not FDA approved to treat arthritis, our stem cells relieve
    back pain" offers it in its main clause."""
    approvals = [match.span() for match in APPROVED_TO_TREAT.finditer(sentence.text)]
    if not approvals:
        return False
    cues = {rule.split("+", 1)[0] for rule in treatment}
    conditions = _treatable_conditions(sentence)
    return not any(
        not any(start <= cue.start < end for start, end in approvals)
        and any(_gap(cue, condition) <= TREATMENT_REACH for condition in conditions)
        for cue in sentence.matches
        if cue.label == TREATMENT and cue.rule in cues
    )


def _names_only_approved_uses(sentence: SentenceRules) -> bool:
    """ "We perform stem cell transplants for myeloma and lymphoma", "cord blood stem cells
    are FDA-approved for transplants to treat blood cancers": the approved use, which the
    taxonomy does not count as stem-cell therapy; a sentence that also names back pain or
    arthritis does."""
    return (
        not APPROVED_USES.isdisjoint(sentence.conditions.values())  # cheap: most name none
        and BACK not in sentence.fired
        and TRANSPLANT_OR_APPROVAL.search(sentence.text) is not None
        and not _unapproved_conditions(sentence)
    )


def _is_a_tag_list(text: str) -> bool:
    """A post's tags ("#stem cells #no surgery #back pain"): topics a blog files it under,
    not words it says."""
    return TAG.match(text) is not None and len(TAG.findall(text)) >= MIN_TAGS


def _declines_stem_cells(sentence: SentenceRules) -> bool:
    """Whether every stem-cell word of a sentence sits in what the seller says it does not
    offer ("we do not offer stem cell or exosome injections at any of our clinics"), comes
    before a pronoun it declines ("…ask about stem cell injections; we do not offer them"), or
    sits in what it says something is not ("PRP is not a stem cell treatment")."""
    named = [match for match in sentence.matches if match.label == STEM]
    if named and _names_only_what_it_is_not(sentence.text, named):
        return True
    declined = NEGATED_OFFER.search(sentence.text) if named else None
    if declined is None:
        return False
    if DECLINED_PRONOUN.match(sentence.text, declined.end()):
        return all(match.end <= declined.start() for match in named)
    end = DECLINED_OBJECT_END.search(sentence.text, declined.end())
    object_end = end.start() if end else len(sentence.text)
    return all(declined.end() <= match.start and match.end <= object_end for match in named)


def _names_only_what_it_is_not(text: str, named: list[Match]) -> bool:
    """Whether every stem-cell phrase follows "is not a", or is part of one that does ("not a
    stem cell treatment" holds "stem cell" and "cell treatment")."""
    denied_end = -1
    for match in sorted(named, key=lambda match: match.start):
        window = max(0, match.start - DENIED_KIND_CHARS)
        if match.start <= denied_end or DENIED_KIND.search(text, window, match.start):
            denied_end = max(denied_end, match.end)
        else:
            return False
    return True


def _speaks_of_stem_cells(sentence: SentenceRules, topic: bool) -> bool:
    named = STEM in sentence.fired or topic
    return named and not SENTENCE_VETO_CUES_SET & set(sentence.sentence_cues)


def _credited_to_an_ad(blocks: Sequence[Block], index: int) -> bool:
    """A quotation whose credit line, the block right after it (its <cite> or <figcaption>,
    or a caption of its own as a Notion quote block has), names an advertisement as its
    source."""
    if blocks[index].kind != "quote" or index + 1 >= len(blocks):
        return False
    credit = blocks[index + 1]
    if credit.kind != "quote" and (
        credit.kind not in CAPTION_BLOCKS or not AD_CAPTION.search(credit.text)
    ):
        return False  # a footer, or a call to action ("Request a free brochure")
    return (
        _is_label(credit.text, CREDIT_WORDS) and ADVERTISING_CREDIT.search(credit.text) is not None
    )


def _cues_of(sentences: Sequence[SentenceRules]) -> tuple[tuple[str, str], ...]:
    """The attribution or mockery a heading passes on to the blocks under it."""
    cues: dict[str, str] = {}
    for sentence in sentences:
        for kind in INHERITED_CUES:
            cue = sentence.sentence_cues.get(kind)
            if cue and cue not in NOT_INHERITED:
                cues.setdefault(kind, cue)
    return tuple(sorted(cues.items()))


def _affirm_across_blocks(analysed: Analysed) -> Analysed:
    """Mark a block's closing question that the next block answers yes, as an FAQ does
    ("Is stem cell therapy safe?" then "Absolutely. …"); copies, as blocks are cached."""
    result = list(analysed)
    for index, ((asked_in, asking), (answered_in, answering)) in enumerate(pairwise(analysed)):
        if not asking or not answering or asking[-1].affirmed:
            continue
        if {asked_in.kind, answered_in.kind} & NOT_AN_ANSWER_BLOCKS:
            continue
        if not asking[-1].text.rstrip(CLOSING_MARKS).endswith("?"):
            continue
        question = replace(asking[-1])
        mark_affirmed(question, answering)
        if question.affirmed:
            block, _ = result[index]
            result[index] = (block, (*result[index][1][:-1], question))
    return result


def _inherit(
    sentences: Sequence[SentenceRules],
    inherited: tuple[tuple[str, str], ...],
    answers_myths: bool = False,
) -> tuple[SentenceRules, ...]:
    """Copies of a block's sentences under an attributing heading or lead-in ("Some clinics
    promise:"): their violation matches are reported speech, not claims. A rebuttal ("Fact:
    …") under "Myths about stem cells" is the site's own answer and keeps its claims."""
    copies = []
    # an advertisement reproduced under its credit line stays the ad's, reported
    quoting = all(kind == "attribution" and cue != AD_CREDIT for kind, cue in inherited)
    for sentence in sentences:
        if answers_myths and REBUTTAL.match(sentence.text):
            copies.append(sentence)
            continue
        if quoting and WHOLE_QUOTE.match(sentence.text):
            # '"Our allografts need no FDA approval."' after "Your website states:": the
            # marketer's own words, quoted whole, are its claim wherever they are quoted
            copies.append(sentence)
            continue
        cues = {**dict(inherited), **sentence.sentence_cues}
        fired = {k: v for k, v in sentence.fired.items() if k not in VIOLATION_LABELS}
        suppressed = dict(sentence.suppressed)
        for label, rules in sentence.fired.items():
            if label in VIOLATION_LABELS:
                kind, cue = next(iter(inherited))
                suppressed.setdefault(label, f"{rules[0]} ({INHERITED_REASON[kind]}:{cue})")
        matches = [m for m in sentence.matches if m.label not in VIOLATION_LABELS]
        copies.append(
            replace(
                sentence, fired=fired, suppressed=suppressed, matches=matches, sentence_cues=cues
            )
        )
    return tuple(copies)


def _names_a_treatment(sentence: SentenceRules) -> bool:
    """Whether the sentence names a treatment at all: a stem-cell word, a treatment cue
    ("injections for", "relieves") or the offer ("we treat")."""
    return bool(sentence.offers) or any(m.label in (STEM, TREATMENT) for m in sentence.matches)


def _gap(first, second) -> int:
    """Characters between two matches (0 when they touch or overlap)."""
    return max(0, max(first.start, second.start) - min(first.end, second.end))


def rules_digest(patterns_dir: Path = PATTERNS_DIR, cues_dir: Path = CUES_DIR) -> str:
    digest = hashlib.sha256()
    for directory in (patterns_dir, cues_dir):
        for path in sorted(directory.glob("*.jsonl")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading builds ~10^6 objects that live as long as the classifier; the garbage collector's
    full passes over them while they are built were a quarter of the load time (3.4 s -> 2.6 s)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def classifier_version(model_dir: Path | None = DEFAULT_MODEL_DIR) -> str:
    """The version string a classifier loaded from `model_dir` reports, without loading it."""
    meta_path = (model_dir or DEFAULT_MODEL_DIR) / "clinicwatch.json"
    model = json.loads(meta_path.read_text())["version"] if meta_path.exists() else "none"
    return f"taxonomy-{TAXONOMY_VERSION}+rules-{rules_digest()}+model-{model}"
