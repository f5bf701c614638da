"""Clinics' names: outcome words in a name ("Meridian Spine Regeneration") promise nothing.

A clinic's name, its logo text or a practice's "… & Regenerative Medicine" names the business,
and the classifier asks these helpers before reading an outcome word or "regenerative medicine"
in a footer, a title or running text as a claim or an offer.
"""

from __future__ import annotations

from classifiers.document import Match

PRACTICE_NAME_WORDS = "regenerative medicine"  # "… Orthopedics & Regenerative Medicine"
NAME_BLOCK_WORDS = 7
NAME_CONNECTORS = frozenset({"&", "and", "+"})
NOT_A_NAME_WORDS = frozenset(
    {"what", "why", "how", "is", "are", "about", "benefits", "choose", "choosing", "our", "your",
     "the", "of", "to", "for", "with", "in", "on", "a", "an", "learn", "discover", "explore",
     "understanding", "guide", "introduction", "welcome", "advanced", "modern", "new"}
)  # fmt: skip
# words a service's title opens with, which a clinic's own name does not
SERVICE_OPENERS = frozenset(
    {"stem", "cell", "cellular", "disc", "discs", "disk", "spinal", "lumbar",
     "cartilage", "tissue", "nerve", "knee", "exosome", "exosomes", "mesenchymal",
     "umbilical", "marrow", "same-day", "non-surgical", "nonsurgical", "permanent"}
)  # fmt: skip
ORGANISATION_NOUNS = frozenset(
    {"center", "centre", "centers", "centres", "institute", "clinic", "clinics", "group",
     "associates", "specialists", "practice"}
)  # fmt: skip
NOT_IN_A_NAME = frozenset(
    {"for", "the", "your", "of", "to", "in", "on", "with", "and", "our", "at", "without", "by",
     "from", "a", "an", "is", "are"}
)  # fmt: skip
TITLE_SEPARATORS = frozenset({"|", "-", "\u2013", "\u2014", ":", "\u00b7", "\u2022"})
NAME_MATCH_WORDS = 3  # "Spine Regeneration": an outcome word in a name is short
NAME_LEAD_WORDS = 4  # "Blue Ridge" before it
# the last word of a clinic's name that names an outcome ("Meridian Spine Regeneration")
NAME_OUTCOME_NOUNS = frozenset(
    {"regeneration", "restoration", "repair", "renewal", "recovery", "rejuvenation", "revival"}
)
NAME_INTRODUCERS = frozenset(
    {"to", "at", "of", "from", "with", "by", "visit", "contact", "call", "join", "welcome"}
)
NAME_FOLLOWERS = frozenset(
    {"logo", "center", "centre", "centers", "institute", "clinic", "clinics", "group",
     "associates", "specialists", "practice", "team", "llc", "inc", "pllc", "pc"}
)  # fmt: skip
# Words that make "Natural Disc Repair | …" a promise, not part of a clinic's name
NOT_A_NAME_LEAD = frozenset(
    {
        "natural", "lasting", "permanent", "complete", "true", "real", "total", "full", "fast",
        "rapid", "proven", "effective", "guaranteed", "advanced", "nonsurgical", "non-surgical",
        "drug-free", "painless", "stem", "cell", "cells", "cellular", "regenerative", "our",
        "your", "achieve", "get", "experience", "lumbar", "cervical", "spinal", "disc", "disk",
        "knee", "hip", "shoulder", "joint", "cartilage", "tissue", "back", "neck", "nerve",
        "see", "enjoy", "start", "begin", "find", "promote", "promotes", "support", "supports",
        "stimulate", "stimulates", "trigger", "triggers", "boost", "accelerate", "accelerated",
        "enhanced", "revolutionary", "breakthrough", "innovative", "safe", "affordable",
        "non-invasive", "minimally", "invasive", "targeted", "maximum", "optimal", "healthy",
        "faster", "patients", "degenerative", "whole", "body",
    }
)  # fmt: skip


