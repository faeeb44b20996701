"""GDP and exchange rates from two sources: World Bank WDI against IMF WEO GDP, and the Fed's
H.10 rates against the rates implied by China Customs' releases of the same totals in CNY and
in USD. Pure functions over the canonical tables, as in :mod:`chinatrade.plausibility.flows`.
"""

from __future__ import annotations

import pandas as pd

from chinatrade.i18n import tr
from chinatrade.plausibility.core import (
    WARN,
    RawFiles,
    Row,
    band_status,
    no_second_value,
    relative_difference_pct,
    within_tolerance,
)
from chinatrade.plausibility.flows import china_customs_totals, label
from chinatrade.plausibility.tables import FX, GDP_WDI, WEO  # noqa: E402  re-exported

LABELS_MACRO = {
    GDP_WDI: "World Bank WDI GDP",
    WEO: "IMF WEO October 2025 GDP",
    FX: "Fed H.10 annual average",
}


def gdp_wdi_weo(tables: dict, settings: dict, files: RawFiles) -> list[Row]:
    """WDI GDP (current USD) against WEO's (actual years, not projections) for the economies
    of config ``plausibility.gdp`` from its ``first_year``: WEO is the later vintage (China's
    2023 economic-census revision, Korea's 2020 rebasing), hence the pass band."""
    spec = settings["gdp"]
    wdi = tables[GDP_WDI]
    weo = tables[WEO]
    weo = weo[(weo["concept"] == "NGDPD") & (weo["is_projection"].fillna(True) == False)]  # noqa: E712
    weo = weo.set_index(["weo_code", "year"])["value_usd_billions"]
    raw_file = files.path_of_role("wdi_gdp")
    rows = []
    for economy in spec["economies"]:
        series = wdi[(wdi["wdi_code"] == economy) & (wdi["year"] >= spec["first_year"])]
        for _, row in series.sort_values("year").iterrows():
            year = int(row["year"])
            value_a = float(row["gdp_usd"]) / 1e9
            common = dict(
                check_id="gdp_wdi_weo",
                subject=economy,
                measure="gdp",
                year=year,
                value_a=value_a,
                source_a=tr(LABELS_MACRO[GDP_WDI]),
                unit="USD billion",
                difference_unit="%",
                tolerance=within_tolerance(spec["pass_pct"], spec["fail_pct"]),
                raw_file=raw_file,
                raw_column="Value",
                raw_row=f"Country Code {economy}, Year {year}",
            )
            value_b = weo.get((economy, year))
            if value_b is None or pd.isna(value_b):
                rows.append(
                    Row(
                        **common,
                        value_b=None,
                        source_b=tr(LABELS_MACRO[WEO]),
                        difference=None,
                        status=WARN,
                        note=no_second_value(tr("WEO has no actual value for this year.")),
                    )
                )
                continue
            difference = relative_difference_pct(value_a, float(value_b))
            rows.append(
                Row(
                    **common,
                    value_b=float(value_b),
                    source_b=tr(LABELS_MACRO[WEO]),
                    difference=difference,
                    status=band_status(
                        difference, -spec["pass_pct"], spec["pass_pct"], spec["fail_pct"]
                    ),
                )
            )
    return rows


def implied_rates(tables: dict, files: RawFiles) -> list[dict]:
    """CNY per USD implied by China Customs' totals published in both currencies: for each
    year and flow (exports, imports, total) the most precise CNY value over the most precise
    USD value, with the relative rounding of the ratio (percent) and both sources."""
    best: dict[tuple, dict] = {}
    for value in china_customs_totals(tables, files):
        if value["flow"] == "balance" or not value["value"]:
            continue
        value["relative_rounding"] = value["rounding"] / abs(value["value"])
        key = (value["year"], value["flow"], value["currency"])
        if key not in best or value["relative_rounding"] < best[key]["relative_rounding"]:
            best[key] = value
    implied = []
    for (year, flow, currency), cny in sorted(best.items()):
        usd = best.get((year, flow, "USD"))
        if currency != "CNY" or usd is None:
            continue
        implied.append(
            dict(
                year=year,
                flow=flow,
                rate=cny["value"] / usd["value"],
                rounding_pct=100 * (cny["relative_rounding"] + usd["relative_rounding"]),
                sources=tr(
                    "{cny} (CNY); {usd} (USD)",
                    cny=label(cny["source"]),
                    usd=label(usd["source"]),
                ),
            )
        )
    return implied


def fx_customs_implied(tables: dict, settings: dict, files: RawFiles) -> list[Row]:
    """H.10's annual CNY rate against the rate China Customs' own CNY and USD totals imply
    (China Customs converts each month's trade at its own rate, H.10 averages days)."""
    spec = settings["exchange_rates"]
    fx = tables[FX]
    rates = fx[fx["currency"] == spec["currency"]].set_index("year")["units_per_usd"]
    raw_file = files.path_of_role("fed_h10_fx")
    rows = []
    for implied in implied_rates(tables, files):
        year = int(implied["year"])
        rounding = float(implied["rounding_pct"])
        common = dict(
            check_id="fx_customs_implied",
            subject=spec["currency"],
            measure=f"per USD ({implied['flow']})",
            year=year,
            source_a=tr(LABELS_MACRO[FX]),
            value_b=float(implied["rate"]),
            source_b=implied["sources"],
            unit=f"{spec['currency']} per USD",
            difference_unit="%",
            tolerance=within_tolerance(spec["pass_pct"], spec["fail_pct"], rounding),
            raw_file=raw_file,
            raw_column="Exchange rate",
            raw_row=f"Date {year}-01-01, Country China",
        )
        if year not in rates.index:
            rows.append(
                Row(
                    **common,
                    value_a=float("nan"),
                    difference=None,
                    status=WARN,
                    note=tr("H.10 has no rate for this year, which China Customs' totals imply."),
                )
            )
            continue
        value_a = float(rates[year])
        difference = relative_difference_pct(value_a, float(implied["rate"]))
        rows.append(
            Row(
                **common,
                value_a=value_a,
                difference=difference,
                status=band_status(
                    difference,
                    -spec["pass_pct"] - rounding,
                    spec["pass_pct"] + rounding,
                    spec["fail_pct"],
                ),
            )
        )
    return rows
