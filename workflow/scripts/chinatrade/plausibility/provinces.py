"""NBS provincial trade against what a second file fixes: the national total (the sum of the
31 provinces against China's totals in WDI and IMF DOTS), and each province's value under one
definition against the other definition's table.

The two NBS tables measure the same trade by two keys (the location of the trading unit; the
domestic destination or source of the goods), so a province's ratio between them moves slowly
(Beijing, home of the state trading companies, is the largest and moves most: 2.3-3.8). A
value typed into the wrong province, or two provinces swapped, breaks that ratio in one year:
the check sets each province's value under the location definition against the other table's
value times the province's ratio in the neighbouring years, in percentage points of the
national total (so a small province's noisy ratio does not matter, and a large error does).
"""

from __future__ import annotations

import math

import pandas as pd

from chinatrade.i18n import tr
from chinatrade.plausibility.core import (
    PASS,
    WARN,
    RawFiles,
    Row,
    band_status,
    no_second_value,
    relative_difference_pct,
    within_tolerance,
)
from chinatrade.plausibility.flows import CHINA, DOTS, WDI_TRADE, WORLD, _dots, label
from chinatrade.plausibility.tables import NBS  # noqa: E402  re-exported

LOCATION, DESTINATION = "location_of_trading_unit", "domestic_destination_source"
ROLES = {LOCATION: "nbs_location_of_trading_unit", DESTINATION: "nbs_domestic_destination_source"}
LABELS_NBS = {
    LOCATION: "NBS provinces, location of the trading unit",
    DESTINATION: "NBS provinces, domestic destination and source",
}
USD_100M = "USD 100 million"


def nbs_national_total(tables: dict, settings: dict, files: RawFiles) -> list[Row]:
    """The sum of the 31 provinces, under each definition and in each year, against China's
    total trade (exports + imports) in WDI (from WTO data) and IMF DOTS (China reporter)."""
    pass_pct = settings["same_flow"]["pass_pct"]
    fail_pct = settings["same_flow"]["fail_pct"]
    nbs = tables[NBS]
    sums = nbs.groupby(["definition", "year"])["value_usd_thousands"].sum() / 1e5
    dots = _dots(tables, CHINA, WORLD)
    wdi = tables[WDI_TRADE]
    wdi = wdi[wdi["wdi_code"] == CHINA].set_index("year")
    wdi_total = (wdi["merchandise_exports_usd"] + wdi["merchandise_imports_usd"]) / 1e8
    rows = []
    for (definition, year), value_a in sums.items():
        seconds = []
        if year in wdi_total.index and pd.notna(wdi_total[year]):
            seconds.append((label(WDI_TRADE), float(wdi_total[year])))
        if year in dots.index:
            total = dots.loc[year, ["exports_fob", "imports_cif"]].sum(min_count=2)
            if pd.notna(total):
                seconds.append((label((DOTS, CHINA)), float(total) / 100))
        common = dict(
            check_id="nbs_national_total",
            subject=CHINA,
            measure=f"total trade ({definition})",
            year=int(year),
            value_a=float(value_a),
            source_a=tr(LABELS_NBS[definition]),
            unit=USD_100M,
            difference_unit="%",
            tolerance=within_tolerance(pass_pct, fail_pct),
            raw_file=files.path_of_role(ROLES[definition]),
            raw_column="value",
            raw_row=f"year {year}, the 31 provinces",
        )
        for source, value_b in seconds:
            difference = relative_difference_pct(float(value_a), value_b)
            rows.append(
                Row(
                    **common,
                    value_b=value_b,
                    source_b=source,
                    difference=difference,
                    status=band_status(difference, -pass_pct, pass_pct, fail_pct),
                    severity=abs(difference) / fail_pct if not math.isnan(difference) else 1,
                )
            )
        if not seconds:
            rows.append(
                Row(
                    **common,
                    value_b=None,
                    source_b="",
                    difference=None,
                    status=WARN,
                    note=no_second_value(tr("neither IMF DOTS nor WDI has this year")),
                )
            )
    return rows


def nbs_province_definitions(tables: dict, settings: dict, files: RawFiles) -> list[Row]:
    """Each province's value under the location definition against the domestic-destination
    table's value times the province's location/destination ratio in the neighbouring years;
    the difference in percentage points of the national total."""
    spec = settings["provinces"]
    pass_pp, fail_pp = spec["pass_pp"], spec["fail_pp"]
    nbs = tables[NBS]
    wide = nbs.pivot_table(
        index=["province_code", "year"], columns="definition", values="value_usd_thousands"
    )
    names = nbs.drop_duplicates("province_code").set_index("province_code")["province_name_en"]
    national = nbs[nbs["definition"] == LOCATION].groupby("year")["value_usd_thousands"].sum()
    ratio = (wide[LOCATION] / wide[DESTINATION]).where(wide[DESTINATION] > 0)
    tolerance = tr(
        "pass within ±{pass_pp:g} points of the national total, fail beyond ±{fail_pp:g}",
        pass_pp=pass_pp,
        fail_pp=fail_pp,
    )
    raw_file = files.path_of_role(ROLES[LOCATION])
    rows = []
    for (code, year), values in wide.iterrows():
        neighbours = [
            ratio.get((code, other))
            for other in (year - 1, year + 1)
            if pd.notna(ratio.get((code, other)))
        ]
        value_a = float(values[LOCATION]) / 1e5
        common = dict(
            check_id="nbs_province_definitions",
            subject=f"{code} {names.get(code, '')}".strip(),
            measure=LOCATION,
            year=int(year),
            value_a=value_a,
            source_a=tr(LABELS_NBS[LOCATION]),
            unit=USD_100M,
            difference_unit="pp",
            tolerance=tolerance,
            raw_file=raw_file,
            raw_column="value",
            raw_row=f"region_code {code} ({names.get(code, '')}), year {year}",
        )
        if not neighbours or pd.isna(values[DESTINATION]) or values[DESTINATION] <= 0:
            rows.append(
                Row(
                    **common,
                    value_b=None,
                    source_b=tr(LABELS_NBS[DESTINATION]),
                    difference=None,
                    status=WARN,
                    note=tr(
                        "The other definition's table has no value of this province in this "
                        "year or the years beside it: the value cannot be checked."
                    ),
                )
            )
            continue
        expected_ratio = math.exp(sum(math.log(r) for r in neighbours) / len(neighbours))
        value_b = expected_ratio * float(values[DESTINATION]) / 1e5
        difference = 100 * (value_a - value_b) / (float(national[year]) / 1e5)
        status = band_status(difference, -pass_pp, pass_pp, fail_pp)
        rows.append(
            Row(
                **common,
                value_b=value_b,
                source_b=tr(
                    "{source} x the ratio of {years} ({ratio:.3f})",
                    source=tr(LABELS_NBS[DESTINATION]),
                    years=" & ".join(
                        str(y) for y in (year - 1, year + 1) if pd.notna(ratio.get((code, y)))
                    ),
                    ratio=expected_ratio,
                ),
                difference=difference,
                status=status,
                note=""
                if status == PASS
                else tr(
                    "This year's ratio between the two tables is {ratio:.3f}, the neighbouring "
                    "years' {expected:.3f}: a value in the wrong province, or a change of "
                    "reporting.",
                    ratio=float(values[LOCATION]) / float(values[DESTINATION]),
                    expected=expected_ratio,
                ),
                severity=abs(difference) / fail_pp,
            )
        )
    return rows
