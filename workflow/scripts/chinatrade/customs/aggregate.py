"""One year of customs records aggregated out of core (DuckDB) to the output schema."""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from chinatrade.atomic import atomic_path, temporary_folder
from chinatrade.customs.reading import _literal, _quoted, _relation, _sources, expand_paths
from chinatrade.customs.rules import KEY_COLUMNS, VALUE_OK, _raise_read_error, _raise_rule, _rules
from chinatrade.customs.schema import (
    CUSTOMS_REGIMES,
    EXCLUDE,
    HS_LEVELS,
    REPORTER_SIDE,
    SOURCE,
    _check_regime_map,
    _province_code,
    province_names,
    regime_group_of,
)
from chinatrade.errors import InputDataError


def aggregate_year(
    paths: str | Path | Sequence[str | Path],
    year: int,
    out_path: str | Path,
    hs_level: int = 2,
    memory_limit: str = "1GB",
    threads: int = 2,
    *,
    regime_map: Mapping[str, str] | None = None,
    provinces: pd.DataFrame | str | Path | None = None,
    temp_directory: str | Path | None = None,
) -> None:
    """Check one year of China Customs records and write their aggregate as Parquet.

    ``paths``: the year's files (CSV or Parquet in the schema of this module's docstring;
    glob patterns allowed). One DuckDB scan, with at most ``memory_limit`` of memory and
    ``threads`` threads (spilling to ``temp_directory``, by default a temporary folder next
    to ``out_path``), sums ``value_usd`` (USD) by HS code cut to ``hs_level`` digits, regime
    group, partner, province and flow, and counts the rows breaking each rule. Any broken
    rule raises ``InputDataError`` naming the file, column, row and value (a second scan of
    the offending file finds the first such row); nothing is written. Otherwise the table
    (``OUTPUT_COLUMNS``, key ``OUTPUT_KEY``) is written atomically to ``out_path``.

    ``regime_map``: optional code -> group (``ordinary``, ``processing_customs``, ``other``,
    ``exclude``) overriding or extending ``CUSTOMS_REGIMES``. ``provinces``: the province
    table (default ``workflow/resources/nbs_provinces.csv``).
    """
    if hs_level not in HS_LEVELS:
        raise ValueError(f"hs_level: {hs_level!r} is not one of {HS_LEVELS}")
    if not isinstance(year, (int, np.integer)):
        raise ValueError(f"year: {year!r} is not an integer")
    user_map = _check_regime_map(regime_map)
    names = province_names(provinces)
    files = expand_paths(paths)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    own_temp = temp_directory is None
    temp = Path(temporary_folder(out_path) if own_temp else temp_directory)
    con = duckdb.connect(
        ":memory:",
        config={
            "memory_limit": memory_limit,
            "threads": int(threads),
            "temp_directory": str(temp),
            "preserve_insertion_order": False,
        },
    )
    try:
        _aggregate(con, files, int(year), out_path, hs_level, user_map, names)
    finally:
        con.close()
        if own_temp:
            shutil.rmtree(temp, ignore_errors=True)


