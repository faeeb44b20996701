"""Small synthetic IMF DOTS workbooks for the parser tests (never used as data)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

TITLES = {
    "Exports, FOB": "Exports, FOB to Partner Countries",
    "Imports, CIF": "Imports, CIF from Partner Countries",
}


def default_rows(sheet: str) -> list[tuple]:
    """(partner name, values...) rows for years 2017-2019; imports are half the exports."""
    scale = 1.0 if sheet == "Exports, FOB" else 0.5
    rows = [
        ("Australia", 10.0, 11.0, 12.0),  # the IMF export's stray copy above World
        ("World", 1000.0, 1100.0, 1200.0),
        ("Advanced Economies", 600.0, 660.0, 720.0),
        ("Australia", 10.0, 11.0, 12.0),
        ("Japan", 100.0, 110.0, None),
        ("United States", 300.0, 330.0, "360.5 e"),
        ("Korea, Rep. of", 50.0, 55.0, 60.0),
        ("Memorandum Items", None, None, None),
        ("European Union", 200.0, 220.0, 240.0),
    ]
    return [
        (name, *[v * scale if isinstance(v, float) else v for v in values])
        for name, *values in rows
    ]


def write_workbook(
    path: Path,
    reporter: str = "China, P.R.: Mainland",
    years: tuple = ("2017", "2018", "2019"),
    unit: str = "US Dollars, Millions",
    rows: dict[str, list[tuple]] | None = None,
    sheets: tuple[str, ...] = ("Exports, FOB", "Imports, CIF"),
) -> Path:
    """Write a workbook laid out as the IMF data portal's DOTS export."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        ws = workbook.create_sheet(sheet)
        ws["B2"] = TITLES.get(sheet, sheet)
        ws["B4"] = reporter
        ws["B5"] = unit
        for offset, year in enumerate(years):
            ws.cell(row=7, column=3 + offset, value=year)
        sheet_rows = (rows or {}).get(sheet, default_rows(sheet))
        for index, (name, *values) in enumerate(sheet_rows):
            ws.cell(row=8 + index, column=2, value=name)
            for offset, value in enumerate(values):
                ws.cell(row=8 + index, column=3 + offset, value=value)
    workbook.save(path)
    return path
