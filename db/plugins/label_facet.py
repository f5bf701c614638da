"""Datasette plugin: the `labels` facet, counts per item of a JSON array whose items are unique
within each row, as every labels column here is (the store writes sets).

Datasette's own array facet removes duplicates by comparing whole rows: ~130 ms over 12,000
flagged clinics, against ~20 ms for this count (benchmarks/bench_datasette.py).
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import ArrayFacet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args


class LabelsFacet(ArrayFacet):
    type = "labels"

    async def suggest(self):
        return []

    async def facet_results(self):
        results, timed_out = [], []
        size = self.get_facet_size()
        pairs = self.get_querystring_pairs()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            sql = (
                f"select item.value as value, count(*) as count from ({self.sql}) as inner_rows"
                f" join json_each(inner_rows.{escape_sqlite(column)}) as item"
                f" group by item.value order by count desc, value limit {size + 1}"
            )
            try:
                rows = await self.ds.execute(
                    self.database,
                    sql,
                    self.params,
                    truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                )
            except QueryInterrupted:
                timed_out.append(column)
                continue
            values = []
            for row in rows.rows[:size]:
                value = str(row["value"])
                selected = (f"{column}__arraycontains", value) in pairs
                change = path_with_removed_args if selected else path_with_added_args
                toggle = change(self.request, {f"{column}__arraycontains": value})
                values.append(
                    {
                        "value": value,
                        "label": value,
                        "count": row["count"],
                        "toggle_url": self.ds.absolute_url(self.request, toggle),
                        "selected": selected,
                    }
                )
            removed = path_with_removed_args(self.request, {f"_facet_{self.type}": column})
            results.append(
                {
                    "name": column,
                    "type": "array",
                    "results": values,
                    "hideable": source_and_config["source"] != "metadata",
                    "toggle_url": self.ds.urls.path(removed),
                    "truncated": len(rows) > size,
                }
            )
        return results, timed_out


@hookimpl
def register_facet_classes():
    return [LabelsFacet]
