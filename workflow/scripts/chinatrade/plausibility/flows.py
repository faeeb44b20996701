"""The same flow from two sources: US-China trade as the US reports it (US Census against IMF
DOTS and UN Comtrade), as China reports it (China Customs' pages and UN Comtrade against IMF
DOTS) and each side against the other (mirror); China's national totals (China Customs'
bulletins and transcribed pages against IMF DOTS and WDI, from WTO data).

Every function takes the canonical tables by name, the check's settings (config
``plausibility``) and a :class:`~chinatrade.plausibility.core.RawFiles`, and returns
:class:`~chinatrade.plausibility.core.Row` objects; nothing is read or written here.
``difference`` is 100 (A / B - 1): how far the value under test lies from the second one.
"""

from __future__ import annotations

import pandas as pd

from chinatrade.i18n import join_sentences, tr
from chinatrade.plausibility.core import (
    WARN,
    RawFiles,
    Row,
    band_status,
    census_id,
    census_raw,
    cif_tolerance,
    explain_warnings,
    factor_status,
    no_second_value,
    relative_difference_pct,
    within_tolerance,
)
from chinatrade.plausibility.tables import (  # noqa: E402  the tables' names, re-exported
    CENSUS,
    COMTRADE_CHN,
    COMTRADE_US,
    DOTS,
    FX,
    PRESS,
    REGIME_ANNUAL,
    REGIME_BULLETINS,
    TRANSCRIBED_BILATERAL,
    TRANSCRIBED_TOTALS,
    WDI_TRADE,
)

CHINA, USA, WORLD = "CHN", "USA", "WORLD"

# the sources as the report names them (texts of the catalogue: label() translates them)
LABELS = {
    CENSUS: "US Census (US-reported)",
    (DOTS, USA): "IMF DOTS (US-reported)",
    (DOTS, CHINA): "IMF DOTS (China-reported)",
    (DOTS, "JPN"): "IMF DOTS (Japan-reported)",
    (DOTS, "KOR"): "IMF DOTS (Korea-reported)",
    DOTS: "IMF DOTS",
    COMTRADE_US: "UN Comtrade (US-reported)",
    COMTRADE_CHN: "UN Comtrade (China-reported)",
    TRANSCRIBED_BILATERAL: "China Customs, press pages (transcribed)",
    TRANSCRIBED_TOTALS: "China Customs, press pages (transcribed)",
    PRESS: "China Customs, press releases (transcribed)",
    REGIME_ANNUAL: "China Customs, monthly bulletin",
    WDI_TRADE: "WDI merchandise trade (WTO)",
}
USD_MN = "USD million"


def label(source) -> str:
    """A source's name in the reader's language (kept as a message under capture)."""
    return tr(LABELS.get(source, LABELS[DOTS] if isinstance(source, tuple) else source))


CENSUS_COLUMNS = {
    "exports": "exports_fas_usd_millions",
    "imports": "imports_general_customs_usd_millions",
}


def _dots(tables: dict, reporter: str, partner: str) -> pd.DataFrame:
    """year x flow (exports_fob, imports_cif) of one reporter and partner, USD millions."""
    dots = tables[DOTS]
    rows = dots[(dots["reporter_iso3"] == reporter) & (dots["partner_code"] == partner)]
    return rows.pivot_table(index="year", columns="flow", values="value_usd_millions")


def _get(table: pd.DataFrame, year: int, column: str) -> float | None:
    if column not in table.columns or year not in table.index:
        return None
    value = table.at[year, column]
    return None if pd.isna(value) else float(value)


def _year_or_none(year) -> object:
    """A table's first or last year as a whole number ('none' for an empty table)."""
    return tr("none") if pd.isna(year) else int(year)


def _same_flow(settings: dict) -> tuple[float, float, float]:
    s = settings["same_flow"]
    return s["pass_pct"], s["cif_above_customs_pct"], s["fail_pct"]


# --- US-China as the US reports it ---------------------------------------------------------


