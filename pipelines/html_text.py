"""HTML to ordered text blocks (kind, heading, list), plus the clinic facts a page states.

Plain functions, no Scrapy: bytes in, `ExtractedPage` out. lxml walks the tree (it is ~10x faster
than BeautifulSoup's tree); BeautifulSoup's UnicodeDammit decodes what lxml cannot be trusted to.
"""

from __future__ import annotations

import codecs
import json
import re
import unicodedata
from collections import deque
from collections.abc import Iterable, Iterator
from copy import deepcopy
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from html import unescape
from itertools import islice

import ftfy
from bs4.dammit import UnicodeDammit
from lxml import etree, html

from classifiers.document import Block

SKIPPED_TAGS = frozenset(
    {
        "script",
        "style",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "canvas",
        "nav",
        "head",
        "select",
        "option",
        "textarea",
    }
)
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "aside",
        "header",
        "footer",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "td",
        "th",
        "tr",
        "table",
        "caption",
        "blockquote",
        "figcaption",
        "figure",
        "details",
        "summary",
        "pre",
        "address",
        "hr",
        "label",
        "fieldset",
        "legend",
        "center",
        "body",
        "tbody",
        "thead",
        "tfoot",
        "button",
    }
)
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Accordion toggles put the question in a <button>; ASP.NET pages wrap the whole body in a <form>.
TOGGLE_HINT = re.compile(
    r"(?:^|[\s_-])(?:acc|accordion|faq|collaps\w*|toggle\w*|question|expand\w*)(?:$|[\s_-])",
    re.IGNORECASE,
)
# A class or id that starts or ends with one of these words names a footer ("site-footer",
# "footer-widgets"); "has-footer-cta" does not. <body>, <main> and <article> never are: themes
# tag <body> "footer-on-bottom" or "et_pb_footer_columns4".
FOOTER_WORDS = frozenset({"footer", "copyright", "disclaimer", "legal", "colophon"})
# Whole class or id names of a thread of comments only: "comment-count" and "no-comments" are
# a post's metadata, and a lone "comment" may be a testimonial's quote
COMMENT_NAMES = frozenset(
    {
        "comments",
        "comments-area",
        "comment-list",
        "commentlist",
        "comments-section",
        "comment-section",
        "reader-comments",
        "user-comments",
    }
)
NEVER_FOOTER = frozenset({"body", "main", "article"})
NAME_PARTS = re.compile(r"[-_]")
# Kinds whose text is one line however it wraps: a <br> in them is a space.
ONE_LINE_KINDS = frozenset({"heading", "list_item", "table_cell", "faq_question"})
LINE_BREAK = "\ue000"  # a <br> in the buffer, until _flush decides what it is
ENDS_LINE = re.compile(r"[.!?:;]$")
MIN_LINE_LIST, MAX_LINE_LIST_WORDS = 3, 6  # "Multiple sclerosis<br>COPD<br>Autism" is a list
RUN_ON_WORDS = frozenset({
    "a", "an", "the", "our", "your", "their", "its", "my", "is", "are", "was", "were", "be",
    "been", "being", "am", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "by", "for",
    "with", "from", "into", "than", "that", "which", "who", "whose", "can", "could", "will",
    "would", "may", "might", "must", "should", "not", "no", "very", "most", "more", "so", "as",
})  # fmt: skip
LAYOUT_CELL = etree.XPath(
    "(./tr | ./*/tr)/td[.//ul or .//ol or .//table or .//form or .//h1 or .//h2 or .//h3"
    " or .//h4 or count(./p | ./div) > 1][1]"
)
MAX_ROW_LABEL_WORDS = 6
# The column of a comparison table that holds what the clinic offers ("Stem Cell Therapy" vs
# "Spinal Fusion Surgery"): its values are read with their row's label
OFFERED_COLUMN = re.compile(
    r"stem|cell|regenerat|biologic|prp|platelet|exosome|amniotic|umbilical|cord|marrow|"
    r"wharton|\b(?:our|us|we)\b",
    re.IGNORECASE,
)
READ_MORE_LINK = re.compile(
    r"\b(?:read|learn|see|find out|show|view|discover|hear|tell me|know)\s+more$", re.IGNORECASE
)
DIGITS_OR_MARKS = re.compile(r"^[\s\d,\-\u2013\[\]()*†‡]*$")
# "87%", "9 of 10", "4.5/5": a figure a data table's row and column must say what it counts
FIGURE = re.compile(r"^\s*[<>~≈]?\s*\d[\d,.]*\s*(?:%|percent|/\s*\d+|of\s+\d+)?\s*$", re.I)
# Animated counters (Elementor, Divi, PureCounter, CountUp) hold their final number in an
# attribute and count up to it with JavaScript; the markup says 0 or nothing. Divi puts it on
# the counter module, around an empty number element.
COUNTER_VALUE_ATTRIBUTES = (
    "data-to-value", "data-purecounter-end", "data-number-value", "data-count", "data-end"
)  # fmt: skip
COUNTER_NUMBER = re.compile(r"^\s*[\d.,]{1,12}\s*$")
COUNTER_NUMBER_CLASS = re.compile(r"value|number|count", re.IGNORECASE)
MAX_COUNTER_DEPTH = 4  # from the empty number element up to the module that holds the value
# Copies a page builder or carousel prints of markup shown elsewhere on the page: Elementor's
# mobile tab title, slick's and Swiper's looping clones, Owl Carousel's cloned items
DUPLICATE_MARKUP_CLASSES = frozenset(
    {"elementor-tab-mobile-title", "slick-cloned", "swiper-slide-duplicate", "cloned"}
)
HEADING_CLASS = "elementor-heading-title"  # Elementor's heading widget, whatever its tag
LANDMARKS = ("main", "aside", "nav", "header", "footer", "article")
HEADING_LIKE_TAGS = frozenset({"div", "p", "header"})  # not <li class="h6">, <td role=heading>
SHOWN_TEMPLATE_ATTRIBUTES = frozenset(
    {"shadowrootmode", "shadowroot", "x-if", "v-if", "v-else", "v-else-if"}
)
# A submit button's label is its value attribute: "Start your stem cell treatment today"
SHOWN_INPUT_TYPES = frozenset({"submit", "button"})
SPACES = re.compile(r"\s+")
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-"})  # "FDA\u2011approved" is "FDA-approved"
# lxml refuses a decoded string that still declares its encoding (XHTML pages of the 2000s)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
# Review widgets that never close their <div>s nest deeper than libxml2's default limit (256),
# past which it drops the rest of the page
PARSER = html.HTMLParser(huge_tree=True)
MOJIBAKE = re.compile(
    "[ÃÂâ][\u0080-\u00bf€™œ\u0152\u0153\u0160\u0161\u017d\u017e\u0178\u02c6\u02dc]"
)
MAX_BLOCK_CHARS = 20_000
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
JSONLD_TYPES = (
    "MedicalClinic",
    "MedicalBusiness",
    "MedicalOrganization",
    "Physician",
    "LocalBusiness",
    "Organization",
    "HealthAndBeautyBusiness",
    "Dentist",
    "Hospital",
)
# Types whose description is what the page offers; SEO plugins (Yoast, Rank Math) write them,
# sometimes with text that no element of the page shows.
OFFER_JSONLD_TYPES = (
    "Service",
    "Product",
    "MedicalProcedure",
    "MedicalTherapy",
    "TherapeuticProcedure",
    "MedicalWebPage",
    "HowTo",  # "What to expect on your treatment day", step by step
)
HOWTO_STEP_TYPES = ("HowToStep", "HowToDirection", "HowToTip")
MAX_JSONLD_NODES = 500
# Text a visitor reads on hover or in a lightbox: tooltips (Bootstrap, Tippy, plain
# data-tooltip) and gallery captions (Lightbox2 data-title, Fancybox data-caption)
CAPTION_ATTRIBUTES = (
    "data-caption",
    "data-title",
    "data-tooltip",
    "data-tippy-content",
    "data-original-title",
    "data-bs-original-title",
    "data-content",  # a Bootstrap popover's body
    "data-bs-content",
)
# An image's tooltip, the spoken name of a link or button that shows only an icon, and that of
# a background image drawn as an image (Showit, Tilda: <div role="img" aria-label="…">)
CAPTIONED = etree.XPath(
    "//*[@title or @aria-label or self::svg]"
    "[(self::svg and .//text) or (@title and (self::abbr or self::img or (self::a and .//img)))"
    " or (@aria-label and (self::a or self::button) and not(normalize-space()))"
    " or (@aria-label and @role='img')]"
)
# Scanning every element for these attributes costs a tenth of a page's extraction; the markup
# is searched for their names first.
ATTRIBUTE_CAPTIONED = etree.XPath(
    "//*[@data-toggle='tooltip' or @data-bs-toggle='tooltip' or @data-toggle='popover'][@title]"
    " | //*[" + " or ".join(f"@{name}" for name in CAPTION_ATTRIBUTES) + "]"
)
CAPTION_ATTRIBUTE_NAMES = re.compile(
    r"data-(?:caption|title|tooltip|tippy-content|original-title|bs-original-title|toggle"
    r"|bs-toggle|content|bs-content)\b"
)
MIN_CAPTION_WORDS = 4
# Elementor Pro's Animated Headline: one rotating text shown at a time, all of them in the markup
ROTATING_TEXT_CLASS = "elementor-headline-dynamic-text"
ROTATING_WRAPPER_CLASS = "elementor-headline-dynamic-wrapper"
MAX_ROTATING_TEXTS = 10  # a copy of the headline each: bounded, whatever the markup holds
ROTATING_TEXTS = etree.XPath(
    f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {ROTATING_WRAPPER_CLASS} ')]"
)
# typed.js as Bootstrap templates use it: the phrases it types, comma-separated, in an attribute
TYPED_ITEMS = "data-typed-items"
TYPED = etree.XPath(f"//*[@{TYPED_ITEMS}]")
# Essential Addons' Fancy Text: a prefix, the phrases it types ("a|b|c" in an attribute) and a
# suffix, as spans of one container
FANCY_TEXT = "data-fancy-text"
FANCY = etree.XPath(f"//*[@{FANCY_TEXT}]")
FANCY_STRINGS = etree.XPath("descendant::*[contains(@class, 'fancy-text-strings')][1]")
# Every attribute whose value the extractor reads as text (a page cut for size keeps them)
TEXT_ATTRIBUTES = frozenset(
    {"alt", "title", "aria-label", "value", "content", "srcdoc", TYPED_ITEMS, FANCY_TEXT}
    | {*CAPTION_ATTRIBUTES, *COUNTER_VALUE_ATTRIBUTES}
)
ROTATING_HOSTS = (*sorted(HEADINGS), "p")  # the block a rotating text completes
# A link to a tag, label or category archive: /tag/sciatica/, /search/label/FDA, /category/news
# (crawler.traps.ARCHIVE_PATH decides which archive pages are worth a fetch; this, which words
# in a page only file its posts)
TAXONOMY_LINK = re.compile(r"/(?:tags?|labels?|categor(?:y|ies)|topics?)/[^/?#]", re.IGNORECASE)
SLIDESHOW_CALL = "wSlideshow.render("  # Weebly's slideshow: its captions are in the call
SLIDESHOW_CAPTION = re.compile(r'"caption"\s*:\s*"((?:[^"\\]|\\.){1,2000})"')
MAX_SLIDESHOW_SCRIPT = 200_000
LIGHTBOX_DATA = "w-json"  # Webflow's lightbox: its captions are in a JSON <script>
MAX_SCRIPT_CAPTIONS = 50  # a lightbox's or a slideshow's
# <nav> is skipped (its links are no claims), but mega-menus hold promos, WordPress shows menu
# item descriptions and Webflow builds FAQ dropdowns in <nav>: its innermost text blocks that
# are not links are read after the page's own text, like captions.
NAV_PROSE = etree.XPath(
    ".//*[self::p or self::div or self::span or self::dd or self::li or self::section]"
    "[not(ancestor::a or ancestor::button)]"
    "[not(.//p or .//div or .//li or .//ul or .//ol or .//dd or .//section)]"
)
MIN_NAV_PROSE_WORDS = 6
MAX_NAV_PROSE_BLOCKS = 50  # a menu's promos are a few; a thousand item descriptions are a list
# A framework's data blob (Next.js, Nuxt) holds the text its scripts draw; read on pages that
# show almost none of it themselves. Bounded: a blob can hold a whole site's content.
MAX_APP_DATA_VALUES = 5_000
MAX_APP_DATA_BLOCKS = 300
MIN_PROSE_WORDS = 4
PROSE_CHARS = re.compile(r"[^\W\d_]|\s")  # letters and spaces, what sentences are made of
NOT_PROSE = re.compile(r"://|^[/#.]|[{}=;|\\]")  # URLs, paths, selectors, code
# A page that shows its text only after scripts run: a framework's empty mount point and data
# blob (Next.js, Nuxt, Gatsby, create-react-app), or a bot check ("Checking your browser…")
APP_DATA_SCRIPTS = frozenset({"__NEXT_DATA__", "__NUXT_DATA__"})
# Angular Universal's transfer state: a JSON script whose id is the app id and "-state"
# (`ng-state` since Angular 16, often `serverApp-state` before), quotes written `&q;` before 14
ANGULAR_STATE_SUFFIX = "-state"
ANGULAR_STATE_ID = "ng-state"
ANGULAR_ROOT = etree.XPath("//*[@ng-version][1]")
ANGULAR_ESCAPES = re.compile(r"&([qasgl]);")
ANGULAR_UNESCAPED = {"q": '"', "a": "&", "s": "'", "g": ">", "l": "<"}
# Nuxt 2 writes its state as a script, not JSON: `window.__NUXT__=(function(a,b){return {…}}
# ("text", …))`, and React/Redux or Apollo apps assign theirs to a global, wherever in the
# script and however quoted (`window.__PRELOADED_STATE__ = {…}`, `= JSON.parse("{…}")`,
# `var __INITIAL_STATE__ = …`). Their string literals are their data.
SCRIPT_STATES = re.compile(
    r"\b__(?:NUXT|PRELOADED_STATE|INITIAL_STATE|APOLLO_STATE|REDUX_STATE|INITIAL_DATA)__"
    r"[\"']?\]?\s*=(?!=)"
)  # assigned, not read ("if (window.__INITIAL_STATE__)")
# A script read as its tokens, in one linear pass, so that an apostrophe inside a string opens
# nothing: comments (code a clinic commented out says nothing), then each kind of string
# literal, whose body runs possessively to its closing quote or the line's end (an unclosed
# quote is no string, and costs no rescanning)
JS_TOKENS = re.compile(
    r"//[^\n]*+|/\*(?:[^*]|\*(?!/))*+(?:\*/)?"
    r'|"((?:[^"\\\n]|\\.)*+)(")?'
    r"|'((?:[^'\\\n]|\\.)*+)(')?"
    r"|`((?:[^`\\]|\\.)*+)(`)?"
)
JS_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.DOTALL)
JS_ESCAPES = {"n": "\n", "t": "\t", "r": "", "b": "", "f": "", "v": ""}
SCRIPT_PROSE_WORDS = 6  # a sentence, not a button label or a message key
MAX_SCRIPT_PROSE_BLOCKS = 50
MAX_SCRIPT_PROSE_CHARS = 200_000  # of inline script read for sentences, per page
APP_ROOTS = ("__next", "__nuxt", "___gatsby", "root", "app")
SCRIPT_WALL = re.compile(
    r"enable javascript|javascript (?:is )?(?:required|disabled)|turn (?:on )?javascript"
    r"|checking your browser|verify (?:that )?you are (?:a )?human|you are being redirected"
    r"|ddos protection|just a moment\.\.\.|browser check",
    re.IGNORECASE,
)
SHORT_PAGE_CHARS = 1_000
UNSHOWN_KINDS = frozenset({"title", "meta", "jsonld", "app_data"})  # not text the page shows
JS_SUSPECT_TEXT_CHARS = 200  # fewer characters of text than this on a page...
JS_SUSPECT_SCRIPT_CHARS = 5_000  # ...with more than this of inline script
EMPTY_MOUNT_CHARS = 10  # "Loading…"
MOUNT_TEXT = etree.XPath(
    ".//text()[not(ancestor::style or ancestor::script or ancestor::noscript"
    " or ancestor::template)]"
)
# Where a single-page app (AngularJS, UI-Router, Angular) draws each route: empty in the markup
VIEW_OUTLETS = etree.XPath(
    "//*[@ng-view or @data-ng-view or @ui-view or @data-ui-view"
    " or self::ng-view or self::ui-view or self::router-outlet]"
)
# A view an AngularJS or Vue app renders from a template in the page (the home view of a
# single-page app): read as markup of the page, bounded
TEMPLATE_SCRIPT_TYPES = frozenset({"text/ng-template", "text/x-template"})
MAX_TEMPLATES, MAX_TEMPLATE_CHARS = 20, 100_000
# A template's bindings ("{{ 'HERO_TITLE' | translate }}") that no script has filled in
UNRENDERED_BINDINGS = re.compile(r"^(?:\s*\{\{[^{}]*\}\})+\s*$")
# Page-builder shortcodes a theme switch left in the text ("[et_pb_text _builder_version=…]")
SHORTCODE = re.compile(
    r"\[/?(?:[a-z][a-z0-9]*(?:_[a-z0-9]+)+|caption|gallery|embed|video|audio|contact-form-7)"
    r"(?:\s[^\[\]]{0,500})?\]"
)
# A statistic's number on its own ("96 %", "5,000", "0"), shown above its label
FIGURE_ONLY = re.compile(r"^\d[\d,.]{0,12}\s?[%+]?$")
MAX_FIGURE_LABEL_WORDS = 12
# Inline elements a stylesheet shows as blocks: "<span class=block>…rebuilds</span><span
# class=block>worn-out discs</span>" is two lines on screen, not "rebuildsworn-out"
BLOCK_DISPLAY_CLASSES = frozenset(
    {"block", "d-block", "flex", "d-flex", "grid", "d-grid", "table", "d-table"}
)
# Where a page states when it was published and last changed: Open Graph / Dublin Core meta,
# microdata and JSON-LD. A claim on a post published in 2019 has been made since then at least.
PUBLISHED_NAMES = frozenset(
    {"article:published_time", "datepublished", "dc.date.issued", "dcterms.issued",
     "dcterms.created", "dc.date", "date", "pubdate", "publish_date"}
)  # fmt: skip
MODIFIED_NAMES = frozenset(
    {"article:modified_time", "og:updated_time", "datemodified", "dcterms.modified"}
)
EARLIEST_PAGE_YEAR = 1995
WORDS = re.compile(r"\w+")
US_ADDRESS = re.compile(
    r"(?P<city>[A-Z][a-z'-]+(?: [A-Z][a-z'-]+){0,3}),\s*"
    r"(?P<state>[A-Z]{2})\s+(?P<zip>\d{5})(?:-\d{4})?\b"
)
US_PHONE = re.compile(r"(?:\+?1[\s.-]?)?\(?\b(\d{3})\)?[\s.-]?(\d{3})[\s.-](\d{4})\b")


