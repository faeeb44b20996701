"""Trade in value added from a world input-output table (numpy, one year at a time).

Notation (Miller and Blair; Johnson and Noguera 2012): N = countries x industries rows,
country-major. Z (N x N) intermediate use, F (N x countries) final use by destination
country (the final-use categories summed), x output, A = Z x^-1 (input coefficients, column
j divided by the output of j; a column of zero output has no coefficients), v = 1 - column
sums of A (value added per unit of output), L = (I - A)^-1 (the Leontief inverse).

Output x is the row sum of the table (intermediate + final uses of each product), not the
table's separately rounded output column: the two differ by the rounding of whole USD
millions (up to 113 per row in the WIOD 2013 files, checked at the parser), and only the row
sums make the model add up exactly. Value added is then x - column sums of Z, so
v * x = value added and the identities below hold to machine precision:

- VAX[i, j] = sum over i's rows of v * (L F[:, j]): value added of country i absorbed in
  country j's final demand. Row sums = country i's value added (GDP at basic prices); column
  sums = country j's final demand.
- gross exports i -> j = i's rows summed over j's intermediate-use columns and j's final use.
- value added of source s in the exports e of one country: sum over s's rows of v * (L e);
  the sources sum to the exports (v'L = 1').

The table has one input structure per country-industry: China's processing exporters, who
import far more of their inputs, are not separated, so the foreign value added in China's
exports is understated (Koopman, Wang and Wei 2012).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

BALANCE_COLUMNS = [
    "partner",
    "gross_exports_usd_millions",
    "gross_imports_usd_millions",
    "gross_balance_usd_millions",
    "va_exports_usd_millions",
    "va_imports_usd_millions",
    "va_balance_usd_millions",
    "foreign_va_share_of_exports",
]


@dataclass(frozen=True)
class WorldTable:
    """One year of a world input-output table, USD millions (see the module docstring)."""

    year: int
    countries: tuple[str, ...]
    industries: tuple[str, ...]
    intermediate: np.ndarray  # Z, N x N
    final: np.ndarray  # F, N x countries (final-use categories summed)

    def __post_init__(self) -> None:
        n = len(self.countries) * len(self.industries)
        if self.intermediate.shape != (n, n) or self.final.shape != (n, len(self.countries)):
            raise ValueError(
                f"WorldTable {self.year}: Z is {self.intermediate.shape} and F "
                f"{self.final.shape}; {len(self.countries)} countries x "
                f"{len(self.industries)} industries need Z {(n, n)} and F "
                f"{(n, len(self.countries))}"
            )

    def rows_of(self, country: str) -> slice:
        """The rows (and intermediate-use columns) of ``country``."""
        if country not in self.countries:
            raise KeyError(f"{country!r} is not a country of the {self.year} table")
        k = len(self.industries)
        start = self.countries.index(country) * k
        return slice(start, start + k)

    def by_country(self, values: np.ndarray) -> np.ndarray:
        """Row values (N, or N x m) summed over each country's industries."""
        k = len(self.industries)
        return values.reshape(len(self.countries), k, *values.shape[1:]).sum(axis=1)

    @cached_property
    def output(self) -> np.ndarray:
        """x: intermediate + final uses of each country-industry's product."""
        return self.intermediate.sum(axis=1) + self.final.sum(axis=1)

    @cached_property
    def value_added(self) -> np.ndarray:
        """Output minus intermediate inputs, by country-industry."""
        return self.output - self.intermediate.sum(axis=0)


@dataclass(frozen=True)
class LeontiefModel:
    coefficients: np.ndarray  # A
    value_added_coefficients: np.ndarray  # v
    inverse: np.ndarray  # L


def leontief(table: WorldTable) -> LeontiefModel:
    """A, v = 1 - column sums of A, and L = (I - A)^-1."""
    output = table.output
    has_output = output != 0
    inputs_without_output = ~has_output & (table.intermediate.sum(axis=0) != 0)
    if inputs_without_output.any():
        index = int(np.flatnonzero(inputs_without_output)[0])
        country, industry = divmod(index, len(table.industries))
        raise ValueError(
            f"{table.year}: {table.countries[country]} {table.industries[industry]} uses "
            "intermediate inputs but its output (uses of its product) is zero"
        )
    divisor = np.where(has_output, output, 1.0)
    coefficients = np.where(has_output, table.intermediate / divisor, 0.0)
    value_added = 1.0 - coefficients.sum(axis=0)
    inverse = np.linalg.inv(np.eye(len(output)) - coefficients)
    return LeontiefModel(coefficients, value_added, inverse)


def _frame(matrix: np.ndarray, table: WorldTable, rows: str, columns: str) -> pd.DataFrame:
    frame = pd.DataFrame(matrix, index=list(table.countries), columns=list(table.countries))
    frame.index.name, frame.columns.name = rows, columns
    return frame


def value_added_exports(table: WorldTable, model: LeontiefModel) -> pd.DataFrame:
    """VAX: rows the source country of value added, columns the country of final demand."""
    needed_output = model.inverse @ table.final  # N x countries
    absorbed = table.by_country(model.value_added_coefficients[:, None] * needed_output)
    return _frame(absorbed, table, "source_country", "absorbing_country")


