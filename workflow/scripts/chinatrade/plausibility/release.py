"""Years after the data's release: a year later than its raw file could contain.

The release of each raw file is data: ``workflow/resources/raw_release_dates.csv`` (config
``plausibility.release_dates``: ``id``, ``released`` as YYYY, YYYY-MM or YYYY-MM-DD, and the
``basis``, where SOURCES.md or the manifest states it). A vintage taken in later (config
``raw_data.history``) counts from the day it replaced the entry. A full-year value must be of
a year before the release year; a partial year (flagged so in its table) may be of the release
year; IMF WEO's projections are exempt.
"""

from __future__ import annotations

import re

import pandas as pd

from chinatrade import lineage
from chinatrade.errors import InputDataError
from chinatrade.i18n import tr
from chinatrade.plausibility.core import FAIL, PASS, WARN, RawFiles, Row, census_id
from chinatrade.plausibility.tables import RELEASE_TABLES

# canonical table -> (config role of its raw file when the rows do not name it, the columns
# that name a row in a message): chinatrade.plausibility.tables.RELEASE_TABLES
TABLES = RELEASE_TABLES


def read_release_dates(path, manifest: pd.DataFrame) -> pd.DataFrame:
    """The release-date resource, checked: its columns, one row per manifest id, a date of
    the form YYYY, YYYY-MM or YYYY-MM-DD, a basis for each."""
    dates = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in ("id", "released", "basis"):
        if column not in dates.columns:
            raise InputDataError(path, f"required column {column!r} not found", column=column)
    for index, row in dates.iterrows():
        line = int(index) + 2
        if row["id"] not in manifest.index:
            raise InputDataError(
                path, f"{row['id']!r} is not an id of the raw-data manifest", column="id", row=line
            )
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", row["released"]):
            raise InputDataError(
                path,
                f"{row['released']!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD",
                column="released",
                row=line,
            )
        if not row["basis"].strip():
            raise InputDataError(path, "the release date states no basis", column="basis", row=line)
    repeated = dates["id"].duplicated()
    if repeated.any():
        line = int(repeated.idxmax()) + 2
        raise InputDataError(path, "an id given twice", column="id", row=line)
    return dates


def release_table(
    dates: pd.DataFrame, manifest: pd.DataFrame, history: list[dict] | None = None
) -> pd.DataFrame:
    """id -> ``released`` (text), ``release_year`` and ``basis``: the resource's dates, with
    the day a newer vintage replaced an entry for the vintage the manifest now names."""
    table = dates.set_index("id")[["released", "basis"]].astype(str)
    for entry in history or []:
        file_id = entry["id"]
        if file_id in manifest.index and entry["replaced_by"] == manifest.at[file_id, "sha256"]:
            table.loc[file_id] = [
                entry["replaced_on"],
                f"the vintage taken in on {entry['replaced_on']} (raw-data history)",
            ]
    table["release_year"] = table["released"].str.slice(0, 4).astype(int)
    return table


def _ids_of(name: str, table: pd.DataFrame, role: str | None, tables: dict, files: RawFiles):
    if name.startswith("census_us_trade_"):
        return table["year"].map(lambda year: census_id(int(year), files))
    if name == "trade_by_regime_annual":
        bulletins = tables["trade_by_regime_gacc"][["source_url", "source_file"]]
        by_url = dict(zip(bulletins["source_url"], bulletins["source_file"], strict=True))
        return table["source_url"].map(lambda url: files.id_of_source_file(by_url.get(url)))
    ids = files.ids_of_rows(table, role)
    # rows a parser derived (e.g. Comtrade's section rows) take the file of their year's rows
    by_year = ids.groupby(table["year"]).transform("first")
    return ids.where(ids.notna(), by_year)


def _partial(name: str, table: pd.DataFrame) -> pd.Series:
    if "is_partial_year" in table.columns:
        return table["is_partial_year"].fillna(False).astype(bool)
    if "complete_year" in table.columns:
        return ~table["complete_year"].fillna(True).astype(bool)
    return pd.Series(False, index=table.index)


def release_dates(tables: dict, settings: dict, files: RawFiles) -> list[Row]:
    """One row per canonical table, raw file and kind of year (full, partial): the latest year
    of its rows against the latest the file's release allows."""
    releases = settings["release_table"]
    rows = []
    for name, (role, key_columns) in TABLES.items():
        if name not in tables:
            continue
        table = tables[name]
        if name == "weo_oct2025":
            table = table[table["is_projection"].fillna(True) == False]  # noqa: E712
        table = table.assign(
            _id=_ids_of(name, table, role, tables, files).to_numpy(),
            _partial=_partial(name, table).to_numpy(),
        )
        # a row built from several raw files (a WDI area-year from the exports and the
        # imports file) counts for the release of each of them
        table = table.assign(
            _id=table["_id"].map(lambda ids: lineage.split(ids) if isinstance(ids, str) else None)
        ).explode("_id", ignore_index=True)
        for (file_id, partial), group in table.groupby(["_id", "_partial"], dropna=False):
            latest = group.loc[group["year"].idxmax()]
            year = int(latest["year"])
            known = isinstance(file_id, str) and file_id in releases.index
            kind = tr("partial year") if partial else tr("full year")
            common = dict(
                check_id="release_dates",
                subject=name,
                measure="latest partial year" if partial else "latest full year",
                year=None,
                value_a=year,
                source_a=tr("{table} ({file})", table=name, file=files.path(file_id) or "?"),
                unit="year",
                difference_unit="years",
                raw_file=files.path(file_id) if known else "",
                raw_column="year",
                raw_row=", ".join(
                    [f"year {year}", *(f"{c} {latest[c]}" for c in key_columns if c in latest)]
                ),
            )
            if not known:
                rows.append(
                    Row(
                        **common,
                        value_b=None,
                        source_b="",
                        difference=None,
                        tolerance="",
                        status=WARN,
                        note=tr(
                            "No release date is known for this raw file ({resource}).",
                            resource="config plausibility.release_dates",
                        ),
                    )
                )
                continue
            release = releases.loc[file_id]
            allowed = int(release["release_year"]) - (0 if partial else 1)
            rows.append(
                Row(
                    **common,
                    value_b=allowed,
                    source_b=tr(
                        "released {released} ({basis})",
                        released=release["released"],
                        basis=release["basis"],
                    ),
                    difference=year - allowed,
                    tolerance=tr("full years before the release year, partial years up to it"),
                    status=PASS if year <= allowed else FAIL,
                    note=""
                    if year <= allowed
                    else tr(
                        "The file was released in {released}: it cannot hold {kind} {year}.",
                        released=release["released"],
                        kind=kind,
                        year=year,
                    ),
                    severity=max(0, year - allowed),
                )
            )
    return rows
