"""Which language a page is written in, from its commonest words.

The classifier reads English: a clinic's Spanish pages (common for Mexican clinics and for US
clinics in border states) are fetched and stored, but their claims are not read. Coverage
counts them so that "no claim found" on such a page is never read as "compliant".
"""

from __future__ import annotations

from collections import Counter

FUNCTION_WORDS = {
    "en": "the and of to is are with for your you our we that this in it be or on as can by "
    "from not have will",
    "es": "el la los las de del que y en es con por para una un su sus se no más al lo como "
    "son nuestro nuestra usted",
    "pt": "o os as da do das dos que e em é com para uma um não na no se seu sua você",
    "fr": "le la les des du et est une un pour dans que qui avec sur pas vous nous votre",
    "de": "der die das und ist mit für ein eine nicht sie wir den dem zu von auf",
    "it": "il lo gli della che e è con per una non sono del nel",
}
LANGUAGE_OF_WORD: dict[str, list[str]] = {}
for language, words in FUNCTION_WORDS.items():
    for word in words.split():
        LANGUAGE_OF_WORD.setdefault(word, []).append(language)
PUNCTUATION = ".,;:!?()[]{}\"'\u201c\u201d\u2018\u2019«»¿¡/"
PUNCTUATION_TO_SPACE = str.maketrans(dict.fromkeys(PUNCTUATION, " "))
SAMPLE_CHARS = 5_000  # enough words to tell, at a bounded cost per page
MIN_HITS = 5
ENGLISH = "en"


def language_of(text: str) -> str:
    """ISO 639-1 code of the page's language ("en", "es", …), "" when too little text tells.

    A page counts as another language only where that language's common words outnumber
    English ones twice over: an English page quoting a Spanish testimonial stays English.
    """
    counts: Counter[str] = Counter()
    words = Counter(text[:SAMPLE_CHARS].lower().translate(PUNCTUATION_TO_SPACE).split())
    for word in words.keys() & LANGUAGE_OF_WORD.keys():
        for language in LANGUAGE_OF_WORD[word]:
            counts[language] += words[word]
    if not counts:
        return ""
    best, hits = max(counts.items(), key=lambda item: (item[1], item[0] == ENGLISH))
    if best != ENGLISH and hits >= MIN_HITS and hits >= 2 * counts[ENGLISH]:
        return best
    return ENGLISH if counts[ENGLISH] >= MIN_HITS else ""
