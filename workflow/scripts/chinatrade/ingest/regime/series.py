"""Transcribed China series: totals and trade modes, China-reported partner trade, and the
transcription log of the pages read.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from chinatrade import validate
from chinatrade.errors import InputDataError
from chinatrade.ingest import source_files
from chinatrade.ingest.regime.codes import _MONTHS, _year
from chinatrade.validate import ROW

SERIES_UNITS = {
    "USD 100 million (亿美元)": "value_usd_100m",
    "CNY 100 million (亿元)": "value_cny_100m",
}
SERIES_FLOWS = {
    "export": "exports",
    "import": "imports",
    "balance": "balance",
    "exports_plus_imports": "total",
}
SERIES_STATUSES = {"reported", "reported_rounded", "derived"}
TRADE_MODES = {"all", "ordinary", "processing_customs", "non_ordinary"}
PARTNERS = {"USA", "EU", "JPN", "KOR", "ASEAN"}

# Cells of the transcribed files whose identity (X + M = total, X - M = balance) fails
# because the quoted pages disagree with each other or with themselves. They are kept and
# flagged, never corrected; anything else that fails stops the parse.
# (partner or 'WORLD', year, period, trade_mode/'all', currency column, flow) -> reason
KNOWN_INCONSISTENT: dict[tuple[str, int, str, str, str, str], str] = {
    ("WORLD", 2024, "1-12", "all", "value_cny_100m", "balance"): (
        "the page (menafn.com) prints a surplus of 7.27 tn yuan, but its own exports 25.45 "
        "and imports 18.39 tn give 7.06 tn"
    ),
    ("KOR", 2021, "1-12", "all", "value_usd_100m", "total"): (
        "total 3,624 (china-nbn) vs exports 1,505.2 (KITA) + imports 2,135.55 (FKI) = "
        "3,640.8 from two other pages (0.5 % gap; series/SOURCES.md)"
    ),
}

TOTALS_COLUMNS = [
    "reporter",
    "reporter_side",
    "year",
    "period",
    "is_partial_year",
    "flow",
    "trade_mode",
    "value_usd_100m",
    "value_cny_100m",
    "status",
    "rounding_unit",
    "consistency_note",
    "source",
    "source_url",
    "note",
    "source_file",
]
BILATERAL_COLUMNS = [
    "reporter",
    "reporter_side",
    "partner",
    "year",
    "period",
    "is_partial_year",
    "flow",
    "value_usd_100m",
    "value_cny_100m",
    "status",
    "rounding_unit",
    "consistency_note",
    "source",
    "source_url",
    "note",
    "source_file",
]


def rounding_unit(value: float) -> float:
    """The precision a transcribed figure carries: the largest power of ten dividing it.

    14,300 ('1.43 trillion') -> 100; 3,517.6 -> 0.1; 2,135.55 -> 0.01; 0 -> 0.01.
    """
    if value == 0 or math.isnan(value):
        return 0.01
    for exponent in range(6, -3, -1):
        unit = 10.0**exponent
        if abs(round(value / unit) * unit - value) < 1e-6:
            return unit
    return 0.01


def _periods(frame: pd.DataFrame, path) -> pd.Series:
    months = {f"Jan-{m}": f"1-{i + 1}" for i, m in enumerate(_MONTHS)} | {"full year": "1-12"}
    validate.allowed(frame, "period", set(months), path)
    return frame.period.map(months)


def _series_values(frame: pd.DataFrame, path) -> pd.DataFrame:
    validate.allowed(frame, "unit", set(SERIES_UNITS), path)
    validate.allowed(frame, "flow", set(SERIES_FLOWS), path)
    validate.allowed(frame, "status", SERIES_STATUSES, path)
    frame["year"] = _year(frame, "year", path)
    frame["value"] = validate.numeric(frame, "value", path, allow_missing=False)
    gross = frame[frame.flow != "balance"]
    validate.non_negative(gross, "value", path)
    frame["flow"] = frame.flow.map(SERIES_FLOWS)
    for unit, column in SERIES_UNITS.items():
        frame[column] = frame.value.where(frame.unit == unit)
    frame["currency_column"] = frame.unit.map(SERIES_UNITS)
    frame["rounding_unit"] = frame.value.map(rounding_unit)
    return frame


def _check_flow_identities(frame: pd.DataFrame, group: list[str], path, partner_of) -> pd.Series:
    """X + M = total and X - M = balance within the sum of the terms' rounding units.

    Returns the consistency note per row ('' or the reason from ``KNOWN_INCONSISTENT``).
    """
    notes = pd.Series("", index=frame.index)
    for key, rows in frame.groupby(group + ["currency_column"]):
        by_flow = rows.set_index("flow")
        values, units = by_flow["value"], by_flow["rounding_unit"]
        for target, sign in [("total", 1.0), ("balance", -1.0)]:
            if not {"exports", "imports", target} <= set(by_flow.index):
                continue
            expected = values["exports"] + sign * values["imports"]
            tolerance = units["exports"] + units["imports"] + units[target]
            found = values[target]
            key_map = {
                name: value.item() if hasattr(value, "item") else value
                for name, value in zip(group + ["currency_column"], key, strict=True)
            }
            known = (
                partner_of(key_map),
                key_map["year"],
                key_map["period"],
                key_map.get("trade_mode", "all"),
                key_map["currency_column"],
                target,
            )
            index = rows.index[rows.flow == target][0]
            if abs(found - expected) <= tolerance:
                continue
            if known in KNOWN_INCONSISTENT:
                notes[index] = (
                    f"exports {'+' if sign > 0 else '-'} imports = {expected:,.1f}, not "
                    f"{found:,.1f}: {KNOWN_INCONSISTENT[known]}"
                )
                continue
            rule = "exports + imports = total" if sign > 0 else "exports - imports = balance"
            raise InputDataError(
                path,
                f"{rule} fails for {key_map}: {values['exports']:g} "
                f"{'+' if sign > 0 else '-'} {values['imports']:g} = {expected:g}, the file "
                f"has {found:g} (tolerance {tolerance:g}, the rounding of the three figures)",
                column="value",
                row=int(rows.at[index, ROW]),
            )
    return notes


def read_china_trade_totals_transcribed(path: str | Path) -> pd.DataFrame:
    """Read ``series/china_trade_totals_and_by_mode_transcribed.csv`` (China, GACC figures).

    Output key (year, period, flow, trade_mode, currency): ``reporter`` 'CHN',
    ``reporter_side`` 'own'; ``period`` '1-12' ('full year') or '1-11' ('Jan-Nov', partial);
    ``is_partial_year``; ``flow`` 'exports', 'imports', 'balance' (exports - imports, may be
    negative), 'total' (exports + imports); ``trade_mode`` 'all', 'ordinary' (一般贸易),
    'processing_customs' (来料 + 进料), 'non_ordinary' (total - ordinary);
    ``value_usd_100m`` (亿美元) or ``value_cny_100m`` (亿元), the other NaN; ``status``
    'reported', 'reported_rounded' or 'derived'; ``rounding_unit`` (see ``rounding_unit``);
    ``consistency_note`` (non-empty for the cells of ``KNOWN_INCONSISTENT``); ``source``,
    ``source_url`` (the page quoted), ``note``; ``source_file`` this file's name.

    Checks: allowed codes, numbers, gross flows non-negative, one row per key, and within
    each (year, period, trade_mode, currency) exports + imports = total and exports -
    imports = balance within the sum of the three figures' rounding units; non_ordinary =
    all - ordinary where both are given.
    """
    columns = [
        "reporter",
        "year",
        "period",
        "flow",
        "trade_mode",
        "value",
        "unit",
        "status",
        "source_url",
        "note",
    ]
    frame = validate.read_text_csv(path, columns)
    validate.allowed(frame, "reporter", {"China (GACC customs statistics)"}, path)
    validate.allowed(frame, "trade_mode", TRADE_MODES, path)
    frame["period"] = _periods(frame, path)
    frame = _series_values(frame, path)
    key = ["year", "period", "flow", "trade_mode", "currency_column"]
    validate.unique_key(frame, key, path)
    frame["consistency_note"] = _check_flow_identities(
        frame, ["year", "period", "trade_mode"], path, lambda k: "WORLD"
    )
    _check_non_ordinary(frame, path)
    out = frame.assign(
        reporter="CHN",
        reporter_side="own",
        is_partial_year=frame.period != "1-12",
        source="GACC figures as quoted in press or government pages (transcribed)",
        source_file=source_files.name_of(path),
    )
    return out[TOTALS_COLUMNS].sort_values(key[:-1]).reset_index(drop=True)


def _check_non_ordinary(frame: pd.DataFrame, path) -> None:
    wide = frame.pivot_table(
        index=["year", "period", "flow", "currency_column"],
        columns="trade_mode",
        values="value",
        aggfunc="first",
    )
    rows = frame.pivot_table(
        index=["year", "period", "flow", "currency_column"],
        columns="trade_mode",
        values=ROW,
        aggfunc="first",
    )
    if not {"all", "ordinary", "non_ordinary"} <= set(wide.columns):
        return
    check = pd.DataFrame({"non_ordinary": wide.non_ordinary, ROW: rows.non_ordinary})
    check = check.reset_index(drop=True)
    validate.identity(
        check,
        "non_ordinary",
        (wide["all"] - wide.ordinary).reset_index(drop=True),
        path,
        rule="non_ordinary = all - ordinary",
        absolute=0.15,
    )


def read_china_bilateral_transcribed(path: str | Path) -> pd.DataFrame:
    """Read ``series/china_bilateral_trade_transcribed.csv``: China-reported partner trade.

    Output key (partner, year, period, flow, currency): ``reporter`` 'CHN',
    ``reporter_side`` 'own' (China customs figures, as quoted); ``partner`` 'USA', 'JPN',
    'KOR', 'ASEAN' or 'EU' (EU of the year's composition: EU15/25/27/28, not the current
    EU27; see ``note``); ``year``; ``period`` '1-12'; ``flow`` 'exports', 'imports',
    'balance', 'total'; ``value_usd_100m`` (亿美元) or ``value_cny_100m`` (亿元; ASEAN 2023
    only); ``status``, ``rounding_unit``, ``consistency_note``, ``source``, ``source_url``,
    ``note``, ``source_file`` (this file's name). Years 2021-2024 are the target period;
    earlier years are check values.

    Checks as ``read_china_trade_totals_transcribed`` (X + M = total, X - M = balance within
    the figures' rounding; the 2021 Korea gap of 0.5 % is flagged, not corrected).
    """
    columns = [
        "reporter",
        "year",
        "partner",
        "flow",
        "value",
        "unit",
        "status",
        "source_url",
        "note",
    ]
    frame = validate.read_text_csv(path, columns)
    validate.allowed(frame, "reporter", {"CHN (China customs, as reported in press)"}, path)
    validate.allowed(frame, "partner", PARTNERS, path)
    frame = _series_values(frame, path)
    frame["period"] = "1-12"
    key = ["partner", "year", "flow", "currency_column"]
    validate.unique_key(frame, key, path)
    frame["consistency_note"] = _check_flow_identities(
        frame, ["partner", "year", "period"], path, lambda k: k["partner"]
    )
    out = frame.assign(
        reporter="CHN",
        reporter_side="own",
        is_partial_year=False,
        source="China customs figures as quoted in press pages (transcribed)",
        source_file=source_files.name_of(path),
    )
    return out[BILATERAL_COLUMNS].sort_values(key[:-1]).reset_index(drop=True)


def read_transcription_log(path: str | Path) -> pd.DataFrame:
    """Read ``series/raw/transcription_log.csv``: each page read and what it states.

    Output columns: ``year_or_period`` (text, e.g. '2012', '2021-2022', '2017 Jan-Nov'),
    ``source_url``, ``transcribed_statement``. Checks: the three
    columns present and non-empty, URLs start with http(s)://, one row per (period, URL).
    """
    columns = ["year_or_period", "source_url", "transcribed_statement"]
    frame = validate.read_text_csv(path, columns)
    for column in columns:
        empty = frame[column].str.strip() == ""
        if empty.any():
            index = empty.idxmax()
            raise InputDataError(path, "empty cell", column=column, row=int(frame.at[index, ROW]))
    bad = ~frame.source_url.str.match(r"https?://")
    if bad.any():
        index = bad.idxmax()
        raise InputDataError(
            path,
            f"{frame.at[index, 'source_url']!r} is not an http(s) address",
            column="source_url",
            row=int(frame.at[index, ROW]),
        )
    validate.unique_key(frame, ["year_or_period", "source_url"], path)
    return frame[columns].reset_index(drop=True)


def unlogged_pages(transcribed: pd.DataFrame, log: pd.DataFrame) -> list[str]:
    """Source pages of a transcribed table that the transcription log does not list."""
    return sorted(set(transcribed.source_url) - set(log.source_url))
