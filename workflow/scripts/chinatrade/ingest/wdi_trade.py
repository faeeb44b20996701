"""Merchandise exports and imports of every economy, current US dollars (World Bank WDI).

Sources (see ../shared/data/bilateral/SOURCES.md, section on ``original/wdi_merchandise_*``):
``bilateral/original/wdi_merchandise_exports_usd_tx_val_mrch_cd_wt.csv`` (TX.VAL.MRCH.CD.WT)
and ``..._imports_usd_tm_val_mrch_cd_wt.csv`` (TM.VAL.MRCH.CD.WT), as redistributed by the
datahub ``datasets/world-development-indicators`` repository: CSV ``Country Name, Country
Code, Year, Value`` in current US dollars (not millions), economies and World Bank aggregates
mixed. The World Bank takes them from the WTO: merchandise exports FOB and imports CIF (WTO
definitions), as each economy reports them.

Both files are read by ``macro.read_wdi_indicator`` (the reader of WDI GDP, with the same area
table ``workflow/resources/macro_area_codes.csv``). Units are checked twice: the WTO publishes
economies' values in USD millions and the World Bank multiplies them by 10^6, so an economy's
value that is not a whole number of millions is in another unit; and no economy trades more
than the World aggregate of the same year.

This file is a later WDI vintage than the GDP file (data to 2025): the aggregates MEA, MNA and
TMN include Afghanistan and Pakistan here and not in ``gdp_wdi``, so a ratio of these two
tables is only meaningful for economies.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from chinatrade.errors import InputDataError
from chinatrade.ingest import macro, source_files
from chinatrade.validate import ROW

MERCHANDISE_COLUMNS = [
    "wdi_code",
    "iso3",
    "area_name",
    "area_kind",
    "year",
    "merchandise_exports_usd",
    "merchandise_imports_usd",
    "merchandise_balance_usd",
    "source",
    "source_file",
]
MERCHANDISE_KEY = ["wdi_code", "year"]
SOURCE_MERCHANDISE = (
    "World Bank WDI TX.VAL.MRCH.CD.WT and TM.VAL.MRCH.CD.WT (merchandise exports FOB and "
    "imports CIF, current US$, from WTO data) via datahub datasets/world-development-indicators"
)
# the WTO's unit for economies: the World Bank's values are whole multiples of it
WTO_UNIT_USD = 1e6
WORLD_CODE = "WLD"
FLOWS = {
    "exports": ("merchandise_exports_usd", "merchandise exports in current US dollars"),
    "imports": ("merchandise_imports_usd", "merchandise imports in current US dollars"),
}


def read_wdi_merchandise(
    exports_path: str | Path, imports_path: str | Path, area_codes: pd.DataFrame
) -> pd.DataFrame:
    """Merchandise exports, imports and balance by WDI area and year.

    Output (key ``MERCHANDISE_KEY``: wdi_code, year), the area columns as in ``gdp_wdi``:

    - ``wdi_code``, ``iso3`` (NA for aggregates), ``area_name`` (as in the files),
      ``area_kind`` ('economy' or 'aggregate'), ``year`` (int)
    - ``merchandise_exports_usd`` (FOB), ``merchandise_imports_usd`` (CIF): current US
      dollars, not millions, >= 0 (Tuvalu's exports are 0 in 1980-2023 in the source); NaN
      where the file has no row for the area-year
    - ``merchandise_balance_usd`` = exports - imports; NaN when either is missing
    - ``source``; ``source_file``: the file(s) the row's values come from, the exports and
      imports files '; '-joined, or one of them where only it has the area-year

    Checks: those of ``macro.read_wdi_indicator`` on each file (values >= 0); economies' values
    in whole USD millions, none above the World's; the two files give each code one name.
    """
    flows = {}
    for flow, path in (("exports", exports_path), ("imports", imports_path)):
        column, what = FLOWS[flow]
        frame = macro.read_wdi_indicator(path, area_codes, column, what, allow_zero=True)
        _check_units(frame, column, path)
        flows[flow] = frame
    _check_same_names(flows["exports"], flows["imports"], imports_path)
    exports, imports = (flows[f].drop(columns=ROW) for f in ("exports", "imports"))
    area_columns = ["wdi_code", "iso3", "area_name", "area_kind"]
    areas = pd.concat([exports[area_columns], imports[area_columns]]).drop_duplicates("wdi_code")
    merged = exports.drop(columns=area_columns[1:]).merge(
        imports.drop(columns=area_columns[1:]), on=MERCHANDISE_KEY, how="outer", indicator=True
    )
    merged["source_file"] = _files_of_rows(merged.pop("_merge"), exports_path, imports_path)
    merged = merged.merge(areas, on="wdi_code", how="left", validate="many_to_one")
    merged["merchandise_balance_usd"] = (
        merged["merchandise_exports_usd"] - merged["merchandise_imports_usd"]
    )
    out = merged.assign(source=SOURCE_MERCHANDISE)
    return out[MERCHANDISE_COLUMNS].sort_values(MERCHANDISE_KEY).reset_index(drop=True)


def _files_of_rows(sides: pd.Series, exports_path, imports_path) -> pd.Series:
    """The ``source_file`` of each row of the outer merge of the two files, from the merge's
    indicator (which file has the area-year)."""
    paths = {
        "left_only": [exports_path],
        "right_only": [imports_path],
        "both": [exports_path, imports_path],
    }
    names = {side: source_files.joined(map(source_files.name_of, p)) for side, p in paths.items()}
    return sides.astype(str).map(names)


def _check_units(frame: pd.DataFrame, column: str, path) -> None:
    """Economies' values are whole USD millions (the WTO's unit) and at most the World's."""
    economies = frame[frame["area_kind"] == "economy"]
    millions = economies[column] / WTO_UNIT_USD
    not_whole = (millions - millions.round()).abs() > 1e-6
    if not_whole.any():
        index = not_whole.idxmax()
        raise InputDataError(
            path,
            f"value {economies.at[index, column]:.15g} is not a whole number of USD millions: "
            "the WTO publishes economies' trade in USD millions and the World Bank multiplies "
            "by 10^6, so this value is in another unit",
            column="Value",
            row=int(economies.at[index, ROW]),
        )
    world = frame[frame["wdi_code"] == WORLD_CODE].set_index("year")[column]
    if world.empty:
        raise InputDataError(path, f"no row for the World ({WORLD_CODE})", column="Country Code")
    above = economies[column] > economies["year"].map(world)
    if above.any():
        index = above.idxmax()
        raise InputDataError(
            path,
            f"{economies.at[index, 'wdi_code']} {economies.at[index, 'year']}: "
            f"{economies.at[index, column]:.6g} USD is more than the World's "
            f"{world[economies.at[index, 'year']]:.6g}; wrong unit or wrong row",
            column="Value",
            row=int(economies.at[index, ROW]),
        )


def _check_same_names(exports: pd.DataFrame, imports: pd.DataFrame, imports_path) -> None:
    """A code means the same area in both files (the name as the World Bank spells it)."""
    names = exports.drop_duplicates("wdi_code").set_index("wdi_code")["area_name"]
    other = imports["wdi_code"].map(names)
    differs = other.notna() & (other != imports["area_name"])
    if differs.any():
        index = differs.idxmax()
        raise InputDataError(
            imports_path,
            f"code {imports.at[index, 'wdi_code']!r} is {imports.at[index, 'area_name']!r} "
            f"here and {other[index]!r} in the exports file",
            column="Country Name",
            row=int(imports.at[index, ROW]),
        )
