"""WIOD 56 industries -> ISIC Rev.4 divisions -> BTDIxE ISIC4 codes, and HS6 mapped to WIOD
industries through the OECD key.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from chinatrade import validate as v
from chinatrade.errors import InputDataError
from chinatrade.ingest.sector.common import ROW, _all_present, _raise_at, _read_text_csv

#: the 56 industries of the WIOD 2016 release
WIOD56 = (
    "A01 A02 A03 B C10-C12 C13-C15 C16 C17 C18 C19 C20 C21 C22 C23 C24 C25 C26 C27 C28 C29 "
    "C30 C31_C32 C33 D35 E36 E37-E39 F G45 G46 G47 H49 H50 H51 H52 H53 I J58 J59_J60 J61 "
    "J62_J63 K64 K65 K66 L68 M69_M70 M71 M72 M73 M74_M75 N O84 P85 Q R_S T U"
).split()
#: BTDIxE ISIC4 codes left without a WIOD industry on purpose (gvc_province/SOURCES.md)
UNMAPPED_BTD_ISIC4 = {"Adjustment", "D10T33", "Others", "Unallocated", "Wastes"}
WIOD_SOURCE_COLUMNS = [
    "wiod_code",
    "industry_name",
    "isic_rev4_divisions",
    "oecd_btdixe_isic4_codes",
    "hs_sections_indicative",
    "note",
]
WIOD_COLUMNS = [
    "wiod_code",
    "industry_name",
    "isic4_division_first",
    "isic4_division_last",
    "btd_isic4_code",
    "hs_sections_indicative",
    "note",
]
BTD_ISIC4_PATTERN = r"D\d{2}[0-9A-Z]*(?: used)?"


def read_wiod_isic_concordance(path: str | Path) -> pd.DataFrame:
    """WIOD 2016 industry -> ISIC Rev.4 divisions -> OECD BTDIxE ISIC4 codes.

    Returns one row per (wiod_code, btd_isic4_code): ``wiod_code`` (one of :data:`WIOD56`),
    ``industry_name``, ``isic4_division_first`` / ``isic4_division_last`` (two-digit text;
    equal for a single division), ``btd_isic4_code`` (a code of the OECD key's
    ``btd_isic4_code``; empty for the industries that produce no goods, e.g. services,
    one row each: blank by design), ``hs_sections_indicative`` and ``note`` (labels).

    Checks: every WIOD industry once; divisions like '05' or '05-09'; codes of the form
    Dnn...; every code in one industry only; the code's division (the two digits after
    'D') inside the industry's divisions.
    """
    path = Path(path)
    frame = _read_text_csv(path)
    v.require_columns(frame, WIOD_SOURCE_COLUMNS, path)
    frame = v.with_csv_rows(frame[WIOD_SOURCE_COLUMNS])
    v.allowed(frame, "wiod_code", WIOD56, path)
    v.unique_key(frame, ["wiod_code"], path)
    _all_present(frame, "wiod_code", WIOD56, path)
    divisions = frame["isic_rev4_divisions"].str.fullmatch(r"(\d{2})(?:-(\d{2}))?")
    if not divisions.all():
        _raise_at(
            frame,
            ~divisions,
            path,
            "isic_rev4_divisions",
            "is not an ISIC division or range like '05-09'",
        )
    parts = frame["isic_rev4_divisions"].str.extract(r"(\d{2})(?:-(\d{2}))?")
    frame["isic4_division_first"] = parts[0]
    frame["isic4_division_last"] = parts[1].fillna(parts[0])
    long = frame.assign(btd_isic4_code=frame["oecd_btdixe_isic4_codes"].str.split("|")).explode(
        "btd_isic4_code"
    )
    long["btd_isic4_code"] = long["btd_isic4_code"].str.strip()
    coded = long[long["btd_isic4_code"] != ""]
    bad = ~coded["btd_isic4_code"].str.fullmatch(BTD_ISIC4_PATTERN)
    if bad.any():
        index = bad.to_numpy().argmax()
        raise InputDataError(
            path,
            f"code {coded['btd_isic4_code'].iloc[index]!r} is not a BTDIxE ISIC4 code "
            f"({BTD_ISIC4_PATTERN!r})",
            column="oecd_btdixe_isic4_codes",
            row=int(coded[ROW].iloc[index]),
        )
    repeated = coded.duplicated("btd_isic4_code")
    if repeated.any():
        index = repeated.to_numpy().argmax()
        code = coded["btd_isic4_code"].iloc[index]
        first = coded[coded["btd_isic4_code"] == code].iloc[0]
        raise InputDataError(
            path,
            f"code {code!r} is in two industries ({first.wiod_code} at row {first[ROW]} and "
            f"{coded['wiod_code'].iloc[index]}); a BTDIxE code maps to one WIOD industry",
            column="oecd_btdixe_isic4_codes",
            row=int(coded[ROW].iloc[index]),
        )
    division = coded["btd_isic4_code"].str[1:3]
    outside = (division < coded["isic4_division_first"]) | (division > coded["isic4_division_last"])
    if outside.any():
        index = outside.to_numpy().argmax()
        bad_row = coded.iloc[index]
        raise InputDataError(
            path,
            f"code {bad_row.btd_isic4_code!r} (ISIC division {division.iloc[index]}) lies "
            f"outside the industry's divisions {bad_row.isic_rev4_divisions}",
            column="oecd_btdixe_isic4_codes",
            row=int(bad_row[ROW]),
        )
    long = long.assign(btd_isic4_code=long["btd_isic4_code"].replace("", np.nan))
    return long[WIOD_COLUMNS].reset_index(drop=True)


def map_hs6_to_wiod(
    hs_isic_key: pd.DataFrame, wiod: pd.DataFrame, wiod_file: str | Path
) -> pd.DataFrame:
    """HS6 -> WIOD industry, through the BTDIxE ISIC4 code (the chain HS -> ISIC -> WIOD).

    ``hs_isic_key`` is :func:`read_oecd_hs_isic_key`'s output, ``wiod`` is
    :func:`read_wiod_isic_concordance`'s, ``wiod_file`` its file (for messages). Returns one
    row per (hs_version, hs6): ``hs_version``, ``comtrade_classification``, ``hs6``,
    ``hs6_is_special``, ``btd_isic4_code``, ``wiod_code``. ``wiod_code`` is empty exactly
    for the codes left unmapped on purpose (:data:`UNMAPPED_BTD_ISIC4`); any other code
    of the key without a WIOD industry is an error.
    """
    mapped = wiod.dropna(subset=["btd_isic4_code"])[["btd_isic4_code", "wiod_code"]]
    out = hs_isic_key.merge(mapped, on="btd_isic4_code", how="left", validate="many_to_one")
    unmapped = out["wiod_code"].isna() & ~out["btd_isic4_code"].isin(UNMAPPED_BTD_ISIC4)
    if unmapped.any():
        code = out.loc[unmapped, "btd_isic4_code"].iloc[0]
        raise InputDataError(
            wiod_file,
            f"BTDIxE code {code!r} of the OECD key (e.g. HS6 "
            f"{out.loc[unmapped, 'hs6'].iloc[0]}) has no WIOD industry and is not in the "
            f"deliberately unmapped {sorted(UNMAPPED_BTD_ISIC4)}",
            column="oecd_btdixe_isic4_codes",
            row=f"key {code}",
        )
    columns = [
        "hs_version",
        "comtrade_classification",
        "hs6",
        "hs6_is_special",
        "btd_isic4_code",
        "wiod_code",
    ]
    return out[columns].reset_index(drop=True)