def us_china_us_reported(tables: dict, settings: dict, files: RawFiles) -> list[Row]:
    """US Census's exports to and imports from China against IMF DOTS (US reporter) and UN
    Comtrade (US reporter): exports F.A.S. against FOB; Census imports at customs value
    against DOTS and Comtrade imports CIF (the customs value lies below by freight and
    insurance; DOTS gives the customs value from 2011) or Comtrade's customs value."""
    pass_pct, cif_pct, fail_pct = _same_flow(settings)
    census = tables[CENSUS]
    census = census[census["partner_iso3"] == CHINA].set_index("year")
    dots = _dots(tables, USA, CHINA)
    comtrade = tables[COMTRADE_US]
    comtrade = comtrade[
        (comtrade["level"] == "TOTAL")
        & (comtrade["reporter_iso3"] == USA)
        & (comtrade["partner_iso3"] == CHINA)
    ].pivot_table(index="year", columns="flow", values="value_usd", aggfunc="sum")
    comtrade = comtrade / 1e6
    rows = []
    for year, record in census.sort_index().iterrows():
        if not record.get("complete_year", True):
            continue
        raw_file = files.path(census_id(int(year), files))
        for flow, column in CENSUS_COLUMNS.items():
            value_a = float(record[column])
            measure = f"us_{flow}"
            raw_column, raw_row = census_raw(int(year), flow)
            common = dict(
                check_id="us_china_us_reported",
                subject="USA-CHN",
                measure=measure,
                year=int(year),
                value_a=value_a,
                source_a=label(CENSUS),
                unit=USD_MN,
                difference_unit="%",
                raw_file=raw_file,
                raw_column=raw_column,
                raw_row=raw_row,
            )
            seconds = []
            if flow == "exports":
                same = within_tolerance(pass_pct, fail_pct)
                seconds.append(((DOTS, USA), _get(dots, year, "exports_fob"), -pass_pct, same))
                seconds.append((COMTRADE_US, _get(comtrade, year, "exports_fob"), -pass_pct, same))
            else:
                cif = cif_tolerance(pass_pct, cif_pct, fail_pct)
                seconds.append(((DOTS, USA), _get(dots, year, "imports_cif"), -cif_pct, cif))
                customs_value = _get(comtrade, year, "imports_customs_value")
                if customs_value is not None:
                    same = within_tolerance(pass_pct, fail_pct)
                    seconds.append((COMTRADE_US, customs_value, -pass_pct, same))
                else:
                    seconds.append(
                        (COMTRADE_US, _get(comtrade, year, "imports_cif"), -cif_pct, cif)
                    )
            found = [(s, v, low, tol) for s, v, low, tol in seconds if v is not None]
            for source, value_b, low, tolerance in found:
                difference = relative_difference_pct(value_a, value_b)
                rows.append(
                    Row(
                        **common,
                        value_b=value_b,
                        source_b=label(source),
                        difference=difference,
                        tolerance=tolerance,
                        status=band_status(difference, low, pass_pct, fail_pct),
                    )
                )
            if not found:
                rows.append(
                    Row(
                        **common,
                        value_b=None,
                        source_b="",
                        difference=None,
                        tolerance=within_tolerance(pass_pct, fail_pct),
                        status=WARN,
                        note=no_second_value(
                            tr(
                                "IMF DOTS ends in {dots_last}, UN Comtrade starts in "
                                "{comtrade_first}",
                                # the years of the two tables, not of their vintages' prose
                                dots_last=_year_or_none(dots.index.max()),
                                comtrade_first=_year_or_none(comtrade.index.min()),
                            )
                        ),
                    )
                )
    return explain_warnings(rows, pass_pct)


# --- US-China as China reports it, and each side against the other ------------------------