@dataclass
class ClinicFacts:
    """What a page says about the clinic itself (JSON-LD first, then the visible address)."""

    name: str = ""
    street: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""
    phone: str = ""
    latitude: float | None = None
    longitude: float | None = None

    def merge(self, other: ClinicFacts) -> None:
        for key, value in other.__dict__.items():
            if value not in ("", None) and getattr(self, key) in ("", None):
                setattr(self, key, value)


@dataclass
class ExtractedPage:
    title: str
    blocks: list[Block]
    facts: ClinicFacts = field(default_factory=ClinicFacts)
    encoding: str = ""
    script_chars: int = 0
    needs_script: bool = False  # an app shell or a bot check: what visitors read is not here
    published: str = ""  # ISO 8601, as the page states it ("" when it does not)
    modified: str = ""

    @property
    def text(self) -> str:
        return "\n\n".join(block.text for block in self.blocks)

    def shown_text(self) -> str:
        """The text without what only the page's scripts and data blobs carry (`app_data`):
        the language a visitor reads, which a script's i18n strings do not change."""
        return "\n\n".join(block.text for block in self.blocks if block.kind != "app_data")

    def visible_chars(self) -> int:
        """Characters of text a visitor sees on the page itself (not its title or meta tags)."""
        return sum(len(b.text) for b in self.blocks if b.kind not in ("title", "meta", "app_data"))

    def js_suspect(self) -> bool:
        """Whether what visitors read is probably drawn by scripts, so not here: an app shell,
        a bot check, or almost no text beside large inline scripts."""
        if self.needs_script:
            return True
        return (
            self.visible_chars() < JS_SUSPECT_TEXT_CHARS
            and self.script_chars > JS_SUSPECT_SCRIPT_CHARS
        )

    def block_offsets(self) -> list[tuple[int, int]]:
        offsets, position = [], 0
        for block in self.blocks:
            offsets.append((position, position + len(block.text)))
            position += len(block.text) + 2
        return offsets