def gross_exports(table: WorldTable) -> pd.DataFrame:
    """Rows the exporter, columns the importer; the diagonal is domestic sales, not exports."""
    k = len(table.industries)
    intermediate = table.by_country(table.intermediate)  # countries x N
    intermediate = intermediate.reshape(len(table.countries), len(table.countries), k).sum(axis=2)
    return _frame(intermediate + table.by_country(table.final), table, "exporter", "importer")


def bilateral_exports(table: WorldTable, exporter: str, importer: str) -> np.ndarray:
    """e: the exporter's rows sold to the importer (its industries' and its final use), as
    an N-vector that is zero outside the exporter's rows."""
    if exporter == importer:
        raise ValueError(f"{exporter} -> {importer}: an economy does not export to itself")
    rows, columns = table.rows_of(exporter), table.rows_of(importer)
    exports = np.zeros(len(table.output))
    exports[rows] = table.intermediate[rows, columns].sum(axis=1)
    exports[rows] += table.final[rows, table.countries.index(importer)]
    return exports


def exports_by_source(
    table: WorldTable, model: LeontiefModel, exporter: str, importer: str
) -> pd.DataFrame:
    """The exporter's gross exports to the importer by the country whose value added they
    carry: columns ``source_country``, ``value_added_usd_millions``, ``share_of_exports``
    (0-1); the exporter's own row is its domestic value added. The rows sum to the exports."""
    exports = bilateral_exports(table, exporter, importer)
    carried = table.by_country(model.value_added_coefficients * (model.inverse @ exports))
    total = exports.sum()
    return pd.DataFrame(
        {
            "source_country": list(table.countries),
            "value_added_usd_millions": carried,
            "share_of_exports": carried / total if total else np.nan,
        }
    )


def bilateral_balances(
    table: WorldTable, model: LeontiefModel, reporter: str, partners: list[str]
) -> pd.DataFrame:
    """The reporter's balance with each partner, gross and in value added, USD millions.

    Columns: ``partner``; ``gross_exports`` and ``gross_imports`` (reporter -> partner and
    back), ``gross_balance``; ``va_exports`` (VAX[reporter, partner]: the reporter's value
    added absorbed in the partner), ``va_imports`` (VAX[partner, reporter]), ``va_balance``;
    ``foreign_va_share_of_exports`` (0-1: the value added of all other economies in the
    reporter's gross exports to the partner). Every value column ends ``_usd_millions``.
    """
    gross = gross_exports(table)
    vax = value_added_exports(table, model)
    rows = []
    for partner in partners:
        sources = exports_by_source(table, model, reporter, partner).set_index("source_country")
        exports, imports = gross.at[reporter, partner], gross.at[partner, reporter]
        va_exports, va_imports = vax.at[reporter, partner], vax.at[partner, reporter]
        rows.append(
            {
                "partner": partner,
                "gross_exports_usd_millions": exports,
                "gross_imports_usd_millions": imports,
                "gross_balance_usd_millions": exports - imports,
                "va_exports_usd_millions": va_exports,
                "va_imports_usd_millions": va_imports,
                "va_balance_usd_millions": va_exports - va_imports,
                "foreign_va_share_of_exports": 1.0 - sources.at[reporter, "share_of_exports"],
            }
        )
    return pd.DataFrame(rows, columns=BALANCE_COLUMNS)


def world_table(
    cells: pd.DataFrame,
    year: int,
    countries: tuple[str, ...],
    industries: tuple[str, ...],
    final_uses: tuple[str, ...],
) -> WorldTable:
    """One year of the long table of non-zero cells (chinatrade.ingest.valueadded.wiot) as
    Z and F; a code outside ``countries``, ``industries`` and ``final_uses`` is an error."""
    rows = cells[cells["year"] == year]
    if rows.empty:
        raise ValueError(f"year {year} is not in the world-table cells")
    k = len(industries)
    supplier = _positions(rows, "supplier_country", countries) * k + _positions(
        rows, "supplier_industry", industries
    )
    user = _positions(rows, "user_country", countries)
    is_final = rows["use"].isin(final_uses).to_numpy()
    use = _positions(rows[~is_final], "use", industries)
    values = rows["value_usd_millions"].to_numpy(dtype=float)
    n = len(countries) * k
    intermediate = np.zeros((n, n))
    np.add.at(intermediate, (supplier[~is_final], user[~is_final] * k + use), values[~is_final])
    final = np.zeros((n, len(countries)))
    # the final-use categories are summed: every category is final demand of the country
    np.add.at(final, (supplier[is_final], user[is_final]), values[is_final])
    return WorldTable(year, tuple(countries), tuple(industries), intermediate, final)


def _positions(rows: pd.DataFrame, column: str, codes: tuple[str, ...]) -> np.ndarray:
    positions = pd.Categorical(rows[column], categories=list(codes)).codes
    if (positions < 0).any():
        unknown = rows[column].to_numpy()[positions < 0][0]
        raise ValueError(f"world-table cells: {column} {unknown!r} is not one of {list(codes)}")
    return positions.astype(np.int64)
