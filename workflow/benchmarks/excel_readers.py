"""Benchmark: reading the raw .xlsx originals with openpyxl against python-calamine.

For every .xlsx file in the raw-data manifest (read from the local mirror), the script reads
every sheet's cells both ways, openpyxl's read-only values view (what the parsers used) and
:func:`chinatrade.ingest.workbook.read_sheets` (python-calamine, values put in openpyxl's
types), and prints, as a Markdown table, the CPU seconds of each (best of ``--repeat``) and
how many cells differ in value or in type. A cell differs in value only where openpyxl left
an OOXML escape of a control character in a text (``_x000D_``), which calamine decodes;
every such cell is listed; a cell holding empty text reads as an empty cell (counted).

Usage (from the repository root):
    python workflow/benchmarks/excel_readers.py [--mirror ../shared/data] [--repeat 3]

Nothing here runs in the tests: speed is measured, not asserted; the tests check that each
parser gives the same tables as before (tests/ingest/).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from chinatrade.ingest.workbook import read_sheets  # noqa: E402


def openpyxl_rows(path: Path) -> dict[str, list[tuple]]:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the OECD file's print header
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            return {
                sheet.title: list(sheet.iter_rows(values_only=True))
                for sheet in workbook.worksheets
            }
        finally:
            workbook.close()


def calamine_rows(path: Path) -> dict[str, list[tuple]]:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    names = list(workbook.sheet_names)
    workbook.close()
    return read_sheets(path, names)


def best_cpu_seconds(read, path: Path, repeat: int):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.process_time()
        result = read(path)
        best = min(best, time.process_time() - start)
    return best, result


def differences(ours: dict, theirs: dict) -> tuple[int, int, int, int, list[str]]:
    """(cells compared, empty texts read as empty cells, other value differences, type
    differences, the other value differences listed)."""
    cells = empty_texts = values = types = 0
    examples = []
    for sheet, rows in theirs.items():
        our_rows = ours[sheet]
        for number, row in enumerate(rows, start=1):
            our_row = our_rows[number - 1] if number <= len(our_rows) else ()
            for column, value in enumerate(row):
                our_value = our_row[column] if column < len(our_row) else None
                cells += 1
                if value == "" and our_value is None:
                    empty_texts += 1
                elif our_value != value:
                    values += 1
                    examples.append(f"{sheet}!R{number}C{column + 1}: {value!r} -> {our_value!r}")
                elif type(our_value) is not type(value):
                    types += 1
    return cells, empty_texts, values, types, examples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, default=Path("../shared/data"))
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    with open(arguments.mirror / "MANIFEST.csv", newline="") as manifest:
        files = sorted(
            row["file"] for row in csv.DictReader(manifest) if row["file"].endswith(".xlsx")
        )
    print(
        "| file | cells | openpyxl CPU s | calamine CPU s | faster | empty texts read as empty "
        "cells | other value / type differences |"
    )
    print("|---|---|---|---|---|---|---|")
    total_openpyxl = total_calamine = 0.0
    listed = []
    for name in files:
        path = arguments.mirror / name
        openpyxl_s, theirs = best_cpu_seconds(openpyxl_rows, path, arguments.repeat)
        calamine_s, ours = best_cpu_seconds(calamine_rows, path, arguments.repeat)
        cells, empty_texts, values, types, examples = differences(ours, theirs)
        total_openpyxl, total_calamine = total_openpyxl + openpyxl_s, total_calamine + calamine_s
        listed += [f"{name} {example}" for example in examples]
        print(
            f"| {name} | {cells:,} | {openpyxl_s:.2f} | {calamine_s:.2f} | "
            f"{openpyxl_s / calamine_s:.1f}x | {empty_texts} | {values} / {types} |"
        )
    print(
        f"| all | | {total_openpyxl:.2f} | {total_calamine:.2f} | "
        f"{total_openpyxl / total_calamine:.1f}x | | |"
    )
    for line in listed:
        print(f"- {line}")


if __name__ == "__main__":
    main()
