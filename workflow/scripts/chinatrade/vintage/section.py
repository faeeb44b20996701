"""The report's section "What the new data changed".

Shown only when a raw file's current vintage replaced another (the report rule then passes
``params["revisions"]``; without it the notebook's cell is left out, so the default report is
byte-identical to one made without this module). It lists, from the revision table, the new
years, the revised values beyond the tolerance (old, new, difference) and, from the report's
tables as the last run before the new vintage wrote them, the headline numbers that moved.

``spec`` (built by the report rule): ``table`` (the revision table), ``tolerance_pct``,
``replaced`` (the history rows of the replaced vintages) and ``headline``: report table name
-> ``key``, ``values``, optional ``label`` (a column naming the row), ``current`` and
``before`` (paths; ``before`` None when no earlier tables were kept).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from chinatrade.i18n import tr
from chinatrade.vintage import compare

REVISED_SHOWN = 25
REVISED_COLUMNS = [
    "manifest_id",
    "table",
    "key",
    "column",
    "old_value",
    "new_value",
    "difference",
    "relative_difference_pct",
]
HEADLINE_COLUMNS = ["table", "label", "key", "column", "old_value", "new_value", "difference"]


def parts(spec: dict) -> list:
    """The section as Markdown texts and tables, in order; empty when the revision table has
    no rows (nothing changed beyond the tolerance)."""
    revisions = read_revisions(spec["table"])
    if revisions.empty:
        return []
    out = [
        "## " + tr("What the new data changed"),
        tr(
            "{count} raw file(s) read by this run are a newer vintage than the one they "
            "replaced (history: `{history}`). The workflow's own parser read both vintages, and "
            "their tables are compared on their keys: a value counts as revised when it moved "
            "by more than {tolerance}% of its size, or appeared or disappeared.",
            count=len(spec["replaced"]),
            history="config/raw_data_history.csv",
            tolerance=spec["tolerance_pct"],
        )
        + "\n\n"
        + "\n".join(file_line(row, revisions) for row in spec["replaced"]),
    ]
    revised = revisions[revisions["change"] == "revised"]
    if not revised.empty:
        order = revised["relative_difference_pct"].abs().sort_values(ascending=False)
        shown = revised.loc[order.index[:REVISED_SHOWN], REVISED_COLUMNS]
        out.append(
            tr(
                "**Revised values** ({shown} of {count}, the largest relative revisions first; "
                "every change is in `{table}`):",
                shown=len(shown),
                count=len(revised),
                table="reports/tables/revisions.csv",
            )
        )
        out.append(shown.reset_index(drop=True))
    out += headline_parts(spec)
    return out


def read_revisions(path: str | Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"key": str, "year": "Int64"})


def file_line(replaced: dict, revisions: pd.DataFrame) -> str:
    """One line per replaced vintage: checksums, date, and what changed in it."""
    own = revisions[revisions["manifest_id"] == replaced["id"]]
    new_years = sorted(int(y) for y in own.loc[own["change"] == "new_year", "year"].unique())
    count = {
        change: own.loc[own["change"] == change, ["table", "key"]].drop_duplicates().shape[0]
        for change in ("added", "removed")
    }
    return tr(
        "- `{id}`: {checksum} `{old}` replaced on {date} by `{new}`; new years: {years}; "
        "{revised} value(s) revised, {added} row(s) added, {removed} row(s) removed.",
        id=replaced["id"],
        checksum="SHA-256",
        old=replaced["sha256"][:12],
        date=replaced["replaced_on"],
        new=replaced["replaced_by"][:12],
        years=", ".join(str(y) for y in new_years) or tr("none"),
        revised=int((own["change"] == "revised").sum()),
        added=count["added"],
        removed=count["removed"],
    )


def headline_changes(spec: dict) -> pd.DataFrame | None:
    """The report's numbers that moved beyond the tolerance (columns ``HEADLINE_COLUMNS``),
    or None when no earlier tables were kept."""
    found = []
    for name, entry in spec["headline"].items():
        if not entry.get("before") or not Path(entry["before"]).is_file():
            return None
        key, values = list(entry["key"]), list(entry["values"])
        label = entry.get("label")
        before = pd.read_csv(entry["before"], dtype={k: str for k in key})
        current = pd.read_csv(entry["current"], dtype={k: str for k in key})
        changes = compare.compare(
            before[key + values], current[key + values], key, spec["tolerance_pct"]
        )
        if changes.empty:
            continue
        labels = pd.concat([before, current]).drop_duplicates(key, keep="last")
        labels = (
            compare.key_text(labels[key])
            .to_frame("key")
            .assign(label=labels[label].astype(str).to_numpy() if label else "")
        )
        found.append(changes.merge(labels, on="key", how="left").assign(table=name))
    if not found:
        return pd.DataFrame(columns=HEADLINE_COLUMNS)
    return pd.concat(found, ignore_index=True)[HEADLINE_COLUMNS]


def headline_parts(spec: dict) -> list:
    changes = headline_changes(spec)
    if changes is None:
        return [
            tr(
                "The report's numbers before the new vintage were not kept (there were no "
                "tables of an earlier run when it was taken in), so none are set beside this "
                "run's."
            )
        ]
    if changes.empty:
        return [tr("None of the report's headline numbers moved beyond the tolerance.")]
    return [
        tr(
            "**The report's numbers that moved**, as the last run before the new vintage "
            "computed them beside this run's ({tables}):",
            tables=", ".join(f"`{name}`" for name in spec["headline"]),
        ),
        changes,
    ]
