"""The result rows every plausibility check returns, and the rules that give them a status.

A check compares a value under test (``value_a``, from the table whose raw file the row names)
with a second opinion (``value_b``: another source, the year before, the latest year the file
could hold). Each comparison is one row of :data:`COLUMNS`; its ``status`` is ``pass``,
``warn`` (the two values differ within the band their definitions explain, or there is no
second value to decide) or ``fail`` (beyond what any definition explains: the run stops).

The tolerance and the note of a row are texts a reader sees in the report's language: made
with :func:`chinatrade.i18n.tr`, under :func:`chinatrade.i18n.capture` (as the rule runs the
checks) they are kept with their messages (``tolerance_message``, ``note_message``, JSON) and
rendered by the report in its language, so the table is the same in every language.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

import pandas as pd

from chinatrade import i18n, lineage, paths
from chinatrade.i18n import tr

PASS, WARN, FAIL = "pass", "warn", "fail"
STATUSES = (PASS, WARN, FAIL)

COLUMNS = [
    "check_id",
    "check",
    "key",
    "subject",
    "measure",
    "year",
    "value_a",
    "source_a",
    "value_b",
    "source_b",
    "unit",
    "difference",
    "difference_unit",
    "tolerance",
    "status",
    "note",
    "raw_file",
    "raw_column",
    "raw_row",
    "severity",
    "source_a_message",
    "source_b_message",
    "tolerance_message",
    "note_message",
]


@dataclass
class Row:
    """One comparison; :meth:`record` turns it into a row of :data:`COLUMNS`."""

    check_id: str
    subject: str
    measure: str
    year: int | None
    value_a: float
    source_a: str
    value_b: float | None
    source_b: str
    unit: str
    difference: float | None
    difference_unit: str
    tolerance: str
    status: str
    note: str = ""
    raw_file: str = ""
    raw_column: str = ""
    raw_row: str = ""
    # how far beyond its bound a failure lies (the error names the worst row of a check)
    severity: float = 0.0

    def record(self) -> dict:
        if self.status not in STATUSES:
            raise ValueError(f"status {self.status!r} is not one of {STATUSES}")
        if self.status == WARN and not self.note:
            self.note = tr(
                "Beyond the pass bound, within the fail bound: the sources' vintages or "
                "definitions may explain the difference; check it before relying on the value."
            )
        year = None if self.year is None or _missing(self.year) else int(self.year)
        key = " ".join(str(part) for part in (self.subject, self.measure, year) if part)
        return {
            "check_id": self.check_id,
            "check": "",  # the check's description, set by run_checks
            "key": key,
            "subject": self.subject,
            "measure": self.measure,
            "year": year,
            "value_a": _number(self.value_a),
            "source_a": self.source_a,
            "value_b": _number(self.value_b),
            "source_b": self.source_b,
            "unit": self.unit,
            "difference": _number(self.difference),
            "difference_unit": self.difference_unit,
            "tolerance": str(self.tolerance),
            "status": self.status,
            "note": str(self.note),
            "raw_file": self.raw_file,
            "raw_column": self.raw_column,
            "raw_row": self.raw_row,
            "severity": float(self.severity),
            "source_a_message": i18n.to_json(self.source_a),
            "source_b_message": i18n.to_json(self.source_b),
            "tolerance_message": i18n.to_json(self.tolerance),
            "note_message": i18n.to_json(self.note),
        }


def frame(rows: list[Row]) -> pd.DataFrame:
    """The rows as a table of :data:`COLUMNS` (``year`` an integer that may be missing)."""
    table = pd.DataFrame([row.record() for row in rows], columns=COLUMNS)
    return table.astype({"year": "Int64"})


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def _number(value) -> float:
    return float("nan") if _missing(value) else float(value)


# --- statuses ------------------------------------------------------------------------------


def relative_difference_pct(value_a: float, value_b: float, base: float | None = None) -> float:
    """100 (A - B) / |base| (base: B unless given)."""
    base = value_b if base is None else base
    if _missing(value_a) or _missing(value_b) or _missing(base) or base == 0:
        return float("nan")
    return 100.0 * (value_a - value_b) / abs(base)


def band_status(difference: float, low: float, high: float, fail: float) -> str:
    """pass within [low, high], fail beyond ±fail (a difference that is not a number fails:
    a value that cannot be compared is no pass), warn in between."""
    if _missing(difference):
        return FAIL
    if low <= difference <= high:
        return PASS
    return FAIL if abs(difference) > fail else WARN


def factor_status(value_a: float, value_b: float, pass_factor: float, fail_factor: float) -> str:
    """pass when A/B lies within [1/pass_factor, pass_factor], fail beyond fail_factor (or
    when the two have opposite signs or one is zero), warn in between."""
    if _missing(value_a) or _missing(value_b) or value_a <= 0 or value_b <= 0:
        return FAIL
    ratio = max(value_a / value_b, value_b / value_a)
    if ratio <= pass_factor:
        return PASS
    return FAIL if ratio > fail_factor else WARN


def within_tolerance(pass_pct: float, fail_pct: float, rounding_pct: float = 0.0) -> str:
    """The tolerance of a symmetric band, in words."""
    if rounding_pct >= 0.005:
        return tr(
            "pass within ±{pass_pct:g}% plus rounding ({rounding:.2f}%), "
            "fail beyond ±{fail_pct:g}%",
            pass_pct=pass_pct,
            rounding=rounding_pct,
            fail_pct=fail_pct,
        )
    return tr(
        "pass within ±{pass_pct:g}%, fail beyond ±{fail_pct:g}%",
        pass_pct=pass_pct,
        fail_pct=fail_pct,
    )


def cif_tolerance(pass_pct: float, cif_pct: float, fail_pct: float) -> str:
    return tr(
        "pass from -{cif_pct:g}% to +{pass_pct:g}% (a customs value below CIF by freight and "
        "insurance), fail beyond ±{fail_pct:g}%",
        pass_pct=pass_pct,
        cif_pct=cif_pct,
        fail_pct=fail_pct,
    )


def explain_warnings(rows: list[Row], pass_pct: float) -> list[Row]:
    """A warning between two sources says which is out of line where a third value of the
    same year and measure agrees with the value under test within ``pass_pct``."""
    for row in rows:
        if row.status != WARN or row.value_b is None or row.note:
            continue
        for other in rows:
            if other is row or (other.year, other.measure) != (row.year, row.measure):
                continue
            for value, source in ((other.value_a, other.source_a), (other.value_b, other.source_b)):
                if value is None or str(source) in (str(row.source_a), str(row.source_b)):
                    continue
                if abs(relative_difference_pct(row.value_a, value)) <= pass_pct:
                    row.note = tr(
                        "{source} ({value:,.1f}) agrees with the value within {pass_pct:g}%: "
                        "the second source is the one out of line.",
                        source=source,
                        value=value,
                        pass_pct=pass_pct,
                    )
                    break
            if row.note:
                break
    return rows


def no_second_value(what: str) -> str:
    """The note of a row that cannot be decided: no second source holds the value."""
    return tr("No second source holds this value ({what}): it cannot be checked.", what=what)


# --- raw files -----------------------------------------------------------------------------


class RawFiles:
    """Which raw file a row of a canonical table comes from: its ``source_file`` column where
    the table has one (matched to the manifest by file name), else the raw file of the table's
    config role (``sources`` or, for DOTS, ``dots_*``)."""

    def __init__(self, manifest: pd.DataFrame, roles: dict[str, str | list[str]]):
        # manifest: indexed by id, with column 'file'
        self.manifest = manifest
        self.roles = roles
        self._by_name = {os.path.basename(f): i for i, f in manifest["file"].items()}

    def ids(self, role: str) -> list[str]:
        ids = self.roles.get(role, [])
        return list(ids) if isinstance(ids, list) else [ids]

    def id_of_source_file(self, source_file: str) -> str | None:
        """The manifest id of a ``source_file`` cell; of each file, "; "-joined, for a row
        built from several (chinatrade/lineage.py); None when a file is not in the manifest."""
        if not isinstance(source_file, str) or not source_file:
            return None
        ids = [self._by_name.get(os.path.basename(name)) for name in lineage.split(source_file)]
        return None if None in ids else lineage.join(ids)

    def path(self, file_id: str | None) -> str:
        """``data/raw/<manifest file>`` of a manifest id, "; "-joined for several ids ('' when
        unknown)."""
        if file_id is None:
            return ""
        ids = lineage.split(file_id)
        if not ids or any(i not in self.manifest.index for i in ids):
            return ""
        return lineage.SEPARATOR.join(paths.raw_file(self.manifest.at[i, "file"]) for i in ids)

    def path_of_role(self, role: str, index: int = 0) -> str:
        ids = self.ids(role)
        return self.path(ids[index]) if len(ids) > index else ""

    def ids_of_rows(self, table: pd.DataFrame, role: str | None) -> pd.Series:
        """The manifest id of every row of ``table`` (source_file, else the role's only file;
        None where neither decides)."""
        if "source_file" in table.columns:
            found = table["source_file"].map(self.id_of_source_file)
            if found.notna().all():
                return found
        ids = self.ids(role) if role else []
        default = ids[0] if len(ids) == 1 else None
        if "source_file" in table.columns:
            return found.where(found.notna(), default)
        return pd.Series(default, index=table.index, dtype=object)


def census_id(year: int, files: RawFiles) -> str | None:
    """Census annual rows: the workbook to 2022, the newer-vintage extract from 2023."""
    role = "census_selected_partners_2023_2024" if year >= 2023 else "census_country"
    ids = files.ids(role)
    return ids[0] if ids else None


def census_raw(year: int, flow: str) -> tuple[str, str]:
    """(column, row) of the US's exports to or imports from China of ``year`` in the Census
    raw file that holds it: country.xlsx (EYR, IYR) to 2022, the extract from 2023."""
    if year >= 2023:
        return f"{flow}_usd_millions", f"year {year}, census_cty_code 5700 (China)"
    return {"exports": "EYR", "imports": "IYR"}[flow], f"year {year}, CTY_CODE 5700 (China)"
