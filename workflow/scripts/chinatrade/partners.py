"""Partner names to codes, and partner groups from config.

Country names map to ISO3 through country_converter, a maintained library. The names
it cannot or should not map (IMF aggregates, historical economies, names it maps to
two countries) are listed explicitly in a name table, which is checked first. A name
found in neither stops the job: guessing a partner would misstate a balance.
"""

from __future__ import annotations

import collections
import csv
import functools
import importlib.util
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from chinatrade.errors import InputDataError

if TYPE_CHECKING:
    import pandas as pd

PARTNER_KINDS = {"economy", "historical", "aggregate", "residual", "header"}


def read_name_table(path: str | Path) -> pd.DataFrame:
    """Read an explicit name -> code table (columns imf_name, code, kind, note)."""
    import pandas as pd  # deferred: the Snakefile imports this module (config checks)

    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    duplicated = table["imf_name"].duplicated(keep=False)
    if duplicated.any():
        row = int(duplicated.idxmax()) + 2
        raise InputDataError(path, "duplicate name in the name table", column="imf_name", row=row)
    unknown = ~table["kind"].isin(PARTNER_KINDS)
    if unknown.any():
        row = int(unknown.idxmax()) + 2
        raise InputDataError(
            path,
            f"kind '{table.at[row - 2, 'kind']}' not in {sorted(PARTNER_KINDS)}",
            column="kind",
            row=row,
        )
    return table.set_index("imf_name")


@functools.cache
def _converter():
    import country_converter as coco

    # country_converter logs a warning per unmatched name; we raise our own error.
    logging.getLogger("country_converter").setLevel(logging.ERROR)
    return coco.CountryConverter()


def iso3_of(name: str) -> str | None:
    """ISO3 code of a country name by country_converter, or None if not exactly one."""
    code = _converter().convert(name, to="ISO3", not_found=None)
    if isinstance(code, str) and len(code) == 3 and code.isupper():
        return code
    return None


@functools.cache
def _short_names() -> dict[str, str]:
    """ISO3 -> short name from country_converter's own table (``country_data.tsv``), the rows
    a ``CountryConverter()`` uses (not obsolete), codes listed once only. Read with the
    standard library: the Snakefile labels the partner groups at every start, and building a
    ``CountryConverter`` imports pandas (most of a second). tests/test_partners.py checks
    that every code gives what the converter gives."""
    package = importlib.util.find_spec("country_converter")
    table = Path(package.origin).parent / "country_data.tsv"
    with open(table, newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle, delimiter="\t") if not row["obsolete"]]
    counts = collections.Counter(row["ISO3"] for row in rows)
    return {row["ISO3"]: row["name_short"] for row in rows if counts[row["ISO3"]] == 1}


def short_name(iso3: str) -> str:
    """A short English name for an ISO3 code (for labels), as country_converter gives it."""
    name = _short_names().get(iso3)
    if name is None:  # not a code of the table: the converter decides (or keeps the code)
        name = _converter().convert(iso3, src="ISO3", to="name_short", not_found=None)
    return name if isinstance(name, str) else iso3


def resolve_groups(groups: dict) -> dict[str, list[str]]:
    """Expand the config's partner groups to sorted lists of ISO3 codes.

    A group is ``{"members": [...]}`` and/or ``{"union": [other groups]}``; unions
    may nest. An unknown group name or a cycle raises ``ValueError`` naming the key.
    """
    resolved: dict[str, list[str]] = {}

    def expand(name: str, path: tuple[str, ...]) -> set[str]:
        if name in path:
            cycle = " -> ".join((*path, name))
            raise ValueError(f"config key 'partner_groups': cycle {cycle}")
        if name not in groups:
            parent = path[-1] if path else "?"
            raise ValueError(f"config key 'partner_groups.{parent}.union': unknown group '{name}'")
        spec = groups[name]
        members = set(spec.get("members", []))
        for other in spec.get("union", []):
            members |= expand(other, (*path, name))
        return members

    for name in groups:
        resolved[name] = sorted(expand(name, ()))
    return resolved


def group_label(name: str, groups: dict) -> str:
    """The display label of a group or an ISO3 code."""
    if name in groups:
        return groups[name].get("label", name)
    return short_name(name)