def decode(body: bytes, declared: str = "") -> tuple[str, str]:
    """Text and the encoding used: declared if it decodes cleanly, else sniffed
    (charset-normalizer through UnicodeDammit); mojibake ("cafÃ©") is repaired with ftfy."""
    text, encoding = _decode(body, declared)
    if MOJIBAKE.search(text):
        repaired = ftfy.fix_encoding(text)
        if repaired != text:
            return repaired, f"{encoding}+mojibake-repaired"
    return text, encoding


def _decode(body: bytes, declared: str) -> tuple[str, str]:
    if body.startswith(UTF16_BOMS):  # a byte order mark outranks any declaration
        try:
            return body.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    if declared:
        try:
            return body.decode(declared), declared.lower()
        except (UnicodeDecodeError, LookupError):
            pass
    dammit = UnicodeDammit(body, ["utf-8", "windows-1252"], is_html=True)
    if dammit.unicode_markup is None:
        return body.decode("utf-8", errors="replace"), "utf-8-replaced"
    return dammit.unicode_markup, (dammit.original_encoding or "utf-8").lower()


def clean(text: str) -> str:
    text = INVISIBLE.sub("", unicodedata.normalize("NFC", text)).replace("\u00a0", " ")
    if "\u2010" in text or "\u2011" in text:
        text = text.translate(HYPHENS)
    if "&" in text:  # "don&amp;#8217;t", encoded twice, reads "don&#8217;t" once parsed
        text = LEFTOVER_ENTITY.sub(lambda entity: unescape(entity.group()), text)
    if not text.isascii() and OTHER_SCRIPT.search(text):
        text = MIXED_SCRIPT_WORD.sub(lambda word: word.group().translate(LATIN_LOOKALIKES), text)
    return SPACES.sub(" ", text).strip()


# Cyrillic and Greek letters that look Latin, inside a word that is otherwise Latin ("FDA" spelt
# with a Cyrillic A): read as the Latin letters a visitor sees. Words wholly in another script
# stay as they are.
LATIN_LOOKALIKES = str.maketrans(
    "\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0425\u0423\u0430\u0435\u043e\u0440"
    "\u0441\u0445\u0443\u0456\u0458\u0455\u0501\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d"
    "\u039f\u03a1\u03a4\u03a5\u03a7\u03bf",
    "ABEKMHOPCTXYaeopcxyijsdABEZHIKMNOPTYXo",
)
OTHER_SCRIPT = re.compile(r"[\u0370-\u03ff\u0400-\u04ff\u0500-\u052f]")
MIXED_SCRIPT_WORD = re.compile(
    r"\b(?=\w*[A-Za-z])(?=\w*[\u0370-\u03ff\u0400-\u04ff\u0500-\u052f])\w+\b"
)
LEFTOVER_ENTITY = re.compile(r"&(?:#\d{2,7}|#x[0-9a-fA-F]{2,6}|[a-zA-Z]{2,10});")


