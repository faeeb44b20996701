"""One error type for bad input, so every failure names the file, the place and the rule."""

from __future__ import annotations

from pathlib import Path


class InputDataError(ValueError):
    """Raised when an input file breaks a rule the workflow relies on.

    The message always names the file; where they are known, also the sheet, the
    column, the row (1-based, as a spreadsheet shows it, or the key of the record)
    and the rule that was broken.
    """

    def __init__(
        self,
        file: str | Path,
        problem: str,
        *,
        sheet: str | None = None,
        column: str | None = None,
        row: int | str | None = None,
    ) -> None:
        self.file = str(file)
        self.sheet = sheet
        self.column = column
        self.row = row
        self.problem = problem
        where = [f"file '{self.file}'"]
        if sheet is not None:
            where.append(f"sheet '{sheet}'")
        if column is not None:
            where.append(f"column '{column}'")
        if row is not None:
            where.append(f"row {row}")
        super().__init__(", ".join(where) + f": {problem}")


class RawDataError(RuntimeError):
    """Raised when a raw file cannot be obtained or fails its checksum."""