def _china_reported(tables: dict, files: RawFiles) -> list[dict]:
    """China's reports of its trade with the US, USD millions: China Customs' pages
    (transcribed), UN Comtrade (China reporter) and IMF DOTS (China reporter); one dict per
    value with its flow (exports, imports, balance, total), source and raw file."""
    values = []
    transcribed = tables[TRANSCRIBED_BILATERAL]
    transcribed = transcribed[
        (transcribed["partner"] == USA)
        & ~transcribed["is_partial_year"]
        & transcribed["value_usd_100m"].notna()
    ]
    raw_file = files.path_of_role("china_bilateral_transcribed")
    for _, row in transcribed.iterrows():
        values.append(
            dict(
                year=int(row["year"]),
                flow=row["flow"],
                value=100 * float(row["value_usd_100m"]),
                rounding=100 * float(row["rounding_unit"]) / 2,
                source=TRANSCRIBED_BILATERAL,
                raw_file=raw_file,
                raw_column="value",
                raw_row=f"partner USA, year {row['year']}, flow {row['flow']}",
            )
        )
    comtrade = tables[COMTRADE_CHN]
    comtrade = comtrade[(comtrade["reporter_iso3"] == CHINA) & (comtrade["partner_iso3"] == USA)]
    for _, row in comtrade.iterrows():
        flow = {"exports_fob": "exports", "imports_cif": "imports"}.get(row["flow"])
        if flow is None:
            continue
        values.append(
            dict(
                year=int(row["year"]),
                flow=flow,
                value=float(row["value_usd"]) / 1e6,
                rounding=0.0,
                source=COMTRADE_CHN,
                raw_file=files.path(files.id_of_source_file(row["source_file"])),
                raw_column="value_usd",
                raw_row=f"year {row['year']}, flow {row['flow']}",
            )
        )
    return values


def _flow_value(table: pd.DataFrame, year: int, flow: str) -> float | None:
    """exports, imports, balance (X - M) or total (X + M) of a year x flow table."""
    exports, imports = _get(table, year, "exports_fob"), _get(table, year, "imports_cif")
    if flow == "exports":
        return exports
    if flow == "imports":
        return imports
    if exports is None or imports is None:
        return None
    return exports - imports if flow == "balance" else exports + imports


def _total_of(table: pd.DataFrame, year: int) -> float | None:
    return _flow_value(table, year, "total")


def us_china_china_reported(tables: dict, settings: dict, files: RawFiles) -> list[Row]:
    """China-reported China-US trade (China Customs' pages, UN Comtrade with China as
    reporter) against IMF DOTS (China reporter) and against each other; a balance's difference
    is taken in percent of the year's total trade (exports + imports)."""
    pass_pct, _, fail_pct = _same_flow(settings)
    dots = _dots(tables, CHINA, USA)
    comtrade = _china_reported_table(tables)
    census_years = set(tables[CENSUS].loc[tables[CENSUS]["partner_iso3"] == CHINA, "year"])
    rows = []
    for value in _china_reported(tables, files):
        year, flow = value["year"], value["flow"]
        seconds = [((DOTS, CHINA), dots)]
        if value["source"] != COMTRADE_CHN:
            seconds.append((COMTRADE_CHN, comtrade))
        rounding_pct = 100 * value["rounding"] / abs(value["value"]) if value["value"] else 0.0
        found = False
        for source, table in seconds:
            value_b = _flow_value(table, year, flow)
            if value_b is None:
                continue
            found = True
            base = _total_of(table, year) if flow == "balance" else value_b
            difference = relative_difference_pct(value["value"], value_b, base)
            rounding = 100 * value["rounding"] / abs(base) if base else 0.0
            rows.append(
                Row(
                    **_china_value_fields("us_china_china_reported", value),
                    value_b=value_b,
                    source_b=label(source),
                    difference=difference,
                    tolerance=within_tolerance(pass_pct, fail_pct, rounding),
                    status=band_status(
                        difference, -pass_pct - rounding, pass_pct + rounding, fail_pct
                    ),
                    note=tr("A balance's difference is in percent of the year's total trade.")
                    if flow == "balance"
                    else "",
                )
            )
        # the mirror check compares these with the US's reports
        mirrored = year in census_years and (
            value["source"] == TRANSCRIBED_BILATERAL or flow in ("exports", "imports")
        )
        if not found and not mirrored:
            rows.append(
                Row(
                    **_china_value_fields("us_china_china_reported", value),
                    value_b=None,
                    source_b="",
                    difference=None,
                    tolerance=within_tolerance(pass_pct, fail_pct, rounding_pct),
                    status=WARN,
                    note=no_second_value(
                        tr("no other China-reported value of this year, and no US-reported one")
                    ),
                )
            )
    return explain_warnings(rows, pass_pct)