def in_a_name(match: Match, text: str) -> bool:
    """Whether a short capitalised match ends a clinic's name: the last part of a title after
    its separator ("Home | Blue Ridge Spine Regeneration"), or the holder after "©" ("© 2024
    Blue Ridge Spine Regeneration · …"). A headline before a separator, a page's name after the
    clinic's ("Summit Spine | Lumbar Disc Regeneration") and a count ("Join 500 Patients Living
    Pain Free") are no names. A name that ends in an outcome noun is one in running text too
    ("Welcome to Meridian Spine Regeneration, where…") or before a logo's or an organisation's
    noun ("Meridian Spine Regeneration logo")."""
    words = text[match.start : match.end].split()
    if len(words) > NAME_MATCH_WORDS or not all(word[0].isupper() for word in words):
        return False
    before = text[: match.start].split()
    lead = 0
    while lead < len(before) and name_word(before[-1 - lead]):
        lead += 1
    if not 0 < lead <= NAME_LEAD_WORDS:
        return False
    if any(word.lower() in NOT_A_NAME_LEAD for word in before[len(before) - lead :]):
        return False
    opening = before[-1 - lead] if lead < len(before) else ""
    if opening.isdigit() and lead + 1 < len(before):
        opening = before[-2 - lead]  # "© 2024 Blue Ridge…": the year after the sign
    if opening == "\u00a9":
        return True
    if opening in TITLE_SEPARATORS:
        return not text[match.end :].strip()
    return _ends_a_proper_name(words[-1], opening, text[match.end :])


def _ends_a_proper_name(last: str, opening: str, after: str) -> bool:
    """Whether capitalised words ending in an outcome noun stand as a proper name: after a
    word that introduces a place ("Welcome to …", "Dr. Ruiz of …", "At … we"), or with a
    logo's or an organisation's noun after them ("… Regeneration logo", "… Regeneration
    Center"). A headline ("Same-Day Disc Regeneration") or an object ("deliver Dramatic Disc
    Regeneration") names no clinic."""
    if last.lower() not in NAME_OUTCOME_NOUNS:
        return False
    if opening.lower() in NAME_INTRODUCERS:
        return True
    following = after.split()[:1]
    return bool(following) and following[0].lower().strip(",.") in NAME_FOLLOWERS


def name_word(word: str) -> bool:
    """A word a clinic's name may hold: capitalised, or "&", and no "for", "the", "your"."""
    return word == "&" or (word[0].isupper() and word.lower() not in NOT_IN_A_NAME)


def is_a_bare_name(text: str) -> bool:
    """A block that is a name alone, as a site's header shows its logo text: "Lakeside Spine &
    Regenerative Medicine", every word capitalised, a name of its own before "Regenerative
    Medicine" (not "What Is…", "Benefits of…")."""
    words = text.split()
    leading = words[: -len(PRACTICE_NAME_WORDS.split())]
    return (
        1 < len(words) <= NAME_BLOCK_WORDS
        and text.lower().endswith(PRACTICE_NAME_WORDS)
        and all(word[0].isupper() or word in NAME_CONNECTORS for word in words)
        and not any(word.lower() in NOT_A_NAME_WORDS for word in leading)
    )


def is_an_outcome_name(text: str) -> bool:
    """Capitalised words ending in an outcome noun and nothing else, as a logo's alt text
    gives a clinic's name: "Cumberland Spine Renewal". A name opens with a name of its own; a
    service's "Stem Cell Disc Regeneration" opens with the treatment or the body part."""
    words = text.split()
    return (
        1 < len(words) <= NAME_BLOCK_WORDS
        and words[-1].lower() in NAME_OUTCOME_NOUNS
        and words[0].lower() not in SERVICE_OPENERS
        and all(word[0].isupper() or word in NAME_CONNECTORS for word in words)
    )


def names_the_practice(match: Match, text: str, kind: str) -> bool:
    """ "Regenerative Medicine" ending a practice's name in a footer, a title or a block that
    is the name alone."""
    if text[match.start : match.end].lower() != PRACTICE_NAME_WORDS:
        return False
    return kind == "footer" or is_a_bare_name(text) or in_a_name(match, text)