def looks_binary(body: bytes) -> bool:
    """Images, archives and other binaries sent as text: NUL bytes or mostly control bytes.
    A page in UTF-16 (its byte order mark first) is text, NULs and all."""
    head = body[:2048]
    if head.startswith(UTF16_BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    return bool(head) and controls / len(head) > 0.1


def extract_page(body: bytes | str, declared_encoding: str = "") -> ExtractedPage:
    """Ordered text blocks of an HTML page; never raises on malformed, empty or binary input."""
    if isinstance(body, bytes) and looks_binary(body):
        return ExtractedPage(title="", blocks=[], encoding="binary")
    if isinstance(body, bytes):
        markup, encoding = decode(body, declared_encoding)
    else:
        markup, encoding = body, "unicode"
    markup = XML_DECLARATION.sub("", markup.replace("\x00", ""), count=1)
    try:
        root = html.document_fromstring(markup, parser=PARSER) if markup.strip() else None
    except (etree.ParserError, ValueError):
        root = None
    if root is None:
        return ExtractedPage(title="", blocks=[], encoding=encoding)
    typed = TYPED_ITEMS in markup or FANCY_TEXT in markup
    if typed:
        _typed_as_rotating(root)
    if typed or ROTATING_TEXT_CLASS in markup:
        _expand_rotating_headlines(root)
    page = _Walker(root, CAPTION_ATTRIBUTE_NAMES.search(markup) is not None).walk()
    page.encoding = encoding
    return page


def _typed_as_rotating(root: html.HtmlElement) -> None:
    """A typed.js or Fancy Text element types its phrases one after another ("Our stem cells"
    + "regrow damaged discs" / "end sciatica for good"): it is made a rotating text wrapper,
    one rotating text per phrase, for _expand_rotating_headlines."""
    for element in TYPED(root):
        _add_rotating_texts(element, element.get(TYPED_ITEMS, "").split(","))
    for container in FANCY(root):
        strings = next(iter(FANCY_STRINGS(container)), container)
        if container.tag == "div" and all(child.tag == "span" for child in container):
            container.tag = "p"  # a line of text: the headline each phrase completes
        _add_rotating_texts(strings, container.get(FANCY_TEXT, "").split("|"))


def _add_rotating_texts(element: etree._Element, phrases: list[str]) -> None:
    """Make `element` a rotating text wrapper holding one rotating text per phrase."""
    element.set("class", f"{element.get('class') or ''} {ROTATING_WRAPPER_CLASS}")
    for phrase in [phrase for phrase in map(clean, phrases) if phrase][:MAX_ROTATING_TEXTS]:
        etree.SubElement(element, "span", {"class": ROTATING_TEXT_CLASS}).text = phrase


def _expand_rotating_headlines(root: html.HtmlElement) -> None:
    """An animated headline shows its rotating words one after another ("Stem cells that" +
    "regrow damaged discs" / "end back pain for good"): each is a headline of its own, so the
    headline is repeated once per rotating text, each copy holding one of them."""
    for rotating in ROTATING_TEXTS(root):
        texts = _rotating_texts(rotating)
        headline = next(rotating.iterancestors(*ROTATING_HOSTS), None)
        if headline is None or len(texts) < 2:
            continue
        for text in texts[MAX_ROTATING_TEXTS:]:
            rotating.remove(text)
        for shown in range(min(len(texts), MAX_ROTATING_TEXTS) - 1, 0, -1):
            copy = deepcopy(headline)
            copy.tail = None  # the text after the headline follows it once
            _keep_only(ROTATING_TEXTS(copy)[0], shown)
            headline.addnext(copy)
        _keep_only(rotating, 0)


def _keep_only(rotating: etree._Element, shown: int) -> None:
    """The rotating texts of `rotating` but its `shown`-th, and a space after it."""
    texts = _rotating_texts(rotating)
    for index, text in enumerate(texts):
        if index != shown:
            rotating.remove(text)
    texts[shown].tail = (texts[shown].tail or "") + " "


def _rotating_texts(wrapper: etree._Element) -> list[etree._Element]:
    return [t for t in wrapper if ROTATING_TEXT_CLASS in (t.get("class") or "").split()]


class _Walker:
    def __init__(self, root: html.HtmlElement, caption_attributes: bool = False) -> None:
        self.root = root
        self.caption_attributes = caption_attributes
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.heading = ""
        self.section = ""
        self.open_headings: dict[int, str] = {}  # heading level -> text of the latest one
        self.facts = ClinicFacts()
        # JSON-LD text and lightbox captions, kept where the page does not show them itself
        self.structured: list[Block] = []
        self.app_data_json: list[str] = []
        self.templates: list[str] = []
        self.published: list[str] = []
        self.modified: list[str] = []
        self.script_chars = 0
        self.app_data = False
        self.unrendered_bindings = 0
        self.list_ids: dict[object, int] = {}
        # per table, read once: whether it lays out the page, and its column headings
        self.layout_tables: dict[etree._Element, bool] = {}
        self.column_headings: dict[etree._Element, tuple[etree._Element, list[str] | None]] = {}
        self.skip_depth = 0
        self.noscript_depth = 0
        # "You need to enable JavaScript to run this app.": said only to visitors without scripts
        self.noscript_walls: set[str] = set()
        self.alts: set[str] = set()  # image descriptions read so far
        self.island_props: list[str] = []
        self.scripts: list[str] = []  # inline scripts, read for the sentences they hold
        self._block_stack: list[tuple[str, str, int | None]] = [("text", "", None)]
        # the landmark (<main>, <aside>, <nav>…) each open block sits in, and the last block's
        self._containers: list[etree._Element | None] = [None]
        self._last_container: etree._Element | None = None

    def walk(self) -> ExtractedPage:
        title = self._head()
        body = self.root.find("body")
        if body is None:
            body = self.root
        for event, element in etree.iterwalk(body, events=("start", "end", "comment", "pi")):
            self._visit(event, element)
        self._flush()
        for markup in self.templates[:MAX_TEMPLATES]:
            self._visit_widget(markup)
        self.blocks = self._paragraph_lists(_join_figures(self.blocks))
        self._add_unshown(self.structured)
        self._add_unshown(_caption_blocks(body, self.caption_attributes))
        self._add_unshown(_nav_prose_blocks(body))
        for props in self.island_props[:MAX_TEMPLATES]:
            self._add_unshown(_app_data_blocks(props))
        if self.app_data_json and self._shown_chars() < SHORT_PAGE_CHARS:
            for blob in self.app_data_json:
                self._add_unshown(_app_data_blocks(blob))
        self._add_unshown(_script_prose_blocks(self.scripts))
        if title:
            self.blocks.insert(0, Block(text=title, kind="title"))
        self.facts.merge(_facts_from_text(self.blocks))
        return ExtractedPage(
            title,
            self.blocks,
            self.facts,
            script_chars=self.script_chars,
            needs_script=self._needs_script(),
            published=min(self.published, default=""),
            modified=max(self.modified, default=""),
        )

    def _paragraph_lists(self, blocks: list[Block]) -> list[Block]:
        """Paragraphs that list things, one per <p>, right under their heading ("Conditions
        we treat": "Degenerative disc disease", "Lupus", "Autism") are a list, as lines split
        by <br> are. Not a page's top lines ("Skip to content", its name, its tagline)."""
        result: list[Block] = []
        run: list[Block] = []  # the short lines that follow a heading, under it
        for block in [*blocks, None]:
            is_line = (
                block is not None
                and block.kind == "paragraph"
                and block.heading
                and _is_list_line(block.text)
            )
            if (
                run
                and is_line
                and (block.heading, block.section) == (run[0].heading, run[0].section)
            ):
                run.append(block)
                continue
            if len(run) >= MIN_LINE_LIST:
                list_id = self.list_ids.setdefault(object(), len(self.list_ids) + 1)
                run = [replace(item, kind="list_item", list_id=list_id) for item in run]
            result.extend(run)
            run = []
            if block is None:
                break
            if (
                is_line
                and result
                and result[-1].kind == "heading"
                and result[-1].text == block.heading
            ):
                run = [block]
            else:
                result.append(block)
        return result

    def _head(self) -> str:
        title = ""
        for element in self.root.iter("title"):
            if next(element.iterancestors("svg"), None) is None:  # not an icon's accessible name
                title = clean(element.text_content())
                break
        for element in self.root.iter("meta", "time"):
            name = (
                element.get("name") or element.get("property") or element.get("itemprop") or ""
            ).lower()
            self._note_date(name, element.get("content") or element.get("datetime"))
            if name in ("description", "og:description", "twitter:description"):
                content = clean(element.get("content") or "")
                if content and all(b.text != content for b in self.blocks):
                    self.blocks.append(Block(text=content[:MAX_BLOCK_CHARS], kind="meta"))
        for element in self.root.iter("script"):
            text = element.text or ""
            script_type = (element.get("type") or "").lower()
            if script_type == "application/ld+json":
                self._jsonld(text)
            elif LIGHTBOX_DATA in (element.get("class") or "").split():
                self.structured.extend(_lightbox_captions(text))
            elif script_type in TEMPLATE_SCRIPT_TYPES:
                self.templates.append(text[:MAX_TEMPLATE_CHARS])
            else:
                self.script_chars += len(text)
                if SLIDESHOW_CALL in text:
                    self.structured.extend(_slideshow_captions(text))
                elif element.get("id") in APP_DATA_SCRIPTS:
                    self.app_data = True
                    self.app_data_json.append(text)
                elif _is_angular_state(element, script_type):
                    self.app_data = True
                    self.app_data_json.append(
                        ANGULAR_ESCAPES.sub(lambda m: ANGULAR_UNESCAPED[m[1]], text)
                    )
                elif SCRIPT_STATES.search(text):
                    self.app_data = True
                    self.app_data_json.append(_string_literals(text[:MAX_SCRIPT_PROSE_CHARS]))
                else:
                    budget = MAX_SCRIPT_PROSE_CHARS - sum(map(len, self.scripts))
                    if budget > 0:
                        self.scripts.append(text[:budget])
        return title[:MAX_BLOCK_CHARS]

    def _shown_chars(self) -> int:
        return sum(len(b.text) for b in self.blocks if b.kind not in UNSHOWN_KINDS)

    def _needs_script(self) -> bool:
        """A short page whose text scripts fill in or hold back (checked on short pages only)."""
        shown = [b.text for b in self.blocks if b.kind not in UNSHOWN_KINDS]
        if sum(map(len, shown)) >= SHORT_PAGE_CHARS:
            return False
        # a prerendered app keeps its <noscript> plea beside the text it shows: only a plea
        # said to everyone, or one with nothing else shown, says the text is not here
        if any(SCRIPT_WALL.search(text) for text in shown if text not in self.noscript_walls):
            return True
        mounts = [self.root.get_element_by_id(name, None) for name in APP_ROOTS]
        mounts = [mount for mount in mounts if mount is not None]
        if self.noscript_walls & set(shown):
            # beside the plea, a footer or a cookie line is no rendered page; an app's mount
            # holding text, or text enough elsewhere, is
            others = sum(len(text) for text in shown if text not in self.noscript_walls)
            rendered = any(len(_shown_text(mount)) > EMPTY_MOUNT_CHARS for mount in mounts)
            if not rendered and others < JS_SUSPECT_TEXT_CHARS:
                return True
        if self.unrendered_bindings:
            return True
        if any(not _shown_text(view) for view in VIEW_OUTLETS(self.root)):
            return True
        if not mounts:
            return self.app_data  # a framework's data blob and nowhere it was rendered
        return any(len(_shown_text(mount)) <= EMPTY_MOUNT_CHARS for mount in mounts)

    def _visit(self, event: str, element: etree._Element) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event in ("comment", "pi"):
            if element.tail and not self.skip_depth:
                self.buffer.append(element.tail)  # the comment's own text is not page text
            return
        if event == "start":
            if tag == "iframe" and element.get("srcdoc") and not self.skip_depth:
                self._visit_widget(element.get("srcdoc"))
            if self.skip_depth or _is_skipped(tag, element) or _is_duplicate_or_mark(tag, element):
                if not self.skip_depth and tag == "sup":
                    self.buffer.append(" ")  # "arthritis.<sup>1</sup>It" reads as two sentences
                self.skip_depth += 1
                return
            if tag == "astro-island" and element.get("client") == "only":
                # rendered in the browser only: what it shows is in its props, not its markup
                self.island_props.append(element.get("props") or "")
            if tag == "noframes":  # a frameset page's text for visitors without frames
                self._visit_markup(element.text or "")
                self.skip_depth += 1
                return
            if tag == "br":
                one_line = self._block_stack[-1][0] in ONE_LINE_KINDS
                self.buffer.append(" " if one_line else LINE_BREAK)
                return
            if tag == "noscript":
                self.noscript_depth += 1
                said = clean(element.text_content())
                if SCRIPT_WALL.search(said):
                    self.noscript_walls.add(said)
            if _is_block(tag, element):
                self._flush()
                self._block_stack.append(self._kind_of(tag, element))
                self._containers.append(_landmark(element))
                if tag == "td" and self._block_stack[-1][0] == "table_cell":
                    self.buffer.append(self._row_label(element))
            elif tag == "input" and (element.get("type") or "").lower() in SHOWN_INPUT_TYPES:
                label = clean(element.get("value") or "")
                if len(label.split()) >= 3:  # a call to action, not "Send" or "Book now"
                    self._flush()
                    self._emit(label, "paragraph")
            if tag in ("img", "amp-img"):  # <amp-img>, a custom element, is also a block
                alt = clean(element.get("alt") or "")
                # a lazy image's <noscript> twin says again what it says, or says it alone
                # (the lazy one's alt left empty)
                if len(alt) > 20 and not (self.noscript_depth and alt in self.alts):
                    self.alts.add(alt)
                    self._flush()
                    self._emit(alt, "alt")
            if tag == "span" and self.buffer and _displays_as_block(element):
                self.buffer.append(" ")
            text = _counter_value(element) or element.text
            if text:
                if self.buffer and _glued(self.buffer[-1], text):
                    self.buffer.append(" ")  # "<span>Disc Disease</span><span>Stem cells…"
                self.buffer.append(text)
            return
        if self.skip_depth:
            self.skip_depth -= 1
            if self.skip_depth:
                return
        elif _is_block(tag, element):
            self._flush()
            self._block_stack.pop()
            self._containers.pop()
        elif tag == "noscript":
            self.noscript_depth -= 1
        if element.tail:
            self.buffer.append(element.tail)

    def _visit_widget(self, markup: str) -> None:
        """An iframe's srcdoc: a page of its own inline, whose headings end with it."""
        headings = (self.heading, self.section, dict(self.open_headings))
        self._visit_markup(markup)
        self._flush()
        self.heading, self.section, self.open_headings = headings

    def _visit_markup(self, markup: str) -> None:
        """Markup kept as text (lxml's <noframes> content, an iframe's srcdoc), read as page
        markup."""
        if not markup.strip():
            return
        try:
            fragment = html.fragment_fromstring(markup, create_parent="div")
        except (etree.ParserError, ValueError):
            return
        for event, element in etree.iterwalk(fragment, events=("start", "end", "comment", "pi")):
            self._visit(event, element)

    def _kind_of(self, tag: str, element: etree._Element) -> tuple[str, str, int | None]:
        parent_kind, _, parent_list = self._block_stack[-1]
        if parent_kind == "list_item" and (
            tag in HEADINGS or (tag in HEADING_LIKE_TAGS and _heading_level(element))
        ):
            return ("list_item", tag, parent_list)  # an item's title: "<li><h3>Sciatica</h3>"
        if tag in HEADINGS:
            return ("heading", tag, None)
        level = _heading_level(element) if tag in HEADING_LIKE_TAGS else 0
        if level:
            return ("heading", f"h{level}", None)
        if parent_kind == "comment" or _names_comments(element):
            # the site's own reply in a WordPress thread speaks as the site
            own_reply = "bypostauthor" in (element.get("class") or "").split()
            return ("paragraph" if own_reply else "comment", tag, None)
        if tag == "li" or element.get("role") == "listitem":  # Wix and Webflow lists are divs
            parent = element.getparent()
            key = parent if parent is not None else 0  # the element: an id() is reused once freed
            list_id = self.list_ids.setdefault(key, len(self.list_ids) + 1)
            return ("list_item", tag, list_id)
        if tag in ("td", "th"):
            layout = self._is_layout_table(element)
            return ("paragraph" if layout else "table_cell", tag, None)
        if tag in ("summary", "dt"):
            return ("faq_question", tag, None)
        if tag == "button" or element.get("role") == "button":
            toggle = element.get("aria-expanded") is not None or TOGGLE_HINT.search(
                _class_and_id(element)
            )
            return ("faq_question" if toggle else "paragraph", tag, None)
        if tag == "dd" or (tag != "details" and parent_kind == "faq_answer"):
            return ("faq_answer", tag, None)
        if tag == "details":
            return ("faq_answer", tag, None)
        if tag in ("blockquote", "figcaption"):
            return ("quote", tag, None)
        if tag in NEVER_FOOTER:
            return ("paragraph", tag, None)
        if tag == "footer" or parent_kind == "footer" or _names_footer(element):
            return ("footer", tag, None)
        if parent_kind in ("list_item", "table_cell", "quote", "faq_question"):
            return (parent_kind, tag, parent_list)
        return ("paragraph", tag, None)

    def _is_layout_table(self, cell: etree._Element) -> bool:
        """Whether the cell's table lays out the page (a 2000s site's sidebar, menu, footer and
        content cells) rather than holding data: a cell of it holds a list, a heading, a form
        or another table. Its cells are read as the page's paragraphs, not as one table."""
        table = next(cell.iterancestors("table"), None)
        if table is None:
            return False
        if table not in self.layout_tables:
            self.layout_tables[table] = bool(LAYOUT_CELL(table))
        return self.layout_tables[table]

    def _row_label(self, cell: etree._Element) -> str:
        """ "Risk of complications: " before a value of a comparison table ("Virtually none"),
        in the column of the treatment a clinic offers, or in a table without column headings:
        the value alone says nothing. Empty elsewhere (the surgery column's "60%" is no
        claim)."""
        row = cell.getparent()
        if row is None:
            return ""
        cells = _cells(row)
        index = next((i for i, c in enumerate(cells) if c is cell), 0)
        if index == 0:
            return ""
        label = _shown_text(cells[0])
        if (
            DIGITS_OR_MARKS.match(label)  # a year or a count is no label: "2019 | Clinic opens"
            or len(label.split()) > MAX_ROW_LABEL_WORDS
            or label[-1] in ".!?"
        ):
            return ""
        value = _shown_text(cell)
        headings = self._column_headings(row)
        if headings is not None:
            heading = headings[index] if index < len(headings) else ""
            if not OFFERED_COLUMN.search(heading):
                # a data table's figure ("Degenerative disc disease | 87%") is read with its
                # row and column; a comparison table's other treatments stay bare
                if (
                    heading
                    and FIGURE.match(value)
                    and not any(OFFERED_COLUMN.search(text) for text in headings)
                ):
                    return f"{label.rstrip(':')}, {heading.rstrip(':')}: "
                return ""
        return f"{label.rstrip(':')}: " if value else ""

    def _column_headings(self, row: etree._Element) -> list[str] | None:
        """The column headings of the row's table (None for the heading row itself, and for a
        table without one: a first row of <th> or empty cells)."""
        table = next(row.iterancestors("table"), None)
        if table is None:
            return None
        if table not in self.column_headings:
            first = table.find(".//tr")
            cells = _cells(first) if first is not None else []
            texts = [_shown_text(c) for c in cells]
            headed = all(c.tag.lower() == "th" or not t for c, t in zip(cells, texts, strict=True))
            self.column_headings[table] = (first, texts if cells and headed else None)
        first, headings = self.column_headings[table]
        return None if row is first else headings

    def _flush(self) -> None:
        if not self.buffer:
            return
        markup_text = "".join(self.buffer)
        self.buffer = []
        if "[" in markup_text:
            markup_text = SHORTCODE.sub(" ", markup_text)
        kind, tag, list_id = self._block_stack[-1]
        lines = _lines(markup_text)
        if kind == "paragraph" and tag != "address" and _is_line_list(lines):  # "COPD<br>ALS"
            kind, list_id = "list_item", self.list_ids.setdefault(object(), len(self.list_ids) + 1)
        for text in lines:
            if kind == "heading":
                self._open_heading(int(tag[1]), text[:300])
            if kind == "faq_question" and "?" not in text:
                # a toggle or term, not a question; a term (<dt>) starts its own block
                self._emit(text, "paragraph", list_id, continues=tag != "dt")
            else:
                self._emit(text, kind, list_id)

    def _open_heading(self, level: int, text: str) -> None:
        """A heading closes the sections at its level and below; the nearest one above it
        ("Conditions we treat with stem cells" over "Spine") is the section it opens in."""
        self.open_headings = {
            higher: heading for higher, heading in self.open_headings.items() if higher < level
        }
        self.section = self.open_headings[max(self.open_headings)] if self.open_headings else ""
        self.open_headings[level] = text
        self.heading = text

    def _emit(
        self, text: str, kind: str, list_id: int | None = None, continues: bool = True
    ) -> None:
        if "{{" in text and UNRENDERED_BINDINGS.match(text):
            self.unrendered_bindings += 1  # what a visitor reads is not in the markup
            return
        if continues and self._continues_previous(text, kind):
            previous = self.blocks[-1]
            self.blocks[-1] = replace(previous, text=f"{previous.text} {text}")
            return
        self._last_container = self._containers[-1]
        # a heading sits under the one it opens in: "Conditions we treat" over a grid of cards
        # titled "Degenerative Disc Disease", "COPD", "Multiple Sclerosis"
        heading, section = (self.section, "") if kind == "heading" else (self.heading, self.section)
        for start in range(0, len(text), MAX_BLOCK_CHARS):
            self.blocks.append(
                Block(
                    text=text[start : start + MAX_BLOCK_CHARS],
                    kind=kind,
                    heading=heading,
                    section=section,
                    list_id=list_id,
                )
            )

    def _continues_previous(self, text: str, kind: str) -> bool:
        """Site builders set one sentence as several paragraphs ("Our stem cell injections" /
        "heal herniated discs", "report a" / "92% reduction in pain"): a paragraph that starts
        in lower case, or follows one stopped on a word no sentence ends with, continues one
        that did not end."""
        if kind != "paragraph" or not self.blocks:
            return False
        previous = self.blocks[-1]
        return (
            previous.kind == "paragraph"
            and self._last_container is self._containers[-1]  # not across <main> and <aside>
            and previous.heading == self.heading
            and not ENDS_LINE.search(previous.text)
            and len(previous.text) + len(text) < MAX_BLOCK_CHARS
            and (text[0].islower() or _runs_on(previous.text))
        )

    def _jsonld(self, text: str) -> None:
        try:
            data = json.loads(text, strict=False)  # hand-written blocks break lines in strings
        except (ValueError, RecursionError):
            return
        for node in _jsonld_nodes(data):
            types = node.get("@type")
            types = types if isinstance(types, list) else [types]
            types = [t for t in types if isinstance(t, str)]
            for key in ("datePublished", "dateModified"):
                self._note_date(key.lower(), node.get(key))
            if "Question" in types:
                self.structured.extend(_question_blocks(node))
            if any(t in OFFER_JSONLD_TYPES for t in types):
                description = _markup_text(node.get("description"))
                if description:
                    self.structured.append(Block(text=description, kind="jsonld"))
            if any(t in HOWTO_STEP_TYPES for t in types):
                step = _markup_text(node.get("text"))
                if step:
                    self.structured.append(Block(text=step, kind="jsonld"))
            if "Review" in types:  # a review widget publishes its reviews here, often only here
                review = _markup_text(node.get("reviewBody"))
                if review:
                    self.structured.append(Block(text=review, kind="jsonld"))
            if "VideoObject" in types:  # what the video says, as a search engine reads it
                for key in ("description", "transcript"):
                    spoken = _markup_text(node.get(key))
                    if spoken:
                        self.structured.append(Block(text=spoken, kind="jsonld"))
            if not any(t in JSONLD_TYPES for t in types):
                continue
            self.facts.merge(_facts_from_jsonld(node))
            description = node.get("description")
            if isinstance(description, str) and clean(description):
                self.blocks.append(Block(text=clean(description)[:MAX_BLOCK_CHARS], kind="jsonld"))

    def _note_date(self, name: str, value: object) -> None:
        dates = (
            self.published if name in PUBLISHED_NAMES
            else self.modified if name in MODIFIED_NAMES
            else None
        )  # fmt: skip
        stated = page_date(value) if dates is not None else ""
        if stated:
            dates.append(stated)

    def _add_unshown(self, blocks: list[Block]) -> None:
        """Structured-data text that the page's own text does not already say: an FAQ that
        is both shown and in JSON-LD is read once, as shown."""
        if not blocks:
            return
        shown = " ".join(_words(block.text) for block in self.blocks)
        for block in blocks:
            words = _words(block.text)
            if words and words not in shown:
                self.blocks.append(block)
                shown += " " + words


def _landmark(element: etree._Element) -> etree._Element | None:
    """The nearest <main>, <aside>, <nav>, <header>, <footer> or <article> around an element."""
    return next(element.iterancestors(*LANDMARKS), None)


def _is_skipped(tag: str, element: etree._Element) -> bool:
    """Tags whose text no visitor reads as the page's words. A declarative shadow root's
    <template> is shown, and so is one that Alpine.js or Vue shows on a condition (a modal, a
    tab, a banner). A list entry that is only a link to a tag or category archive ("back pain"
    in a blog's Labels widget) files posts, it claims nothing."""
    if tag == "template":
        return not any(name in SHOWN_TEMPLATE_ATTRIBUTES for name in element.attrib)
    if tag == "li":
        return _is_archive_link_entry(element)
    return tag in SKIPPED_TAGS


def _is_archive_link_entry(item: etree._Element) -> bool:
    """A list entry holding only a tag or category link, and perhaps its post count."""
    children = list(item)
    if len(children) != 1 or children[0].tag != "a" or (item.text or "").strip():
        return False
    link = children[0]
    if (link.tail or "").strip(" \t\n()0123456789"):  # a post count "(3)" may follow
        return False
    return "tag" in (link.get("rel") or "").split() or bool(
        TAXONOMY_LINK.search(link.get("href") or "")
    )


def _heading_level(element: etree._Element) -> int:
    """A <div> that builders and ARIA make a heading: role="heading" aria-level="2", class "h2",
    Elementor's "elementor-heading-title"; 0 when it is none."""
    if element.get("role") == "heading":
        level = (element.get("aria-level") or "2").strip()
        return int(level) if level in ("1", "2", "3", "4", "5", "6") else 2
    classes = (element.get("class") or "").split()
    for name in classes:
        if len(name) == 2 and name[0] == "h" and name[1] in "123456":
            return int(name[1])
    return 2 if HEADING_CLASS in classes else 0


def _is_block(tag: str, element: etree._Element) -> bool:
    """Block tags, and custom elements (slider layers such as <rs-layer>), which pages style
    as blocks; not a <div> styled inline, as animation libraries (GSAP SplitText) wrap each
    word and letter of a heading."""
    if tag == "div":
        return "inline" not in (element.get("style") or "")
    return tag in BLOCK_TAGS or "-" in tag


def _cells(row: etree._Element) -> list[etree._Element]:
    return [c for c in row if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]


def _shown_text(element: etree._Element) -> str:
    """An element's text as shown, without the styles, scripts and templates inside it."""
    return clean(" ".join(MOUNT_TEXT(element)))


def _join_figures(blocks: list[Block]) -> list[Block]:
    """A statistic shown as a big number and its label ("96%" over "success rate for disc
    repair") is one sentence, number first: a term's number follows it (<dt>label</dt>
    <dd>94%</dd>, which the page shows above it), any other number precedes its label."""
    if not any(FIGURE_ONLY.match(block.text) for block in blocks):
        return blocks
    joined: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        after = blocks[index + 1] if index + 1 < len(blocks) else None
        if not FIGURE_ONLY.match(block.text) or block.kind in ("list_item", "table_cell"):
            joined.append(block)
        elif block.kind == "faq_answer" and joined and _is_figure_label(joined[-1]):
            joined[-1] = replace(joined[-1], text=f"{block.text} {joined[-1].text}")
        elif block.kind != "faq_answer" and after is not None and _is_figure_label(after):
            joined.append(replace(after, text=f"{block.text} {after.text}", kind="paragraph"))
            index += 1
        else:
            joined.append(block)
        index += 1
    return joined


def _is_figure_label(block: Block) -> bool:
    return (
        block.kind in ("paragraph", "heading")
        and not FIGURE_ONLY.match(block.text)
        and len(block.text.split()) <= MAX_FIGURE_LABEL_WORDS
        and not ENDS_LINE.search(block.text)
    )


def _displays_as_block(element: etree._Element) -> bool:
    classes = element.get("class")
    if classes and not BLOCK_DISPLAY_CLASSES.isdisjoint(classes.split()):
        return True
    style = element.get("style")
    return bool(style) and "display:block" in style.replace(" ", "").lower()


def _is_duplicate_or_mark(tag: str, element: etree._Element) -> bool:
    """A footnote mark (<sup>1</sup>), or markup a page builder prints twice."""
    if tag == "sup":
        return len(element) == 0 and bool(DIGITS_OR_MARKS.match(element.text or ""))
    classes = element.get("class")
    return bool(classes) and not DUPLICATE_MARKUP_CLASSES.isdisjoint(classes.split())


def _counter_value(element: etree._Element) -> str:
    """An animated counter's final number, as a visitor sees it once it has run; '' if none.

    The number is on the element itself (Elementor), or, for an empty number element, on the
    counter module around it (Divi's data-number-value)."""
    if len(element) or not DIGITS_OR_MARKS.match(element.text or ""):
        return ""
    holders = [element]
    if not (element.text or "").strip() and COUNTER_NUMBER_CLASS.search(element.get("class") or ""):
        holders.extend(islice(element.iterancestors(), MAX_COUNTER_DEPTH))
    for holder in holders:
        for attribute in COUNTER_VALUE_ATTRIBUTES:
            value = holder.get(attribute)
            if value and COUNTER_NUMBER.match(value):
                return value.strip()
    return ""


def _lines(markup_text: str) -> list[str]:
    """A block's text split at its <br>s, where a line ends: "Our stem cell therapy<br>reverses
    arthritis" is one sentence wrapped, "12 Main St<br>Tucson, AZ" two lines."""
    lines: list[str] = []
    for line in markup_text.split(LINE_BREAK):
        line = clean(line)
        if not line:
            continue
        if lines and not ENDS_LINE.search(lines[-1]) and (line[0].islower() or _runs_on(lines[-1])):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return lines


def _is_line_list(lines: list[str]) -> bool:
    """Lines of a paragraph that list things, one per <br>: three or more of them."""
    return len(lines) >= MIN_LINE_LIST and all(_is_list_line(line) for line in lines)


def _is_list_line(line: str) -> bool:
    """A line that names one thing: a few words, no sentence, no number (an address, opening
    hours)."""
    return (
        len(line.split()) <= MAX_LINE_LIST_WORDS
        and not ENDS_LINE.search(line)
        and not any(character.isdigit() for character in line)
    )


def _runs_on(line: str) -> bool:
    """A line that stops on a word no sentence ends with: "Our stem cells are<br>FDA approved".
    A paragraph's closing "Read more" link ends it, though "more" is such a word."""
    last = line.rsplit(" ", 1)[-1].lower()
    return last in RUN_ON_WORDS and not READ_MORE_LINK.search(line)


def _glued(before: str, text: str) -> bool:
    """Two inline elements a stylesheet sets apart (card titles, display:block spans), whose
    words would run together: a word or sentence that ended, then a capitalised word. A word
    split over two elements ("You<span>Tube</span>") is split; lists of names are not glued."""
    return bool(before) and (before[-1].islower() or before[-1] in ".!?") and text[0].isupper()


def _class_and_id(element: etree._Element) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"


def _names_comments(element: etree._Element) -> bool:
    """Readers' comments (WordPress's "comments-area" and "comment-list", a news site's
    "comments" section): what visitors wrote, not what the site says."""
    names = _class_and_id(element).lower()
    return "comment" in names and not COMMENT_NAMES.isdisjoint(names.split())


def _names_footer(element: etree._Element) -> bool:
    for name in _class_and_id(element).lower().split():
        parts = NAME_PARTS.split(name)
        if parts[0] in FOOTER_WORDS or parts[-1] in FOOTER_WORDS:
            return True
    return False


def _caption_blocks(body: etree._Element, attributes: bool) -> list[Block]:
    """Text shown on hover or click (a tooltip, a lightbox caption) or drawn in an inline SVG
    infographic, read after the page's own text unless that already says it. `attributes`:
    whether the markup names a caption attribute at all."""
    texts: list[str] = []
    captioned = CAPTIONED(body) + (ATTRIBUTE_CAPTIONED(body) if attributes else [])
    for element in captioned:
        if element.tag == "svg":  # its <text> lines, wrapped as _lines wraps <br>s
            texts.extend(_lines(LINE_BREAK.join(t.text_content() for t in element.iter("text"))))
            continue
        texts.extend(
            element.get(name) or "" for name in (*CAPTION_ATTRIBUTES, "title", "aria-label")
        )
    return _captions(texts)


def _captions(texts: Iterable[str]) -> list[Block]:
    """Caption texts as blocks, once each: those of a few words or more."""
    return [
        Block(text=text[:MAX_BLOCK_CHARS], kind="alt")
        for text in dict.fromkeys(clean(text) for text in texts)
        if text.count(" ") + 1 >= MIN_CAPTION_WORDS
    ]


def _nav_prose_blocks(body: etree._Element) -> list[Block]:
    """Sentences in a menu: a promo paragraph, a menu item's description, a dropdown's answer;
    not a menu entry, whose text is its link's."""
    blocks = []
    taken: set[etree._Element] = set()
    for element in (e for nav in body.iter("nav") if _has_prose(nav) for e in NAV_PROSE(nav)):
        if any(ancestor in taken for ancestor in element.iterancestors()):
            continue  # a <span> of a paragraph already read
        text = clean(element.text_content())
        if text.count(" ") + 1 < MIN_NAV_PROSE_WORDS:
            continue
        linked = sum(len(clean(link.text_content())) for link in element.iter("a"))
        if linked < len(text) / 2:
            taken.add(element)
            blocks.append(Block(text=text[:MAX_BLOCK_CHARS], kind="paragraph"))
            if len(blocks) >= MAX_NAV_PROSE_BLOCKS:
                break
    return blocks


def _has_prose(nav: etree._Element) -> bool:
    """Whether a menu holds words that are not its links' (most menus hold none)."""
    if next(nav.iterancestors("nav"), None) is not None:
        return False  # read with the menu around it
    words = len(nav.text_content().split())
    linked = sum(len(link.text_content().split()) for link in nav.iter("a"))
    return words - linked >= MIN_NAV_PROSE_WORDS


def _is_angular_state(element: etree._Element, script_type: str) -> bool:
    """`<script id="ng-state">`, or another "-state" script on a page an Angular app rendered
    (its root element carries `ng-version`), not any JSON whose id ends so."""
    script_id = element.get("id") or ""
    if script_type != "application/json" or not script_id.endswith(ANGULAR_STATE_SUFFIX):
        return False
    return script_id == ANGULAR_STATE_ID or bool(ANGULAR_ROOT(element.getroottree()))


def _app_data_blocks(blob: str) -> list[Block]:
    """The prose of a framework's data blob: its strings of several words that are mostly
    letters (not URLs, ids or code), HTML strings read as text."""
    blocks: list[Block] = []
    for _, value in app_data_strings(blob):
        if value.count(" ") + 1 >= MIN_PROSE_WORDS:
            text = _markup_text(value)
            if _is_prose(text):
                blocks.append(Block(text=text, kind="app_data"))
                if len(blocks) >= MAX_APP_DATA_BLOCKS:
                    break
    return blocks


def _script_prose_blocks(scripts: list[str]) -> list[Block]:
    """Whole sentences a page's inline scripts hold ("Your score shows stem cells can heal your
    sciatica."): string literals that start with a capital, end as a sentence ends and read as
    prose, not code, URLs or labels. Kept as `app_data`, text the page shows only when its
    scripts run."""
    blocks: list[Block] = []
    for script in scripts:
        for literal in _js_string_literals(script):
            text = _markup_text(literal)
            if _reads_as_a_sentence(text):
                blocks.append(Block(text=text, kind="app_data"))
                if len(blocks) >= MAX_SCRIPT_PROSE_BLOCKS:
                    return blocks
    return blocks


def _reads_as_a_sentence(text: str) -> bool:
    return (
        len(text.split()) >= SCRIPT_PROSE_WORDS
        and text[0].isupper()
        and text[-1] in ".!?"
        and _is_prose(text)
    )


def _is_prose(text: str) -> bool:
    """Mostly letters and spaces, and no URL, path, selector or code."""
    return (
        bool(text)
        and not NOT_PROSE.search(text)
        and len(PROSE_CHARS.findall(text)) >= 0.8 * len(text)
    )


def _string_literals(script: str) -> str:
    """A script's string literals as a JSON list; a literal that is itself JSON (a state
    handed to `JSON.parse`) as what it decodes to."""
    values: list[object] = []
    for value in _js_string_literals(script):
        if value[:1] in ("{", "["):
            try:
                values.append(json.loads(value))
                continue
            except ValueError:
                pass
        values.append(value)
        if len(values) >= MAX_APP_DATA_VALUES:
            break
    return json.dumps(values)


def _js_string_literals(script: str) -> Iterator[str]:
    """The values of a script's closed string literals, outside its comments, in order."""
    for match in JS_TOKENS.finditer(script):
        body = next((i for i in (1, 3, 5) if match.group(i + 1) is not None), None)
        if body is not None:
            yield JS_ESCAPE.sub(_unescaped, match.group(body))


def _unescaped(escape: re.Match[str]) -> str:
    """A JavaScript escape's character: "\\u002F" and "\\x41" by their code, "\\n" a line
    break, any other ("\\"", "\\'") the character itself."""
    code = escape[1]
    if len(code) > 1:
        return chr(int(code[1:], 16))
    return JS_ESCAPES.get(code, code)


def app_data_strings(blob: str) -> Iterator[tuple[str, str]]:
    """(key, string) pairs of a framework's JSON data blob, breadth first and bounded; the key
    is "" for a list's items. Nothing when the blob is not JSON."""
    try:
        data = json.loads(blob)
    except (ValueError, RecursionError):
        return
    pending: deque[tuple[str, object]] = deque([("", data)])
    visited = 0
    while pending and visited < MAX_APP_DATA_VALUES:
        key, value = pending.popleft()
        visited += 1
        if isinstance(value, dict):
            pending.extend((str(k), v) for k, v in value.items())
        elif isinstance(value, list):
            pending.extend(("", item) for item in value)
        elif isinstance(value, str):
            yield key, value


def _slideshow_captions(script: str) -> list[Block]:
    """The captions a Weebly slideshow shows, kept only in the script that draws it:
    wSlideshow.render({images: [{"url": …, "caption": "…"}]})."""
    captions = []
    for match in SLIDESHOW_CAPTION.finditer(script[:MAX_SLIDESHOW_SCRIPT]):
        try:
            captions.append(json.loads(f'"{match.group(1)}"'))
        except ValueError:
            continue
    return _captions(captions[:MAX_SCRIPT_CAPTIONS])


def _lightbox_captions(text: str) -> list[Block]:
    """The captions a Webflow lightbox shows, kept in its JSON script: {"items": [{"caption"}]}."""
    try:
        data = json.loads(text, strict=False)
    except (ValueError, RecursionError):
        return []
    items = data.get("items") if isinstance(data, dict) else None
    captions = [item.get("caption") for item in items or [] if isinstance(item, dict)]
    return _captions(c for c in captions[:MAX_SCRIPT_CAPTIONS] if isinstance(c, str))


def _jsonld_nodes(data: object) -> Iterator[dict]:
    """Every node of a JSON-LD document, nested ones included: services sit in a clinic's
    hasOfferCatalog, FAQs in a WebPage's mainEntity. Bounded in depth and count."""
    pending: deque[tuple[object, int]] = deque([(data, 0)])
    seen = 0
    while pending and seen < MAX_JSONLD_NODES:
        value, depth = pending.popleft()
        if depth > 8:
            continue
        if isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)
        elif isinstance(value, dict):
            seen += 1
            yield value
            pending.extend(
                (item, depth + 1) for item in value.values() if isinstance(item, list | dict)
            )