def _china_value_fields(check_id: str, value: dict) -> dict:
    """The fields of a check row that a China-reported value (:func:`_china_reported`, or a
    DOTS value in its shape) fills: what is checked, its value, source and raw cell."""
    return dict(
        check_id=check_id,
        subject="CHN-USA",
        measure=f"china_{value['flow']}",
        year=value["year"],
        value_a=value["value"],
        source_a=label(value["source"]),
        unit=USD_MN,
        difference_unit="%",
        raw_file=value["raw_file"],
        raw_column=value["raw_column"],
        raw_row=value["raw_row"],
    )


def _china_reported_table(tables: dict) -> pd.DataFrame:
    comtrade = tables[COMTRADE_CHN]
    comtrade = comtrade[(comtrade["reporter_iso3"] == CHINA) & (comtrade["partner_iso3"] == USA)]
    return comtrade.pivot_table(index="year", columns="flow", values="value_usd") / 1e6


def us_china_mirror(tables: dict, settings: dict, files: RawFiles) -> list[Row]:
    """China's exports to the US as China reports them (IMF DOTS, UN Comtrade, China Customs'
    pages) against the US's imports from China (US Census), and China's imports against US
    exports: the two sides differ by CIF/FOB, re-exports through Hong Kong and timing, so the
    tolerance is a factor."""
    pass_factor = settings["mirror"]["pass_factor"]
    fail_factor = settings["mirror"]["fail_factor"]
    census = tables[CENSUS]
    census = census[(census["partner_iso3"] == CHINA) & census["complete_year"]].set_index("year")
    dots = _dots(tables, CHINA, USA)
    dots_files = _dots_files(tables, CHINA, USA, files)
    china = [
        dict(
            year=int(year),
            flow=flow,
            value=value,
            source=(DOTS, CHINA),
            raw_file=files.path(dots_files.get(year)),
            raw_column="value_usd_millions",
            raw_row=f"reporter CHN, partner USA, year {year}, flow {column}",
        )
        for year in dots.index
        for flow, column in (("exports", "exports_fob"), ("imports", "imports_cif"))
        if (value := _get(dots, year, column)) is not None
    ]
    # China Customs' pages: their balances and totals too (no other source may hold them)
    china += [
        v
        for v in _china_reported(tables, files)
        if v["source"] == TRANSCRIBED_BILATERAL or v["flow"] in ("exports", "imports")
    ]
    rows = []
    for value in china:
        year = value["year"]
        if year not in census.index:
            continue
        value_b = _mirrored(census, year, value["flow"])
        status = factor_status(value["value"], value_b, pass_factor, fail_factor)
        note = ""
        if value["flow"] == "balance" and (value["value"] <= 0 or value_b <= 0):
            # China's surplus and the US's deficit can differ in sign (China reported deficits
            # with the US in the 1980s): no factor decides
            status = WARN
            note = tr("The two sides' balances have opposite signs: no factor can compare them.")
        elif value["flow"] == "balance":
            note = tr("The US's deficit with China, as a positive number.")
        rows.append(
            Row(
                **_china_value_fields("us_china_mirror", value),
                value_b=value_b,
                source_b=label(CENSUS),
                difference=relative_difference_pct(value["value"], value_b),
                tolerance=tr(
                    "pass within a factor {pass_factor:g} either way, fail beyond a factor "
                    "{fail_factor:g}",
                    pass_factor=pass_factor,
                    fail_factor=fail_factor,
                ),
                status=status,
                note=note,
            )
        )
    return rows