def _aggregate(
    con: duckdb.DuckDBPyConnection,
    files: list[str],
    year: int,
    out_path: Path,
    hs_level: int,
    user_map: dict[str, str],
    names: dict[str, str],
) -> None:
    """Two scans of the input: its distinct key values, then the aggregate itself.

    Rules on a key column (HS code, partner, province, regime, flow, year, month) are checked
    once per distinct value of that column, not on every record; the rules on the value are
    folded into one counter of the main scan (``VALUE_OK``), and only when it is not zero is
    each counted separately, to name the first broken one. Checks thus cost little more than
    the aggregate itself (see workflow/benchmarks/customs_aggregation.py).
    """
    sources = _sources(con, files)
    relation = _relation(con, sources)
    rules = _rules(year, hs_level)

    def run(sql: str) -> duckdb.DuckDBPyConnection:
        try:
            return con.execute(sql)
        except (
            duckdb.InvalidInputException,
            duckdb.ConversionException,
            duckdb.IOException,
        ) as error:
            _raise_read_error(con, sources, error)
            raise  # unreachable: _raise_read_error always raises

    # 1. distinct values of every key column, with their record counts (one scan)
    grouping = ", ".join(f"GROUPING({key}) AS {_quoted('g_' + key)}" for key in KEY_COLUMNS)
    run(
        f"""
        CREATE TEMP TABLE key_values AS
        SELECT {", ".join(KEY_COLUMNS)}, count(*) AS n_records, {grouping}
        FROM ({relation})
        GROUP BY GROUPING SETS ({", ".join(f"({column})" for column in KEY_COLUMNS)})
        """
    )
    total = 'SELECT sum(n_records) FROM key_values WHERE "g_flow" = 0'
    n_records = con.execute(total).fetchone()[0]
    if not n_records:
        raise InputDataError(", ".join(files), "the files hold no records")
    for rule in rules:
        if rule.key is None:
            continue
        count = con.execute(
            f"SELECT sum(n_records) FROM key_values "
            f"WHERE {_quoted('g_' + rule.key)} = 0 AND ({rule.predicate})"
        ).fetchone()[0]
        if count:
            _raise_rule(con, sources, rule.predicate, rule.column, rule.problem, int(count))

    def distinct(key: str) -> list[str]:
        rows = con.execute(
            f"SELECT {key} FROM key_values WHERE {_quoted('g_' + key)} = 0 ORDER BY 1"
        ).fetchall()
        return [value for (value,) in rows]

    # Codes and provinces are checked on their distinct values, then mapped in SQL.
    groups = {code: regime_group_of(code, user_map) for code in distinct("regime")}
    unknown = [code for code, group in groups.items() if group is None]
    if unknown:
        listed = ", ".join(_literal(c) for c in unknown)
        count = con.execute(
            f'SELECT sum(n_records) FROM key_values WHERE "g_regime" = 0 AND regime IN ({listed})'
        ).fetchone()[0]
        _raise_rule(
            con,
            sources,
            f"regime IN ({listed})",
            "customs_regime",
            "customs_regime {value} is not a known China Customs trade-mode code "
            f"(unknown codes in the input: {unknown}; known: 2-digit codes "
            f"{sorted(CUSTOMS_REGIMES)} and 4-digit codes ending in one of them); "
            "give its group in regime_map",
            int(count),
        )
    province_codes = {value: _province_code(value, names) for value in distinct("province")}
    unknown = [value for value, code in province_codes.items() if code is None]
    if unknown:
        listed = ", ".join(_literal(v) for v in unknown)
        count = con.execute(
            "SELECT sum(n_records) FROM key_values "
            f'WHERE "g_province" = 0 AND province IN ({listed})'
        ).fetchone()[0]
        _raise_rule(
            con,
            sources,
            f"province IN ({listed})",
            "province",
            "province {value} is neither a GB/T 2260 code of one of the 31 provinces nor a "
            f"province name of the province table ({len(unknown)} unknown value(s), e.g. "
            f"{unknown[:5]})",
            int(count),
        )
    con.execute("CREATE TEMP TABLE regime_groups (regime VARCHAR, regime_group VARCHAR)")
    con.executemany("INSERT INTO regime_groups VALUES (?, ?)", list(groups.items()))
    con.execute("CREATE TEMP TABLE province_codes (province VARCHAR, province_code VARCHAR)")
    con.executemany("INSERT INTO province_codes VALUES (?, ?)", list(province_codes.items()))

    months_covered = len(distinct("month_num"))  # each a whole month 1-12 by now

    # 2. the aggregate, with one counter of records whose value breaks a rule
    row_rules = [rule for rule in rules if rule.key is None]
    run(
        f"""
        CREATE TEMP TABLE scan AS
        SELECT
            substr(r.hs, 1, {hs_level}) AS hs_code,
            g.regime_group,
            r.partner AS partner_iso3,
            p.province_code,
            r.flow,
            sum(r.value_num) AS value_usd,
            count(*) AS n_records,
            count(*) FILTER (WHERE NOT {VALUE_OK}) AS broken
        FROM ({relation}) r
        JOIN regime_groups g USING (regime)
        JOIN province_codes p USING (province)
        GROUP BY ALL
        """
    )
    scanned, broken = con.execute("SELECT sum(n_records), sum(broken) FROM scan").fetchone()
    if scanned != n_records:  # every record has a known regime and province by now
        raise RuntimeError(f"aggregate holds {scanned} of {n_records} records")
    if broken:
        for rule in row_rules:
            count = run(f"SELECT count(*) FROM ({relation}) WHERE {rule.predicate}").fetchone()[0]
            if count:
                _raise_rule(con, sources, rule.predicate, rule.column, rule.problem, int(count))

    metadata = json.dumps([str(f) for f in files])
    with atomic_path(out_path) as tmp:
        con.execute(
            f"""
            COPY (
                SELECT
                    CAST({year} AS INTEGER) AS year,
                    CAST({hs_level} AS INTEGER) AS hs_level,
                    hs_code,
                    substr(hs_code, 1, 2) AS hs_chapter,
                    regime_group,
                    partner_iso3,
                    province_code,
                    flow,
                    value_usd,
                    CAST(n_records AS BIGINT) AS n_records,
                    CAST({months_covered} AS INTEGER) AS months_covered,
                    {_literal(REPORTER_SIDE)} AS reporter_side,
                    {_literal(SOURCE)} AS source
                FROM scan
                WHERE regime_group <> {_literal(EXCLUDE)}
                ORDER BY hs_code, regime_group, partner_iso3, province_code, flow
            ) TO {_literal(str(tmp))}
            (FORMAT PARQUET, COMPRESSION ZSTD, KV_METADATA {{source_files: {_literal(metadata)}}})
            """
        )