def page_date(value: object) -> str:
    """An ISO 8601 date or time a page states, in UTC when it has a zone; "" when it is not
    one, or is before the web's clinics or in the future (a theme's placeholder)."""
    if not isinstance(value, str) or not value.strip():
        return ""
    text = value.strip().replace("Z", "+00:00")
    try:
        stated = datetime.fromisoformat(text)
    except ValueError:
        try:
            stated = datetime.fromisoformat(text[:10])
        except ValueError:
            return ""
    now = datetime.now(UTC)
    if stated.tzinfo is not None:
        stated = stated.astimezone(UTC)
    if stated.year < EARLIEST_PAGE_YEAR or stated.date() > (now + timedelta(days=1)).date():
        return ""
    if len(text) <= 10:
        return stated.date().isoformat()
    return stated.isoformat(timespec="seconds")


def _question_blocks(question: dict) -> list[Block]:
    """A schema.org Question (an FAQPage's entry, inline or a node of the @graph) and its
    accepted answers."""
    blocks = []
    asked = _markup_text(question.get("name"))
    if asked:
        blocks.append(Block(text=asked, kind="faq_question"))
    answers = question.get("acceptedAnswer")
    for answer in answers if isinstance(answers, list) else [answers]:
        text = _markup_text(answer.get("text")) if isinstance(answer, dict) else ""
        if text:
            blocks.append(Block(text=text, kind="faq_answer", heading=asked))
    return blocks


