"""A seller's product by its own name: "Physicians use CordaFlow for discogenic pain".

A supplier's or clinic's page names its stem-cell product once beside what it is ("CordaFlow™
Umbilical Cord Tissue Allograft", "AmnioCore Plus is an amniotic suspension allograft") and
from then on by name alone. On a page in its own voice, a sentence naming the product speaks of
the treatment offered, as "our injections" does, and the product "for" a condition treats it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from classifiers.document import Match
from classifiers.rules import STEM, TREATMENT, SentenceRules

NAME_REACH = 30  # "AmnioCore Plus is an amniotic suspension allograft"
NAMED_PRODUCT_FOR = "named-product-for"
# a coined word with a capital inside ("CordaFlow", "AmnioCore Plus") or words marked as a
# trademark ("BioDisc Restore™"); a surname's "McKenzie", "DeLuca" or "LaSalle" is no product
PRODUCT_NAME = re.compile(
    r"\b(?!(?:Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|Fitz)[A-Z])"
    r"(?:[A-Z][a-z]+[A-Z][A-Za-z]*(?: (?:Plus|Max|Pro|Ultra|Gold|Elite|Flow|Matrix|\d+))?"
    r"|[A-Z][\w-]*(?: [A-Z][\w-]*){0,2}(?=[™®]))"
)
# the web's own coined names, which sell no stem cells
NOT_PRODUCTS = frozenset(
    {"YouTube", "PubMed", "WebMD", "ClinicalTrials", "LinkedIn", "TikTok", "WhatsApp",
     "FaceTime", "PayPal", "CareCredit", "HealthGrades", "MedlinePlus", "JavaScript",
     "WordPress", "GoFundMe", "HealthCare", "ResearchGate", "BioMed", "PLoS", "CrossRef"}
)  # fmt: skip
# what the product is used for, right after its name: "use CordaFlow for", "AmnioCore Plus to
# treat", "rely on X in patients with"
USED_FOR = re.compile(
    r"[™®]?,?\s+(?:(?:is|are)\s+(?:used|indicated|ideal|suited)\s+)?"
    r"(?:for|to treat|to address|in patients with)\b"
)


def product_pattern(sentences: Iterable[SentenceRules]) -> re.Pattern | None:
    """The coined and trademarked names a page gives in a sentence that names stem cells or
    amniotic, cord or placental tissue, next to those words, as one pattern (longest name
    first); None when it gives none. Its product's names, not a nurse's ("JoAnn"), an
    insurer's ("we accept BlueCross…, but stem cell injections are self-pay") or a
    painkiller's ("Tylenol®")."""
    names = set()
    for sentence in sentences:
        cells = [m for m in sentence.matches if m.label == STEM]
        for found in PRODUCT_NAME.finditer(sentence.text):
            if found.group() not in NOT_PRODUCTS and any(_beside(found, m) for m in cells):
                names.add(found.group())
    if not names:
        return None
    alternatives = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    return re.compile(rf"\b(?:{alternatives})\b")


def naming_the_product(
    sentences: Sequence[SentenceRules], product: re.Pattern
) -> tuple[SentenceRules, ...] | None:
    """Copies of a block's sentences, each naming the page's product marked as speaking of the
    offer, with a treatment cue where the name is followed by what it is for; None when none
    names it."""
    copies, changed = [], False
    for sentence in sentences:
        named = list(product.finditer(sentence.text))
        if not named or sentence.offers:
            copies.append(sentence)
            continue
        changed = True
        fired = dict(sentence.fired)
        # "Disc-Restore™" names the product, not a condition or what it does to one
        matches = [m for m in sentence.matches if not any(_within(m, found) for found in named)]
        for found in named:
            used_for = USED_FOR.match(sentence.text, found.end())
            if used_for is not None:
                fired[TREATMENT] = [*fired.get(TREATMENT, ()), NAMED_PRODUCT_FOR]
                matches.append(Match(found.start(), used_for.end(), TREATMENT, NAMED_PRODUCT_FOR))
                break
        copies.append(replace(sentence, offers=True, fired=fired, matches=matches))
    return tuple(copies) if changed else None


def _within(match: Match, name: re.Match) -> bool:
    return name.start() <= match.start and match.end <= name.end()


def _beside(name: re.Match, cell: Match) -> bool:
    """Whether the name and the stem-cell words are at most NAME_REACH characters apart."""
    return max(name.start(), cell.start) - min(name.end(), cell.end) <= NAME_REACH