def _mirrored(census: pd.DataFrame, year: int, flow: str) -> float:
    """The US-reported value that mirrors China's ``flow``: China's exports are the US's
    imports and the other way round; China's balance is the US's balance with the sign turned;
    total trade is the same sum."""
    exports = float(census.at[year, CENSUS_COLUMNS["exports"]])
    imports = float(census.at[year, CENSUS_COLUMNS["imports"]])
    return {
        "exports": imports,
        "imports": exports,
        "balance": imports - exports,
        "total": exports + imports,
    }[flow]


def _dots_files(tables: dict, reporter: str, partner: str, files: RawFiles) -> dict:
    """year -> manifest id of the DOTS file that holds a reporter's trade with a partner."""
    dots = tables[DOTS]
    rows = dots[(dots["reporter_iso3"] == reporter) & (dots["partner_code"] == partner)]
    rows = rows.drop_duplicates("year")
    return {
        int(year): files.id_of_source_file(source)
        for year, source in zip(rows["year"], rows["source_file"], strict=True)
    }


# --- China's national totals ---------------------------------------------------------------

PRESS_FLOWS = {
    "total trade": "total",
    "exports": "exports",
    "imports": "imports",
    "trade surplus": "balance",
}


def china_customs_totals(tables: dict, files: RawFiles) -> list[dict]:
    """China Customs' full-year national totals (all trade modes) in the snapshot: the
    transcribed pages, the press releases and the monthly bulletins' regime totals; each value
    in USD or CNY 100 million with its rounding, source and raw file."""
    values = []
    totals = tables[TRANSCRIBED_TOTALS]
    totals = totals[~totals["is_partial_year"] & (totals["trade_mode"] == "all")]
    raw_file = files.path_of_role("china_trade_totals_transcribed")
    for _, row in totals.iterrows():
        for currency in ("usd", "cny"):
            value = row[f"value_{currency}_100m"]
            if pd.notna(value):
                values.append(
                    dict(
                        year=int(row["year"]),
                        flow=row["flow"],
                        currency=currency.upper(),
                        value=float(value),
                        rounding=float(row["rounding_unit"]) / 2,
                        source=TRANSCRIBED_TOTALS,
                        raw_file=raw_file,
                        raw_column="value",
                        raw_row=f"year {row['year']}, flow {row['flow']}, trade_mode all, "
                        f"unit {currency.upper()} 100 million",
                    )
                )
    press = tables[PRESS]
    press = press[~press["is_partial_year"] & press["indicator"].isin(PRESS_FLOWS)]
    raw_file = files.path_of_role("gacc_press_check_values")
    for _, row in press.iterrows():
        for currency in ("usd", "cny"):
            value = row[f"value_{currency}_100m"]
            if pd.notna(value):
                # published to two decimals of a trillion, or to 0.1 billion
                unit = str(row["unit_as_published"])
                rounding = 50.0 if "trillion" in unit else 0.5
                values.append(
                    dict(
                        year=int(row["year"]),
                        flow=PRESS_FLOWS[row["indicator"]],
                        currency=currency.upper(),
                        value=float(value),
                        rounding=rounding,
                        source=PRESS,
                        raw_file=raw_file,
                        raw_column="value",
                        raw_row=f"year {row['year']}, indicator {row['indicator']!r}",
                    )
                )
    regime = tables[REGIME_ANNUAL]
    regime = regime[(regime["regime_code"] == "total") & ~regime["is_partial_year"]]
    bulletin_files = _bulletin_files(tables, files)
    for _, row in regime.iterrows():
        values.append(
            dict(
                year=int(row["year"]),
                flow=row["flow"],
                currency="USD",
                value=float(row["value_usd_100m"]),
                rounding=0.005,
                source=REGIME_ANNUAL,
                raw_file=files.path(bulletin_files.get(row["source_url"])),
                raw_column="value_usd_thousands",
                raw_row=f"year {row['year']}, flow {row['flow']}, regime total",
            )
        )
    return values


