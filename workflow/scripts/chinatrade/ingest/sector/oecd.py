"""The OECD BTDIxE key: HS6 -> ISIC Rev.4 -> end-use category (.xlsx)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from chinatrade import validate as v
from chinatrade.errors import InputDataError
from chinatrade.ingest.sector.common import ROW
from chinatrade.ingest.workbook import read_sheets

OECD_SHEET = "FromHSToISICToEC"
OECD_HEADER = ("HS", "HS-6digit", "HS-4digit", "HS-2digit", "Label", "Desci3", "Desci4",
               "BEC", "EUC", "Note")  # fmt: skip
HS_VERSIONS = {0: "HS1988/92", 1: "HS1996", 2: "HS2002", 3: "HS2007", 4: "HS2012"}
# BTDIxE end-use categories: intermediate, household consumption, capital, and the mixed
# or special groups (precious stones, PCs, medicaments, cars, phones, miscellaneous)
END_USE_CATEGORIES = {"INT", "CONS", "CAP", "XMISC", "XPRCS", "XPC", "XMEDIC", "XCARS", "XPHONE"}
# 6-digit HS codes, and the OECD's artificial codes (sheet ReadMe): nnADJS balancing,
# nnCFnn confidential, nnEUnn EU special codes, 9999AA unallocated, ADJSPR all chapters
HS6_PATTERN = r"\d{6}|\d{2}(?:ADJS|CF\d{2}|EU\d{2})|9999AA|ADJSPR"
OECD_KEY_COLUMNS = [
    "hs_version",
    "hs_vintage",
    "comtrade_classification",
    "hs6",
    "hs4",
    "hs2",
    "hs6_is_special",
    "label",
    "btd_isic3_code",
    "btd_isic4_code",
    "bec",
    "end_use_category",
    "note",
]


def read_oecd_hs_isic_key(path: str | Path) -> pd.DataFrame:
    """OECD BTDIxE conversion key: HS 6-digit code -> ISIC (BTDIxE codes) -> end use.

    Reads sheet ``FromHSToISICToEC`` of ConversionKeyBTDIxE4PUB.xlsx (the sheets ReadMe
    and 'Ad hoc Memorandum items' are documentation). Returns one row per
    (hs_version, hs6):

    - ``hs_version`` (int 0-4), ``hs_vintage`` ('HS1988/92', 'HS1996', 'HS2002', 'HS2007',
      'HS2012'), ``comtrade_classification`` ('H0'-'H4', to join Comtrade data; there is
      no key for H5 = HS2017 or H6 = HS2022);
    - ``hs6`` (6-character text), ``hs4``, ``hs2``; ``hs6_is_special`` True for the OECD's
      artificial codes (nnADJS, nnCFnn, nnEUnn, 9999AA, ADJSPR), which are not HS codes;
    - ``label`` (stripped of the source's leading space; blank in the source for 9999AA
      in HS1996 and HS2002, kept as an empty string);
    - ``btd_isic3_code``, ``btd_isic4_code`` (BTDIxE industry codes, e.g. 'D26', 'D13T15',
      'D20 used', 'Unallocated'), ``bec`` (UN BEC code, text), ``end_use_category``
      (BTDIxE end use), ``note`` (empty unless the OECD noted a change).

    Checks: sheet and header; versions 0-4; codes are text of the stated patterns (a
    number in a code cell means lost leading zeros); hs4 and hs2 are hs6's prefixes;
    ISIC codes and end-use present, end use one of :data:`END_USE_CATEGORIES`; labels
    present for real HS codes; one row per version and code.
    """
    path = Path(path)
    rows = read_sheets(path, [OECD_SHEET])[OECD_SHEET]
    if not rows or tuple(rows[0][: len(OECD_HEADER)]) != OECD_HEADER:
        found = rows[0] if rows else ()
        raise InputDataError(
            path,
            f"expected the header {list(OECD_HEADER)} in row 1, found {list(found)}",
            sheet=OECD_SHEET,
            row=1,
        )
    body = [r[: len(OECD_HEADER)] for r in rows[1:]]
    if not body:
        raise InputDataError(path, "the sheet has no data rows", sheet=OECD_SHEET)
    frame = pd.DataFrame(body, columns=list(OECD_HEADER))
    frame[ROW] = np.arange(2, len(frame) + 2)  # spreadsheet rows below the header
    blank = frame[list(OECD_HEADER)].isna().all(axis=1)
    if blank.any():
        index = blank.idxmax()
        raise InputDataError(
            path, "blank row inside the table", sheet=OECD_SHEET, row=int(frame.at[index, ROW])
        )
    for column in ("HS-6digit", "HS-4digit", "HS-2digit", "Desci3", "Desci4", "EUC"):
        _text_cells(frame, column, path)
    for column in ("Label", "Note"):
        _text_cells(frame, column, path, allow_blank=True)
    versions = v.numeric(frame, "HS", path, sheet=OECD_SHEET, allow_missing=False)
    frame["HS"] = versions
    v.allowed(frame, "HS", HS_VERSIONS, path, sheet=OECD_SHEET)
    frame["HS"] = versions.astype(int)
    bec = frame["BEC"]
    bad_bec = ~bec.map(lambda x: isinstance(x, int) or (isinstance(x, str) and x.isdigit()))
    if bad_bec.any():
        _raise_at_sheet(frame, bad_bec, path, "BEC", "is not a BEC code (digits)")
    frame["BEC"] = bec.astype(str)
    bad = ~frame["HS-6digit"].str.fullmatch(HS6_PATTERN)
    if bad.any():
        _raise_at_sheet(frame, bad, path, "HS-6digit", f"does not match {HS6_PATTERN!r}")
    for column, width in (("HS-4digit", 4), ("HS-2digit", 2)):
        wrong = frame[column] != frame["HS-6digit"].str[:width]
        if wrong.any():
            _raise_at_sheet(frame, wrong, path, column, "is not the start of HS-6digit")
    v.allowed(frame, "EUC", END_USE_CATEGORIES, path, sheet=OECD_SHEET)
    special = ~frame["HS-6digit"].str.fullmatch(r"\d{6}")
    no_label = (frame["Label"].str.strip() == "") & ~special
    if no_label.any():
        _raise_at_sheet(frame, no_label, path, "Label", "is blank for an HS code")
    v.unique_key(frame, ["HS", "HS-6digit"], path, sheet=OECD_SHEET)
    out = pd.DataFrame(
        {
            "hs_version": frame["HS"],
            "hs_vintage": frame["HS"].map(HS_VERSIONS),
            "comtrade_classification": "H" + frame["HS"].astype(str),
            "hs6": frame["HS-6digit"],
            "hs4": frame["HS-4digit"],
            "hs2": frame["HS-2digit"],
            "hs6_is_special": special,
            "label": frame["Label"].str.strip(),
            "btd_isic3_code": frame["Desci3"],
            "btd_isic4_code": frame["Desci4"],
            "bec": frame["BEC"],
            "end_use_category": frame["EUC"],
            "note": frame["Note"],
        }
    )
    return out[OECD_KEY_COLUMNS].reset_index(drop=True)


def _text_cells(frame: pd.DataFrame, column: str, path: Path, allow_blank: bool = False):
    """Cells are text (codes keep leading zeros); blanks become '' where allowed."""
    values = frame[column]
    blank = values.isna() | (values.map(lambda x: isinstance(x, str) and not x.strip()))
    if blank.any() and not allow_blank:
        _raise_at_sheet(frame, blank, path, column, "is blank")
    not_text = values.notna() & ~values.map(lambda x: isinstance(x, str))
    if not_text.any():
        _raise_at_sheet(
            frame, not_text, path, column, "is a number, not text (leading zeros would be lost)"
        )
    frame[column] = values.fillna("")


def _raise_at_sheet(frame: pd.DataFrame, mask: pd.Series, path: Path, column: str, problem):
    index = mask.idxmax()
    raise InputDataError(
        path,
        f"value {frame.at[index, column]!r} {problem}",
        sheet=OECD_SHEET,
        column=column,
        row=int(frame.at[index, ROW]),
    )
