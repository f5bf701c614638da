"""Atom feeds that stay valid when nothing is new.

datasette-atom computes the feed's `updated` as the newest row's, so a feed reader polling
`newly_flagged_clinics.atom?since=…` on a quiet week got a 500. A feed with no entries is the
right answer there: this wraps the plugin's renderer to give one, and delegates otherwise.
"""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree import ElementTree

from datasette.app import Datasette
from datasette.utils.asgi import Response

ATOM = "http://www.w3.org/2005/Atom"


def serve_empty_atom_feeds(datasette: Datasette) -> None:
    if "atom" not in datasette.renderers:
        return
    render_rows, can_render = datasette.renderers["atom"]

    def render_atom(
        datasette, request, sql, columns, rows, database, table, query_name, view_name, data
    ):
        if rows:
            return render_rows(
                datasette, request, sql, columns, rows, database, table, query_name, view_name,
                data,
            )  # fmt: skip
        queries = (datasette.metadata(database=database) or {}).get("queries") or {}
        title = (queries.get(query_name) or {}).get("title") or query_name or table or sql
        return Response(empty_feed(str(request.url), str(title)), content_type="application/xml")

    datasette.renderers["atom"] = (render_atom, can_render)


def empty_feed(url: str, title: str) -> str:
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    ElementTree.SubElement(feed, f"{{{ATOM}}}id").text = url
    ElementTree.SubElement(feed, f"{{{ATOM}}}title").text = title
    ElementTree.SubElement(feed, f"{{{ATOM}}}updated").text = datetime.now(UTC).isoformat(
        timespec="seconds"
    )
    ElementTree.SubElement(feed, f"{{{ATOM}}}link", href=url, rel="self")
    return ElementTree.tostring(feed, encoding="unicode", xml_declaration=True)