def _bulletin_files(tables: dict, files: RawFiles) -> dict:
    """source_url -> manifest id of the bulletin (from the bulletins' own table)."""
    bulletins = tables.get(REGIME_BULLETINS)
    if bulletins is None:
        return {}
    pairs = bulletins[["source_url", "source_file"]].drop_duplicates("source_url")
    return {
        url: files.id_of_source_file(file)
        for url, file in zip(pairs["source_url"], pairs["source_file"], strict=True)
    }


def china_totals(tables: dict, settings: dict, files: RawFiles) -> list[Row]:
    """China Customs' national totals against IMF DOTS (China reporter, World) and WDI's
    merchandise trade (from WTO data); a CNY value is converted at the H.10 average of its
    year, and the exchange-rate tolerance is added. Balances in percent of total trade."""
    pass_pct, _, fail_pct = _same_flow(settings)
    fx_pass = settings["exchange_rates"]["pass_pct"]
    currency = settings["exchange_rates"]["currency"]
    dots = _dots(tables, CHINA, WORLD)
    wdi = tables[WDI_TRADE]
    wdi = wdi[wdi["wdi_code"] == CHINA].set_index("year")
    wdi = pd.DataFrame(
        {
            "exports_fob": wdi["merchandise_exports_usd"] / 1e6,
            "imports_cif": wdi["merchandise_imports_usd"] / 1e6,
        }
    )
    fx = tables[FX]
    rates = fx[fx["currency"] == currency].set_index("year")["units_per_usd"]
    rows = []
    for value in china_customs_totals(tables, files):
        year, flow = value["year"], value["flow"]
        in_usd_mn = 100 * value["value"]
        extra_pct, unit_note = 0.0, ""
        if value["currency"] != "USD":
            if year not in rates.index:
                continue  # no rate: the exchange-rate checks say so
            in_usd_mn /= float(rates[year])
            extra_pct = fx_pass
            unit_note = tr(
                "CNY value converted at the H.10 average of {year} ({rate:.4f} per USD).",
                year=year,
                rate=float(rates[year]),
            )
        common = dict(
            check_id="china_totals",
            subject=CHINA,
            measure=f"{flow} ({value['currency']})",
            year=year,
            value_a=in_usd_mn,
            source_a=label(value["source"]),
            unit=USD_MN,
            difference_unit="%",
            raw_file=value["raw_file"],
            raw_column=value["raw_column"],
            raw_row=value["raw_row"],
        )
        found = False
        for source, table in (((DOTS, CHINA), dots), (WDI_TRADE, wdi)):
            value_b = _flow_value(table, year, flow)
            if value_b is None:
                continue
            found = True
            base = _total_of(table, year) if flow == "balance" else value_b
            difference = relative_difference_pct(in_usd_mn, value_b, base)
            scale = in_usd_mn / (100 * value["value"]) if value["value"] else 1.0
            rounding = 100 * 100 * value["rounding"] * scale / abs(base) if base else 0.0
            low, high = -pass_pct - extra_pct - rounding, pass_pct + extra_pct + rounding
            notes = [unit_note]
            if flow == "balance":
                notes.append(tr("A balance's difference is in percent of the year's total trade."))
            rows.append(
                Row(
                    **common,
                    value_b=value_b,
                    source_b=label(source),
                    difference=difference,
                    tolerance=within_tolerance(pass_pct + extra_pct, fail_pct, rounding),
                    status=band_status(difference, low, high, fail_pct),
                    note=_sentences(notes),
                )
            )
        if not found:
            rows.append(
                Row(
                    **common,
                    value_b=None,
                    source_b="",
                    difference=None,
                    tolerance=within_tolerance(pass_pct + extra_pct, fail_pct),
                    status=WARN,
                    note=no_second_value(tr("neither IMF DOTS nor WDI has this year")),
                )
            )
    return explain_warnings(rows, pass_pct)


def _sentences(notes: list[str]) -> str:
    return join_sentences(*[n for n in notes if n])
