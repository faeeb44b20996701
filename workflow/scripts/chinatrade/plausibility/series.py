"""Year-on-year jumps in series that do not jump: GDP in current US dollars, exchange rates,
national trade totals (and the US's trade with China).

The rule of :func:`year_on_year`, for each year whose previous year is in the series:

* a change by more than ``fail_factor`` times (up or down) fails: no such series moves so in
  a year, a unit slip (thousands for millions) does;
* a change beyond ``max_change_pct`` (up or down, in percent) fails when the years before and
  after agree with each other within half of it: one value out of line (a mistyped year);
* a change beyond ``max_change_pct`` that lasts, or in the last year (whether it lasts cannot
  be seen), warns: a devaluation or a revision looks like this, and so does an error;
* anything else passes. A value that is not positive fails.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from chinatrade.i18n import tr
from chinatrade.plausibility.core import FAIL, PASS, WARN, RawFiles, Row, census_id, census_raw
from chinatrade.plausibility.flows import CENSUS, CENSUS_COLUMNS, DOTS, WDI_TRADE, label
from chinatrade.plausibility.macro import FX, GDP_WDI, LABELS_MACRO, WEO


@dataclass
class Series:
    """One series: its values by year and where each comes from."""

    check_id: str
    subject: str
    measure: str
    unit: str
    source: str
    values: pd.Series  # year -> value
    raw_file: object  # a path, or a function year -> path
    raw_column: object  # a column, or a function year -> column
    raw_row: object  # a template with {year}, or a function year -> row

    def file_of(self, year: int) -> str:
        return self.raw_file(year) if callable(self.raw_file) else self.raw_file

    def column_of(self, year: int) -> str:
        return self.raw_column(year) if callable(self.raw_column) else self.raw_column

    def row_of(self, year: int) -> str:
        return self.raw_row(year) if callable(self.raw_row) else self.raw_row.format(year=year)


def year_on_year(series: Series, spec: dict) -> list[Row]:
    """The rows of one series (spec: first_year, max_change_pct, fail_factor)."""
    values = series.values.dropna().sort_index()
    values = values[values.index >= spec["first_year"] - 1]
    tolerance = tr(
        "a change beyond ±{max_pct:g}% warns; fails when the years before and after agree "
        "within half of it, or beyond a factor {factor:g}",
        max_pct=spec["max_change_pct"],
        factor=spec["fail_factor"],
    )
    rows = []
    for year in values.index:
        if year < spec["first_year"] or year - 1 not in values.index:
            continue
        value, before = float(values[year]), float(values[year - 1])
        after = values.get(year + 1)
        status, note, severity = _status(
            value, before, after, spec["max_change_pct"], spec["fail_factor"]
        )
        rows.append(
            Row(
                check_id=series.check_id,
                subject=series.subject,
                measure=series.measure,
                year=int(year),
                value_a=value,
                source_a=series.source,
                value_b=before,
                source_b=tr("{source}, the year before", source=series.source),
                unit=series.unit,
                difference=100 * (value / before - 1) if before > 0 else None,
                difference_unit="%",
                tolerance=tolerance,
                status=status,
                note=note,
                raw_file=series.file_of(int(year)),
                raw_column=series.column_of(int(year)),
                raw_row=series.row_of(int(year)),
                severity=severity,
            )
        )
    return rows


def _status(value, before, after, max_pct, factor) -> tuple[str, str, float]:
    if value <= 0 or before <= 0:
        return FAIL, tr("A value that is not positive."), math.inf
    change = 100 * (value / before - 1)
    severity = abs(math.log(value / before)) / math.log(factor)
    ratio = max(value / before, before / value)
    if ratio > factor:
        shown = f"{ratio:,.0f}" if ratio >= 10 else f"{ratio:.2f}"
        return FAIL, tr("A change by a factor of {factor}.", factor=shown), severity
    if abs(change) <= max_pct:
        return PASS, "", severity
    if after is None or pd.isna(after) or after <= 0:
        return (
            WARN,
            tr("The last year of the series: whether the change lasts cannot be seen."),
            severity,
        )
    if abs(100 * (float(after) / before - 1)) <= max_pct / 2:
        return (
            FAIL,
            tr(
                "Out of line with the years before and after, which agree with each other "
                "within {half:g}%: one value out of line.",
                half=max_pct / 2,
            ),
            severity,
        )
    return (
        WARN,
        tr("A level shift that the next year keeps: a devaluation, a revision or an error."),
        severity,
    )


# --- the series the report relies on -------------------------------------------------------


def gdp_series(tables: dict, settings: dict, files: RawFiles) -> list[Series]:
    """GDP in current USD of the economies of config ``plausibility.gdp``: WDI and WEO
    (actual years)."""
    found = []
    wdi = tables[GDP_WDI]
    weo = tables[WEO]
    weo = weo[(weo["concept"] == "NGDPD") & (weo["is_projection"].fillna(True) == False)]  # noqa: E712
    for economy in settings["gdp"]["economies"]:
        values = wdi[wdi["wdi_code"] == economy].set_index("year")["gdp_usd"] / 1e9
        found.append(
            Series(
                "gdp_year_on_year",
                economy,
                "gdp",
                "USD billion",
                tr(LABELS_MACRO[GDP_WDI]),
                values,
                files.path_of_role("wdi_gdp"),
                "Value",
                f"Country Code {economy}, Year {{year}}",
            )
        )
        values = weo[weo["weo_code"] == economy].set_index("year")["value_usd_billions"]
        found.append(
            Series(
                "gdp_year_on_year",
                economy,
                "gdp",
                "USD billion",
                tr(LABELS_MACRO[WEO]),
                values,
                files.path_of_role("weo"),
                "value",
                f"iso3 {economy}, weo_concept NGDPD, year {{year}}",
            )
        )
    return found


def fx_series(tables: dict, settings: dict, files: RawFiles) -> list[Series]:
    fx = tables[FX]
    found = []
    for currency in settings["year_on_year"]["exchange_rates"]["currencies"]:
        rows = fx[fx["currency"] == currency]
        country = rows["country"].iloc[0] if len(rows) else currency
        found.append(
            Series(
                "fx_year_on_year",
                currency,
                "per USD",
                f"{currency} per USD",
                tr(LABELS_MACRO[FX]),
                rows.set_index("year")["units_per_usd"],
                files.path_of_role("fed_h10_fx"),
                "Exchange rate",
                f"Date {{year}}-01-01, Country {country}",
            )
        )
    return found


def trade_series(tables: dict, settings: dict, files: RawFiles) -> list[Series]:
    """Exports and imports with the World of the economies of config ``plausibility.gdp``
    (IMF DOTS where it has them as reporters, WDI merchandise trade), and the US's trade
    with China (US Census)."""
    found = []
    dots = tables[DOTS]
    wdi = tables[WDI_TRADE]
    census = tables[CENSUS]
    census = census[(census["partner_iso3"] == "CHN") & census["complete_year"]]
    for economy in settings["gdp"]["economies"]:
        own = dots[(dots["reporter_iso3"] == economy) & (dots["partner_code"] == "WORLD")]
        for flow in ("exports_fob", "imports_cif"):
            rows = own[own["flow"] == flow].set_index("year")
            if rows.empty:
                continue
            source_file = files.id_of_source_file(rows["source_file"].iloc[0])
            found.append(
                Series(
                    "trade_year_on_year",
                    economy,
                    f"{flow} (World)",
                    "USD million",
                    label((DOTS, economy)),
                    rows["value_usd_millions"],
                    files.path(source_file),
                    "value_usd_millions",
                    f"reporter {economy}, partner World, {flow}, year {{year}}",
                )
            )
        rows = wdi[wdi["wdi_code"] == economy].set_index("year")
        for flow, role in (
            ("exports", "wdi_merchandise_exports"),
            ("imports", "wdi_merchandise_imports"),
        ):
            found.append(
                Series(
                    "trade_year_on_year",
                    economy,
                    f"merchandise {flow}",
                    "USD million",
                    label(WDI_TRADE),
                    rows[f"merchandise_{flow}_usd"] / 1e6,
                    files.path_of_role(role),
                    "Value",
                    f"Country Code {economy}, Year {{year}}",
                )
            )
    by_year = census.set_index("year")
    for flow, column in CENSUS_COLUMNS.items():
        found.append(
            Series(
                "trade_year_on_year",
                "USA-CHN",
                f"us_{flow}",
                "USD million",
                label(CENSUS),
                by_year[column],
                lambda year: files.path(census_id(year, files)),
                lambda year, flow=flow: census_raw(year, flow)[0],
                lambda year, flow=flow: census_raw(year, flow)[1],
            )
        )
    return found


def gdp_year_on_year(tables: dict, settings: dict, files: RawFiles) -> list[Row]:
    spec = settings["year_on_year"]["gdp"]
    return [row for s in gdp_series(tables, settings, files) for row in year_on_year(s, spec)]


def fx_year_on_year(tables: dict, settings: dict, files: RawFiles) -> list[Row]:
    spec = settings["year_on_year"]["exchange_rates"]
    return [row for s in fx_series(tables, settings, files) for row in year_on_year(s, spec)]


def trade_year_on_year(tables: dict, settings: dict, files: RawFiles) -> list[Row]:
    spec = settings["year_on_year"]["trade_totals"]
    return [row for s in trade_series(tables, settings, files) for row in year_on_year(s, spec)]