def _markup_text(value: object) -> str:
    """Plain text of a JSON-LD string, which plugins often fill with HTML ("<p>Our…</p>")."""
    if not isinstance(value, str):
        return ""
    if "<" in value:
        try:
            fragment = html.fragment_fromstring(value, create_parent="div")
        except (etree.ParserError, ValueError):
            return ""
        for element in fragment.iter():
            if element.tag in BLOCK_TAGS or element.tag == "br":  # "</p><p>" parts words
                element.tail = " " + (element.tail or "")
        value = fragment.text_content()
    elif "&" in value:
        value = unescape(value)
    return clean(value)[:MAX_BLOCK_CHARS]


def _words(text: str) -> str:
    return " ".join(WORDS.findall(text.lower()))


def _facts_from_jsonld(node: dict) -> ClinicFacts:
    facts = ClinicFacts(name=_string(node.get("name")), phone=_string(node.get("telephone")))
    address = node.get("address")
    if isinstance(address, list) and address:
        address = address[0]
    if isinstance(address, dict):
        facts.street = _string(address.get("streetAddress"))
        facts.city = _string(address.get("addressLocality"))
        facts.state = _string(address.get("addressRegion")).upper()[:2]
        facts.postal_code = _string(address.get("postalCode"))[:10]
        country = address.get("addressCountry")
        if isinstance(country, dict):
            country = country.get("name")
        facts.country = _string(country)[:40]
    geo = node.get("geo")
    if isinstance(geo, dict):
        try:
            facts.latitude = float(geo.get("latitude"))
            facts.longitude = float(geo.get("longitude"))
        except (TypeError, ValueError):
            facts.latitude = facts.longitude = None
    return facts


def _facts_from_text(blocks: list[Block]) -> ClinicFacts:
    """The first US address and phone number in the page's footer or address text."""
    facts = ClinicFacts()
    for block in sorted(blocks, key=lambda b: b.kind != "footer"):
        if not facts.postal_code:
            match = US_ADDRESS.search(block.text)
            if match:
                facts.city = match["city"].strip()
                facts.state = match["state"]
                facts.postal_code = match["zip"]
        if not facts.phone:
            phone = US_PHONE.search(block.text)
            if phone:
                facts.phone = "-".join(phone.groups())
        if facts.postal_code and facts.phone:
            break
    return facts


def _string(value: object) -> str:
    return clean(value) if isinstance(value, str) else ""
