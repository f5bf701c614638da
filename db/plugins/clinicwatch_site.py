"""Datasette plugin: highlighted claim sentences, label chips and links to a clinic's evidence.

Crawled text is escaped first; only the <mark> and link tags added here are markup.
"""

from __future__ import annotations

import json
from functools import lru_cache
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils import tilde_encode
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from classifiers.taxonomy import LABELS_BY_NAME, VIOLATION_LABELS

EVIDENCE_TEMPLATE = "query-clinicwatch-clinic_evidence.html"
LABEL_COLUMNS = frozenset({"labels", "violations"})
SENTENCE_VIEWS = frozenset({"claim_search", "claims"})
VIOLATIONS = frozenset(VIOLATION_LABELS)
STYLE_PATH = "/-/clinicwatch.css"
STYLE = """
mark.violation { background: #ffd84d; color: #000; padding: 0 .1em; border-radius: 2px; }
mark.context { background: #d9ecff; color: #000; padding: 0 .1em; border-radius: 2px; }
.label-chip { display: inline-block; margin: 0 .2em .2em 0; padding: 0 .45em; font-size: .85em;
  border-radius: .8em; border: 1px solid #999; white-space: nowrap; }
.label-chip.violation { background: #fff1f0; border-color: #c0392b; color: #8e1c10; }
.label-chip.context { background: #f4f6f8; color: #333; }
.claim { border: 1px solid #ddd; border-left: 6px solid #c0392b; margin: 1em 0; padding: .6em 1em; }
.claim.severity-1 { border-left-color: #e6a700; }
.claim.removed { opacity: .75; border-left-color: #999; }
.claim blockquote { font-size: 1.15em; margin: .2em 0 .6em 0; }
.claim dl, .clinic-facts { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; }
.claim dt, .clinic-facts dt { font-weight: bold; }
.claim dd, .clinic-facts dd { margin: 0; overflow-wrap: anywhere; }
td.col-sentence { min-width: 22em; }
dl.column-descriptions { display: none; }
.columns-explained dl { display: grid; grid-template-columns: max-content 1fr; gap: .1em 1em; }
.columns-explained dt { font-weight: bold; }
.columns-explained dd { margin: 0; color: #555; }
.start-here { display: grid; grid-template-columns: repeat(auto-fit, minmax(16em, 1fr)); gap: 1em; }
.start-here section { border: 1px solid #ddd; padding: .2em 1em .8em 1em; }
.start-here label { display: block; width: auto; margin-top: .6em; }
.start-here input[type=search] { width: 60%; }
.clinic-picker label { width: auto; margin-right: .5em; }
.clinic-picker input[type=text] { width: 20em; }
"""


def _json_list(value: object) -> list:
    if isinstance(value, list):
        return value
    try:
        parsed = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        return []
    return parsed if isinstance(parsed, list) else []


def _spans(sentence: str, highlights: object) -> list[tuple[int, int, set[str]]]:
    """Matched phrases as sorted, merged (start, end, labels); bad offsets are dropped."""
    spans = []
    for item in _json_list(highlights):
        if not isinstance(item, dict):
            continue
        start, end = item.get("start"), item.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(sentence):
            spans.append((start, end, {str(item.get("label", ""))}))
    merged: list[tuple[int, int, set[str]]] = []
    for start, end, labels in sorted(spans, key=lambda span: (span[0], span[1])):
        if merged and start < merged[-1][1]:
            last_start, last_end, last_labels = merged[-1]
            merged[-1] = (last_start, max(last_end, end), last_labels | labels)
        else:
            merged.append((start, end, labels))
    return merged


def highlight_claim(sentence: object, highlights: object = None) -> Markup:
    """The sentence, escaped, with each matched phrase in <mark>."""
    text = "" if sentence is None else str(sentence)
    parts, position = [], 0
    for start, end, labels in _spans(text, highlights):
        kind = "violation" if labels & VIOLATIONS else "context"
        title = ", ".join(sorted(label for label in labels if label))
        parts.append(escape(text[position:start]))
        parts.append(
            Markup('<mark class="{}" title="{}">{}</mark>').format(kind, title, text[start:end])
        )
        position = end
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


@lru_cache(maxsize=4096)
def _chips(labels: str) -> Markup:
    chips = []
    for name in _json_list(labels):
        label = LABELS_BY_NAME.get(str(name))
        kind = "violation" if label and label.violation else "context"
        meaning = escape(label.meaning if label else "")
        chips.append(f'<span class="label-chip {kind}" title="{meaning}">{escape(name)}</span>')
    return Markup(" ".join(chips))


def label_chips(labels: object) -> Markup:
    """Each label as a chip whose tooltip is the label's meaning from the taxonomy."""
    return _chips(labels if isinstance(labels, str) else json.dumps(labels))


def web_url(value: object) -> str | None:
    """`value` when it is an http(s) URL, the only kind worth a link."""
    text = str(value or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else None


def evidence_path(datasette, database: str, clinic_id: object) -> str:
    query = urlencode({"clinic_id": str(clinic_id)})
    return f"{datasette.urls.database(database)}/clinic_evidence?{query}"


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["highlight_claim"] = highlight_claim
    env.filters["label_chips"] = label_chips
    env.filters["json_list"] = _json_list
    env.filters["web_url"] = web_url


def _column(row, column: str) -> object:
    """row[column], or None when the page left that column out (?_nocol=…)."""
    try:
        return row[column]
    except (IndexError, KeyError):
        return None


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if table == "flagged_clinics" and column == "name" and _column(row, "clinic_id"):
        return Markup('<a class="evidence-link" href="{}">{}</a>').format(
            evidence_path(datasette, database, row["clinic_id"]), value or row["clinic_id"]
        )
    if table in SENTENCE_VIEWS and column == "sentence":
        return highlight_claim(value, _column(row, "highlights"))
    if table and column in LABEL_COLUMNS and isinstance(value, str) and value.startswith("["):
        return label_chips(value)
    return None


@hookimpl
def extra_template_vars(template, database, request, datasette):
    if template != EVIDENCE_TEMPLATE:
        return None

    async def clinic():
        clinic_id = request.args.get("clinic_id") if request else None
        if not clinic_id:
            return {"clinic": None}
        result = await datasette.get_database(database).execute(
            "select * from clinics where id = ?", [clinic_id]
        )
        row_url = datasette.urls.row(database, "clinics", tilde_encode(clinic_id))
        return {"clinic": result.first(), "clinic_row_url": row_url}

    return clinic


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.path(STYLE_PATH)]


async def style(request):
    return Response(STYLE, content_type="text/css; charset=utf-8")


@hookimpl
def register_routes():
    return [(r"^/-/clinicwatch\.css$", style)]
