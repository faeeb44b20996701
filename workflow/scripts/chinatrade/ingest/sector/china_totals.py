"""UN Comtrade, China reporter, partner USA, TOTAL only (the Comtrade API's CSV)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from chinatrade import validate as v
from chinatrade.errors import InputDataError
from chinatrade.ingest.sector.common import ROW, _read_text_csv
from chinatrade.ingest.sector.comtrade import FLOWS, HS_CLASSIFICATIONS

CHINA_TOTALS_SOURCE = "UN Comtrade (API CSV, DMK041218/3009GroupProject)"
CHINA_CSV_COLUMNS = [
    "typeCode",
    "freqCode",
    "refYear",
    "refMonth",
    "reporterISO",
    "flowCode",
    "partnerISO",
    "partner2ISO",
    "classificationCode",
    "cmdCode",
    "aggrLevel",
    "customsCode",
    "mosCode",
    "motCode",
    "cifvalue",
    "fobvalue",
    "primaryValue",
]
CHINA_CSV_CONSTANTS = {
    "typeCode": {"C"},
    "freqCode": {"A"},
    "refMonth": {"52"},
    "reporterISO": {"CHN"},
    "partnerISO": {"USA"},
    "partner2ISO": {"W00"},
    "cmdCode": {"TOTAL"},
    "aggrLevel": {"0"},
    "customsCode": {"C00"},
    "mosCode": {"0"},
    "motCode": {"0"},
}
CHINA_TOTALS_COLUMNS = [
    "reporter_iso3",
    "partner_iso3",
    "year",
    "flow",
    "hs_vintage",
    "value_usd",
    "reporter_side",
    "source",
    "source_file",
]


def read_china_reported_totals(path: str | Path) -> pd.DataFrame:
    """China's total goods trade with the US as China reports it to UN Comtrade (API CSV).

    Returns one row per (reporter_iso3, partner_iso3, year, flow): ``reporter_iso3``
    'CHN', ``partner_iso3`` 'USA', ``year`` (int), ``flow`` 'exports_fob' or
    'imports_cif', ``hs_vintage`` (Comtrade code, e.g. H4), ``value_usd`` (current US
    dollars, units), ``reporter_side`` 'own' (China's customs data), ``source``,
    ``source_file``. All products (Comtrade TOTAL); no balance is published, so none is
    checked.

    Checks: the header and the constant columns (annual, CHN -> USA, TOTAL, all
    procedures and modes; codes compared without outer spaces, as Comtrade writes
    mosCode '0 ' for 2015 and 2017); years and values are numbers, values present and non-negative;
    the primary value equals FOB (exports) or CIF (imports); the other valuation is blank
    or 0 (unpublished); one row per year and flow.
    """
    path = Path(path)
    frame = _read_text_csv(path, index_col=False)
    v.require_columns(frame, CHINA_CSV_COLUMNS, path)
    frame = v.with_csv_rows(frame[CHINA_CSV_COLUMNS])
    # Comtrade writes some codes with a trailing space (mosCode '0 ' in 2015 and 2017)
    for column in [*CHINA_CSV_CONSTANTS, "flowCode", "classificationCode"]:
        frame[column] = frame[column].str.strip()
    for column, values in CHINA_CSV_CONSTANTS.items():
        v.allowed(frame, column, values, path)
    v.allowed(frame, "flowCode", FLOWS, path)
    v.allowed(frame, "classificationCode", HS_CLASSIFICATIONS, path)
    frame["refYear"] = v.numeric(frame, "refYear", path, allow_missing=False).astype(int)
    frame["primaryValue"] = v.numeric(frame, "primaryValue", path, allow_missing=False)
    v.non_negative(frame, "primaryValue", path)
    for column in ("cifvalue", "fobvalue"):
        frame[column] = v.numeric(frame, column, path)
        v.non_negative(frame, column, path)
    v.unique_key(frame, ["refYear", "flowCode"], path)
    for flow_code, (flow, column, other_column, _) in FLOWS.items():
        rows = frame[frame["flowCode"] == flow_code]
        v.identity(
            rows,
            column,
            rows["primaryValue"],
            path,
            rule=f"the primary value of flow {flow_code} is the {flow.split('_')[1].upper()} value",
        )
        stray = rows[other_column].fillna(0) != 0
        if stray.any():
            index = stray.idxmax()
            raise InputDataError(
                path,
                f"{other_column} {rows.at[index, other_column]:,.0f} is published for flow "
                f"{flow_code}; only the {column} valuation is expected",
                column=other_column,
                row=int(rows.at[index, ROW]),
            )
    out = pd.DataFrame(
        {
            "reporter_iso3": frame["reporterISO"],
            "partner_iso3": frame["partnerISO"],
            "year": frame["refYear"].astype(int),
            "flow": frame["flowCode"].map({k: f[0] for k, f in FLOWS.items()}),
            "hs_vintage": frame["classificationCode"],
            "value_usd": frame["primaryValue"],
            "reporter_side": "own",
            "source": CHINA_TOTALS_SOURCE,
            "source_file": path.name,
        }
    )
    return out.sort_values(["year", "flow"]).reset_index(drop=True)[CHINA_TOTALS_COLUMNS]
