"""Dependence on international production networks by WIOD industry, and the trade datasets.

The study's regressor is a sector's processing-trade share. China Customs' processing share by
sector is not in this workflow's data (see ``shared/data/gvc_province/SOURCES.md``), so the
measured stand-in is the *import content of exports* computed from the WIOD 2016 China
national input-output table (Hummels-Ishii-Yi vertical specialisation): the foreign value per
dollar of an industry's exports, through all rounds of domestic production. WIOD's China table
uses one technology for processing and ordinary exporters, so the level understates the
foreign content of processing-intensive industries (Koopman-Wang-Wei); the ranking across
industries is what the regressions use.

Public functions:

- ``leontief_import_content``: one year of the NIOT -> import content by industry;
- ``wiod_industry_year``: China's trade by WIOD industry and year 2000-2014 from the NIOT
  itself (China's own table), with the import content of the same year;
- ``china_us_wiod_industry``: US-reported (mirror) US-China trade 2015-2025 mapped from HS6
  to WIOD industries, with the import content averaged over chosen WIOD years, and the
  mapping coverage by year.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from chinatrade import validate
from chinatrade.errors import InputDataError
from chinatrade.ingest.wiod import INDUSTRIES, NiotYear, niot_year

#: WIOD industries that produce goods: agriculture, forestry, fishing (A01-A03), mining (B)
#: and manufacturing (C10-C12 ... C33), the first 23 of the 56 WIOD codes. C33 (repair and
#: installation of machinery) is a goods-sector code although it is a service; China's NIOT
#: records no output for it, so its import content is missing and it drops out of any model
#: that uses the import content.
GOODS_INDUSTRIES: tuple[str, ...] = INDUSTRIES[: INDUSTRIES.index("C33") + 1]

WIOD_SOURCE = "WIOD 2016 release, China national input-output table (CHN_NIOT_nov16)"
COMTRADE_SOURCE = "UN Comtrade, reporter USA, partner China (US-reported: mirror of China's trade)"

NIOT_TABLE = "wiod_niot_chn.parquet"
LABELS_TABLE = "wiod_niot_labels.parquet"
TRADE_TABLE = "sector_trade_us_china_comtrade.parquet"
KEY_TABLE = "hs6_to_wiod.parquet"
WIOD_YEAR_TABLE = "wiod_industry_year dataset"

US_EXPORT_FLOW = "exports_fob"
US_IMPORT_FLOWS = {"imports_cif": "cif", "imports_customs_value": "customs_value"}
MILLION = 1e6

#: Tolerance below which a Leontief inverse entry counts as negative (the economy is not
#: productive: some column of A_d sums to one or more).
_NEGATIVE_TOLERANCE = -1e-9

CONTENT_COLUMNS = [
    "year",
    "industry",
    "gross_output_usd_millions",
    "exports_usd_millions",
    "direct_imported_input_share",
    "import_content_of_exports_share",
    "domestic_va_content_share",
    "national_import_content_of_exports_share",
]

INDUSTRY_YEAR_COLUMNS = [
    "industry",
    "industry_name",
    "year",
    "is_goods",
    "exports_usd_millions",
    "imports_usd_millions",
    "total_trade_usd_millions",
    "balance_usd_millions",
    "normalised_balance",
    "balance_share_of_total_trade",
    "import_content_of_exports_share",
    "direct_imported_input_share",
    "domestic_va_content_share",
    "national_import_content_of_exports_share",
    "gross_output_usd_millions",
    "reporter_side",
    "source",
]

CHINA_US_COLUMNS = [
    "industry",
    "industry_name",
    "year",
    "is_goods",
    "exports_usd_millions",
    "imports_usd_millions",
    "total_trade_usd_millions",
    "balance_usd_millions",
    "normalised_balance",
    "balance_share_of_total_trade",
    "import_content_of_exports_share",
    "direct_imported_input_share",
    "intensity_years",
    "hs_vintage",
    "import_valuation",
    "reporter_side",
    "reported_by",
    "source",
]

#: How an HS6 trade row found (or did not find) its WIOD industry.
MAPPING_METHODS = {
    "same_edition": "the key has the trade row's HS edition and the code",
    "earlier_edition": "the code exists in the latest key edition before the trade's edition",
    "hs4_unique_industry": "code absent from the key; every key code of its HS4 heading maps "
    "to one WIOD industry (only with hs4_fallback=True)",
    "not_in_key": "the 6-digit code is absent from the key edition used (new or split code)",
    "no_wiod_industry": "the key has the code but no WIOD industry (BTDIxE Unallocated, "
    "Others, Wastes, Adjustment, D10T33; e.g. 999999 commodities not specified)",
}
MAPPED_METHODS = ("same_edition", "earlier_edition", "hs4_unique_industry")


# --------------------------------------------------------------------------- helpers


def _normalised(balance: pd.Series, total: pd.Series) -> pd.Series:
    """(X - M) / (X + M); NaN where X + M = 0."""
    return balance / total.where(total != 0)


def _check_block(frame: pd.DataFrame, name: str, year: int, rows, columns) -> np.ndarray:
    """A matrix of the NIOT year in the expected order, finite and non-negative."""
    if list(frame.index) != list(rows) or list(frame.columns) != list(columns):
        raise ValueError(
            f"NIOT {year}: {name} must have rows {list(rows)[:3]}... and columns "
            f"{list(columns)[:3]}... in the order of `industries`"
        )
    values = frame.to_numpy(dtype=float)
    if not np.isfinite(values).all():
        row, column = np.argwhere(~np.isfinite(values))[0]
        raise ValueError(f"NIOT {year}: {name} cell ({rows[row]}, {columns[column]}) is missing")
    if (values < 0).any():
        row, column = np.argwhere(values < 0)[0]
        raise ValueError(
            f"NIOT {year}: {name} cell ({rows[row]}, {columns[column]}) is negative "
            f"({values[row, column]}); intermediate use is a gross flow"
        )
    return values


def _check_vector(series: pd.Series, name: str, year: int, industries, *, signed=False):
    if list(series.index) != list(industries):
        raise ValueError(f"NIOT {year}: {name} must be indexed by `industries` in their order")
    values = series.to_numpy(dtype=float)
    if not np.isfinite(values).all():
        where = industries[int(np.argmax(~np.isfinite(values)))]
        raise ValueError(f"NIOT {year}: {name} of {where} is missing")
    if not signed and (values < 0).any():
        where = industries[int(np.argmax(values < 0))]
        raise ValueError(f"NIOT {year}: {name} of {where} is negative ({values.min()})")
    return values


def _spec_error(key: str, problem: str) -> ValueError:
    return ValueError(f"china_us_wiod_industry '{key}': {problem}")


def _year_list(values: Iterable, key: str) -> list[int]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise _spec_error(key, f"{values!r} is not a list of years")
    years = list(values)
    if not years:
        raise _spec_error(key, "is empty")
    for year in years:
        if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
            raise _spec_error(key, f"{year!r} is not a year")
    if len(set(years)) != len(years):
        raise _spec_error(key, f"repeats a year ({years})")
    return sorted(int(y) for y in years)


def _year_label(years: list[int]) -> str:
    if years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
    return ",".join(map(str, years))


def _edition_number(edition: str, file: str, column: str) -> int:
    match = re.fullmatch(r"H(\d)", str(edition))
    if not match:
        raise InputDataError(
            file, f"HS edition {edition!r} is not a Comtrade code H0-H9", column=column
        )
    return int(match.group(1))


# --------------------------------------------------------------------------- Leontief


def leontief_import_content(model: NiotYear) -> pd.DataFrame:
    """Import content of exports (foreign value added in exports) by industry, one NIOT year.

    With x gross output, Z_d and Z_m the domestic and imported intermediate-use matrices
    (rows supplying product, columns using industry), A_d = Z_d / x (column j divided by
    x_j; an industry with zero output gets a zero column), m_j = sum_i Z_m,ij / x_j (direct
    imported-input coefficient), v_j = VA_j / x_j, and L = (I - A_d)^-1:

    - ``import_content_of_exports_share`` = (m' L)_j: foreign content per dollar of industry
      j's exports, through all rounds of domestic input use (Hummels-Ishii-Yi vertical
      specialisation; single-country analogue of OECD TiVA EXGR_FVASH), share 0-1;
    - ``direct_imported_input_share`` = m_j (first round only), share 0-1;
    - ``domestic_va_content_share`` = (v' L)_j, share 0-1. The two contents add up to one
      less the share of taxes less subsidies and margins in the inputs (about 0.98 in China);
    - ``national_import_content_of_exports_share``: sum_j (m' L)_j e_j / sum_j e_j with e the
      exports of domestic output (EXP of the domestic rows), the same on every row;
    - ``gross_output_usd_millions`` (x) and ``exports_usd_millions`` (e): USD millions,
      current prices, basic prices;
    - ``year``, ``industry`` (WIOD code, in the order of ``model.industries``).

    Industries with zero output (C33, G45, J58, J59_J60, K66, M71, M73, T, U for China in
    every year) have missing shares: no coefficients can be formed. They must have zero
    inputs and zero exports. Raises ``ValueError`` naming the year and the cell if a matrix
    is misaligned, missing or negative, or if (I - A_d) is singular or its inverse has a
    negative entry (the table would not be productive).
    """
    year, industries = model.year, list(model.industries)
    z_d = _check_block(model.z_domestic, "z_domestic", year, industries, industries)
    z_m = _check_block(model.z_imported, "z_imported", year, industries, industries)
    output = _check_vector(model.gross_output, "gross_output", year, industries)
    exports = _check_vector(model.exports, "exports", year, industries)
    value_added = _check_vector(model.value_added, "value_added", year, industries, signed=True)

    produced = output > 0
    for j in np.flatnonzero(~produced):
        inputs = z_d[:, j].sum() + z_m[:, j].sum()
        if inputs > 0 or exports[j] > 0:
            raise ValueError(
                f"NIOT {year}: industry {industries[j]} has zero gross output but uses "
                f"{inputs} of intermediate inputs and exports {exports[j]} (USD millions); "
                "a zero-output industry must be empty"
            )
    per_output = np.divide(1.0, output, out=np.zeros_like(output), where=produced)
    a_domestic = z_d * per_output  # column j divided by x_j
    direct_imported = (z_m * per_output).sum(axis=0)
    value_added_per_output = value_added * per_output

    identity = np.eye(len(industries))
    try:
        leontief = np.linalg.inv(identity - a_domestic)
    except np.linalg.LinAlgError as error:
        raise ValueError(f"NIOT {year}: I - A_d is singular; no Leontief inverse") from error
    if (leontief < _NEGATIVE_TOLERANCE).any():
        column_sums = a_domestic.sum(axis=0)
        worst = industries[int(column_sums.argmax())]
        raise ValueError(
            f"NIOT {year}: the Leontief inverse has negative entries (domestic input "
            f"coefficients of {worst} sum to {column_sums.max():.3f}); the table is not "
            "productive"
        )
    import_content = direct_imported @ leontief
    domestic_content = value_added_per_output @ leontief
    import_content[~produced] = np.nan
    domestic_content[~produced] = np.nan
    direct = np.where(produced, direct_imported, np.nan)
    total_exports = exports[produced].sum()
    national = (
        float(import_content[produced] @ exports[produced] / total_exports)
        if total_exports > 0
        else np.nan
    )
    return pd.DataFrame(
        {
            "year": year,
            "industry": industries,
            "gross_output_usd_millions": output,
            "exports_usd_millions": exports,
            "direct_imported_input_share": direct,
            "import_content_of_exports_share": import_content,
            "domestic_va_content_share": domestic_content,
            "national_import_content_of_exports_share": national,
        }
    )[CONTENT_COLUMNS]


# --------------------------------------------------------------------------- WIOD panel


def _industry_names(labels: pd.DataFrame) -> dict[str, str]:
    validate.require_columns(labels, ["axis", "code", "description"], LABELS_TABLE)
    rows = labels[labels["axis"] == "row"]
    validate.unique_key(rows, ["code"], LABELS_TABLE)
    names = dict(zip(rows["code"], rows["description"], strict=True))
    missing = [code for code in INDUSTRIES if code not in names]
    if missing:
        raise InputDataError(
            LABELS_TABLE,
            f"no row description for the WIOD industries {missing}",
            column="code",
            row=f"with key (axis=row, code={missing[0]})",
        )
    return names


def wiod_industry_year(niot: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    """China's trade and import content by WIOD industry and year, from China's own IO table.

    One row per WIOD industry (56) and year of ``niot`` (2000-2014), key (industry, year).
    ``niot`` is the canonical ``wiod_niot_chn`` table (``read_niot``'s long form) and
    ``labels`` the ``wiod_niot_labels`` table. Columns (money in USD millions, current
    prices, basic prices):

    - ``industry`` (WIOD code), ``industry_name`` (NIOT description), ``year`` (int);
    - ``is_goods``: agriculture, mining and manufacturing, A01-C33 (``GOODS_INDUSTRIES``).
      **The goods industries are the regression sample by default**: services hardly
      trade, and WIOD's service exports are largely margins (G46 wholesale, H transport);
    - ``exports_usd_millions``: EXP column of the industry's domestic row (exports of
      domestic output; China's NIOT records no re-exports of imports);
    - ``imports_usd_millions``: the industry's imported row summed over all uses
      (intermediate and final: imports of that industry's products);
    - ``total_trade_usd_millions`` = X + M; ``balance_usd_millions`` = X - M;
    - ``normalised_balance`` = (X - M) / (X + M), in [-1, 1], NaN where X + M = 0;
    - ``balance_share_of_total_trade`` = balance / total trade of all 56 industries that year;
    - ``import_content_of_exports_share``, ``direct_imported_input_share``,
      ``domestic_va_content_share``, ``national_import_content_of_exports_share``,
      ``gross_output_usd_millions``: from ``leontief_import_content`` of the same year
      (shares 0-1; missing for the zero-output industries);
    - ``reporter_side`` = ``own`` (China's IO table), ``source``.

    The levels are WIOD's, at basic prices, so they differ from customs trade (2014 goods
    exports USD 2,021 bn vs customs about 2,342 bn; margins sit in G and H).
    """
    validate.require_columns(
        niot, ["year", "row", "origin", "column", "value_usd_millions"], NIOT_TABLE
    )
    names = _industry_names(labels)
    years = sorted(int(y) for y in niot["year"].unique())
    if not years:
        raise InputDataError(NIOT_TABLE, "the table has no rows", column="year")
    parts = []
    for year in years:
        model = niot_year(niot, year)
        content = leontief_import_content(model)
        imports = model.imports_by_product.reindex(content["industry"]).to_numpy()
        parts.append(content.assign(imports_usd_millions=imports))
    out = pd.concat(parts, ignore_index=True)
    exports, imports = out["exports_usd_millions"], out["imports_usd_millions"]
    out["total_trade_usd_millions"] = exports + imports
    out["balance_usd_millions"] = exports - imports
    out["normalised_balance"] = _normalised(
        out["balance_usd_millions"], out["total_trade_usd_millions"]
    )
    year_trade = out.groupby("year")["total_trade_usd_millions"].transform("sum")
    out["balance_share_of_total_trade"] = out["balance_usd_millions"] / year_trade.where(
        year_trade != 0
    )
    out["industry_name"] = out["industry"].map(names)
    out["is_goods"] = out["industry"].isin(GOODS_INDUSTRIES)
    out["reporter_side"] = "own"
    out["source"] = WIOD_SOURCE
    return (
        out[INDUSTRY_YEAR_COLUMNS]
        .sort_values(["industry", "year"], key=_wiod_order)
        .reset_index(drop=True)
    )


def _wiod_order(column: pd.Series) -> pd.Series:
    if column.name == "industry":
        return column.map({code: i for i, code in enumerate(INDUSTRIES)}).fillna(len(INDUSTRIES))
    return column


# --------------------------------------------------------------------------- China-US


def _us_china_hs6(trade: pd.DataFrame, years: list[int], import_flow: str) -> pd.DataFrame:
    """The US-reported HS6 rows and TOTAL rows of the chosen years and flows, checked."""
    needed = ["reporter_iso3", "partner_iso3", "year", "flow", "level", "product_code"]
    validate.require_columns(trade, [*needed, "hs_vintage", "value_usd"], TRADE_TABLE)
    if import_flow not in US_IMPORT_FLOWS:
        raise _spec_error("import_flow", f"{import_flow!r} is not one of {sorted(US_IMPORT_FLOWS)}")
    rows = trade[(trade["reporter_iso3"] == "USA") & (trade["partner_iso3"] == "CHN")]
    available = set(rows["year"].astype(int))
    absent = [y for y in years if y not in available]
    if absent:
        raise _spec_error(
            "years",
            f"{absent} not in the US-China trade table "
            f"({min(available, default=None)}-{max(available, default=None)})",
        )
    rows = rows[rows["year"].isin(years) & rows["flow"].isin([import_flow, US_EXPORT_FLOW])]
    published = rows.groupby("year")["flow"].agg(lambda flows: set(flows))
    for year in years:
        if published.get(year, set()) != {import_flow, US_EXPORT_FLOW}:
            raise _spec_error(
                "import_flow", f"{year}: {import_flow} and {US_EXPORT_FLOW} are not both published"
            )
    rows = rows[rows["level"].isin(["HS6", "TOTAL"])].copy()
    rows["year"] = rows["year"].astype(int)
    rows["value_usd"] = validate.numeric(rows, "value_usd", TRADE_TABLE, allow_missing=False)
    validate.non_negative(rows, "value_usd", TRADE_TABLE)
    validate.unique_key(rows, ["year", "flow", "level", "product_code"], TRADE_TABLE)
    vintages = rows.groupby("year")["hs_vintage"].nunique()
    if (vintages > 1).any():
        year = int(vintages.idxmax())
        editions = sorted(rows.loc[rows["year"] == year, "hs_vintage"].unique())
        raise InputDataError(
            TRADE_TABLE,
            f"year {year} mixes HS editions {editions}; one edition per year",
            column="hs_vintage",
            row=f"with key (year={year})",
        )
    totals = rows[rows["level"] == "TOTAL"].groupby(["year", "flow"]).size()
    for year in years:
        for flow in (import_flow, US_EXPORT_FLOW):
            if totals.get((year, flow), 0) != 1:
                raise InputDataError(
                    TRADE_TABLE,
                    "one TOTAL row per year and flow is needed for the coverage",
                    column="level",
                    row=f"with key (year={year}, flow={flow})",
                )
    return rows


def _key(hs6_to_wiod: pd.DataFrame) -> pd.DataFrame:
    validate.require_columns(
        hs6_to_wiod, ["comtrade_classification", "hs6", "wiod_code"], KEY_TABLE
    )
    key = hs6_to_wiod[["comtrade_classification", "hs6", "wiod_code"]].copy()
    validate.unique_key(key, ["comtrade_classification", "hs6"], KEY_TABLE)
    key["wiod_code"] = key["wiod_code"].replace("", np.nan)
    unknown = key["wiod_code"].notna() & ~key["wiod_code"].isin(INDUSTRIES)
    if unknown.any():
        index = unknown.idxmax()
        raise InputDataError(
            KEY_TABLE,
            f"WIOD code {key.at[index, 'wiod_code']!r} is not one of the 56 WIOD industries",
            column="wiod_code",
            row=f"with key (comtrade_classification={key.at[index, 'comtrade_classification']}, "
            f"hs6={key.at[index, 'hs6']})",
        )
    key["edition_number"] = [
        _edition_number(e, KEY_TABLE, "comtrade_classification")
        for e in key["comtrade_classification"]
    ]
    return key


def _map_hs6(hs6: pd.DataFrame, key: pd.DataFrame, hs4_fallback: bool) -> pd.DataFrame:
    """Add ``key_edition``, ``wiod_code`` and ``mapping`` (a ``MAPPING_METHODS`` key)."""
    editions = sorted(key["edition_number"].unique())
    vintage_numbers = {
        v: _edition_number(v, TRADE_TABLE, "hs_vintage") for v in hs6["hs_vintage"].unique()
    }
    key_edition = {}
    for vintage, number in vintage_numbers.items():
        earlier = [e for e in editions if e <= number]
        if not earlier:
            raise InputDataError(
                KEY_TABLE,
                f"no key edition at or before the trade's HS edition {vintage} "
                f"(key editions H{editions[0]}-H{editions[-1]})",
                column="comtrade_classification",
            )
        key_edition[vintage] = f"H{earlier[-1]}"
    out = hs6.assign(key_edition=hs6["hs_vintage"].map(key_edition))
    lookup = key.set_index(["comtrade_classification", "hs6"])["wiod_code"]
    index = pd.MultiIndex.from_arrays([out["key_edition"], out["product_code"]])
    in_key = index.isin(lookup.index)
    out["wiod_code"] = lookup.reindex(index).to_numpy()
    same = out["key_edition"] == out["hs_vintage"]
    out["mapping"] = np.select(
        [~in_key, out["wiod_code"].isna(), same],
        ["not_in_key", "no_wiod_industry", "same_edition"],
        default="earlier_edition",
    )
    if hs4_fallback:
        heading = key.assign(hs4=key["hs6"].str[:4])
        unique = heading.groupby(["comtrade_classification", "hs4"])["wiod_code"].agg(
            lambda codes: codes.iloc[0] if codes.notna().all() and codes.nunique() == 1 else None
        )
        fallback = unique.reindex(
            pd.MultiIndex.from_arrays([out["key_edition"], out["product_code"].str[:4]])
        ).to_numpy()
        use = (out["mapping"] == "not_in_key").to_numpy() & pd.notna(fallback)
        out.loc[use, "wiod_code"] = fallback[use]
        out.loc[use, "mapping"] = "hs4_unique_industry"
    return out


def _coverage(mapped: pd.DataFrame, totals: pd.DataFrame, import_flow: str) -> pd.DataFrame:
    china_flow = {import_flow: "exports", US_EXPORT_FLOW: "imports"}
    detail = mapped.assign(china_flow=mapped["flow"].map(china_flow))
    by_method = detail.pivot_table(
        index=["year", "china_flow"],
        columns="mapping",
        values="value_usd",
        aggfunc="sum",
        fill_value=0.0,
    ).reindex(columns=list(MAPPING_METHODS), fill_value=0.0)
    both = by_method.groupby(level="year").sum()
    both.index = pd.MultiIndex.from_product(
        [both.index, ["total_trade"]], names=by_method.index.names
    )
    by_method = pd.concat([by_method, both]).sort_index()
    total = totals.assign(china_flow=totals["flow"].map(china_flow)).pivot_table(
        index="year", columns="china_flow", values="value_usd", aggfunc="sum"
    )
    total["total_trade"] = total["exports"] + total["imports"]
    total = total.stack()
    out = (by_method / MILLION).rename(columns=lambda m: f"{m}_usd_millions")
    out["total_usd_millions"] = total.reindex(out.index).to_numpy() / MILLION
    out["hs6_detail_usd_millions"] = by_method.sum(axis=1).to_numpy() / MILLION
    out["not_in_hs6_detail_usd_millions"] = (
        out["total_usd_millions"] - out["hs6_detail_usd_millions"]
    )
    mapped_columns = [f"{m}_usd_millions" for m in MAPPED_METHODS]
    out["mapped_usd_millions"] = out[mapped_columns].sum(axis=1)
    out["unmapped_usd_millions"] = out["total_usd_millions"] - out["mapped_usd_millions"]
    out["mapped_share"] = out["mapped_usd_millions"] / out["total_usd_millions"].where(
        out["total_usd_millions"] != 0
    )
    out["largest_unmapped_hs6"] = [
        _largest_unmapped(detail, year, flow) for year, flow in out.index
    ]
    out = out.reset_index()
    vintages = mapped.groupby("year")[["hs_vintage", "key_edition"]].first()
    out.insert(2, "hs_vintage", out["year"].map(vintages["hs_vintage"]))
    out.insert(3, "key_edition", out["year"].map(vintages["key_edition"]))
    out["import_valuation"] = US_IMPORT_FLOWS[import_flow]
    out["reporter_side"] = "mirror"
    out["reported_by"] = "USA"
    out["source"] = COMTRADE_SOURCE
    return out


def _largest_unmapped(detail: pd.DataFrame, year: int, flow: str, n: int = 3) -> str:
    rows = detail[(detail["year"] == year) & ~detail["mapping"].isin(MAPPED_METHODS)]
    if flow != "total_trade":
        rows = rows[rows["china_flow"] == flow]
    top = rows.groupby(["product_code", "mapping"])["value_usd"].sum().nlargest(n)
    return "; ".join(
        f"{code} ({mapping}) {value / MILLION:,.0f}" for (code, mapping), value in top.items()
    )


def china_us_wiod_industry(
    sector_trade: pd.DataFrame,
    hs6_to_wiod: pd.DataFrame,
    wiod_year_table: pd.DataFrame,
    years: Iterable[int],
    intensity_years: Iterable[int],
    *,
    import_flow: str = "imports_cif",
    hs4_fallback: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """China's trade with the US by WIOD industry and year (US-reported, mirror), 2015-2025.

    ``sector_trade`` is the canonical ``sector_trade_us_china_comtrade`` table, ``hs6_to_wiod``
    the HS6 -> ISIC -> WIOD key, ``wiod_year_table`` the output of ``wiod_industry_year``.
    China's exports to the US are US imports from China (``import_flow``: ``imports_cif``,
    Comtrade's primary value, every year; or ``imports_customs_value``, some years only);
    China's imports from the US are US exports (FOB).

    Mapping. HS chapters mix WIOD industries (chapter 84 feeds C25-C28, for instance), so
    the mapping is done at HS6 for every year (the HS6 detail adds up to the TOTAL row). The
    key holds HS1988-HS2012 (H0-H4); a trade row of edition H4 uses the H4 key; rows of
    HS2017 (H5) and HS2022 (H6) use the latest key edition, H4, where the 6-digit code exists
    there, and are otherwise ``not_in_key`` (new or split codes, e.g. 851713 smartphones in
    HS2022) and left unmapped. A kept code can have changed scope between editions (e.g.
    851712 lost the smartphones in 2022); the industry of such a code rarely changes. With
    ``hs4_fallback=True`` a code absent from the key takes the WIOD industry of its HS4
    heading when every key code of that heading maps to one industry. Codes the key holds
    without an industry (``no_wiod_industry``: BTDIxE Unallocated, Others, Wastes,
    Adjustment, D10T33, including 999999 "commodities not specified") are unmapped too.

    Returns ``(dataset, coverage)``.

    ``dataset``: one row per (industry, year) for the industries that receive mapped trade
    in any of ``years`` (zero where they have none in a year). Columns (money in USD
    millions, current prices): ``industry``, ``industry_name``, ``year``, ``is_goods``,
    ``exports_usd_millions`` (China's exports to the US = US imports), ``imports_usd_millions``
    (= US exports), ``total_trade_usd_millions``, ``balance_usd_millions`` (China's balance
    with the US), ``normalised_balance`` ((X-M)/(X+M), NaN where X+M = 0),
    ``balance_share_of_total_trade`` (balance / all US-China trade of the year, the TOTAL
    rows, unmapped trade included), ``import_content_of_exports_share`` and
    ``direct_imported_input_share`` (means over ``intensity_years`` of the WIOD table: China's
    production structure, not the US-bound exports'; missing for zero-output industries),
    ``intensity_years`` (e.g. "2010-2014"), ``hs_vintage``, ``import_valuation`` (cif or
    customs_value), ``reporter_side`` = ``mirror``, ``reported_by`` = USA, ``source``.

    ``coverage``: one row per year and ``china_flow`` (``exports``, ``imports``,
    ``total_trade``): ``hs_vintage``, ``key_edition``, the value by ``MAPPING_METHODS`` key
    (``<method>_usd_millions``), ``total_usd_millions`` (TOTAL row), ``hs6_detail_usd_millions``
    and ``not_in_hs6_detail_usd_millions`` (TOTAL minus the HS6 sum; about zero),
    ``mapped_usd_millions``, ``unmapped_usd_millions`` (total - mapped), ``mapped_share``,
    ``largest_unmapped_hs6`` (the three largest unmapped codes, USD millions), and the
    provenance columns.

    Raises ``ValueError`` naming the argument (``years``, ``intensity_years``,
    ``import_flow``) when it does not fit the data, ``InputDataError`` naming the table,
    column and key for bad input (missing columns, duplicate keys, unknown WIOD codes, mixed
    HS editions in a year, missing TOTAL rows).
    """
    years = _year_list(years, "years")
    intensity = _year_list(intensity_years, "intensity_years")
    wiod_columns = [
        "industry",
        "industry_name",
        "year",
        "is_goods",
        "import_content_of_exports_share",
        "direct_imported_input_share",
    ]
    validate.require_columns(wiod_year_table, wiod_columns, WIOD_YEAR_TABLE)
    validate.unique_key(wiod_year_table, ["industry", "year"], WIOD_YEAR_TABLE)
    wiod_years = set(wiod_year_table["year"].astype(int))
    absent = [y for y in intensity if y not in wiod_years]
    if absent:
        raise _spec_error(
            "intensity_years",
            f"{absent} not in the WIOD table ({min(wiod_years)}-{max(wiod_years)})",
        )

    rows = _us_china_hs6(sector_trade, years, import_flow)
    key = _key(hs6_to_wiod)
    hs6 = rows[rows["level"] == "HS6"]
    mapped = _map_hs6(hs6, key, hs4_fallback)
    coverage = _coverage(mapped, rows[rows["level"] == "TOTAL"], import_flow)

    good = mapped[mapped["mapping"].isin(MAPPED_METHODS)]
    flows = good.pivot_table(
        index=["wiod_code", "year"],
        columns="flow",
        values="value_usd",
        aggfunc="sum",
        fill_value=0.0,
    ).reindex(columns=[import_flow, US_EXPORT_FLOW], fill_value=0.0)
    industries = [code for code in INDUSTRIES if code in set(good["wiod_code"])]
    grid = pd.MultiIndex.from_product([industries, years], names=["industry", "year"])
    flows = flows.rename_axis(index=["industry", "year"]).reindex(grid, fill_value=0.0) / MILLION
    out = pd.DataFrame(
        {
            "exports_usd_millions": flows[import_flow],
            "imports_usd_millions": flows[US_EXPORT_FLOW],
        }
    ).reset_index()
    out["total_trade_usd_millions"] = out["exports_usd_millions"] + out["imports_usd_millions"]
    out["balance_usd_millions"] = out["exports_usd_millions"] - out["imports_usd_millions"]
    out["normalised_balance"] = _normalised(
        out["balance_usd_millions"], out["total_trade_usd_millions"]
    )
    bilateral = coverage[coverage["china_flow"] == "total_trade"].set_index("year")[
        "total_usd_millions"
    ]
    year_total = out["year"].map(bilateral)
    out["balance_share_of_total_trade"] = out["balance_usd_millions"] / year_total.where(
        year_total != 0
    )

    wiod = wiod_year_table[wiod_year_table["year"].isin(intensity)]
    means = wiod.groupby("industry")[
        ["import_content_of_exports_share", "direct_imported_input_share"]
    ].mean()
    labels = wiod_year_table.drop_duplicates("industry").set_index("industry")
    missing = [code for code in industries if code not in labels.index]
    if missing:
        raise InputDataError(
            WIOD_YEAR_TABLE,
            f"WIOD industries {missing} receive US-China trade but are not in the table",
            column="industry",
            row=f"with key (industry={missing[0]})",
        )
    out["industry_name"] = out["industry"].map(labels["industry_name"])
    out["is_goods"] = out["industry"].map(labels["is_goods"]).astype(bool)
    for column in means.columns:
        out[column] = out["industry"].map(means[column])
    out["intensity_years"] = _year_label(intensity)
    out["hs_vintage"] = out["year"].map(mapped.groupby("year")["hs_vintage"].first())
    out["import_valuation"] = US_IMPORT_FLOWS[import_flow]
    out["reporter_side"] = "mirror"
    out["reported_by"] = "USA"
    out["source"] = COMTRADE_SOURCE
    return out[CHINA_US_COLUMNS], coverage
