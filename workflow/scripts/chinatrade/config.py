"""Checks of the config that a JSON schema cannot express (ranges, cross-references)."""

from __future__ import annotations

import pandas as pd

from chinatrade.partners import resolve_groups


class ConfigError(ValueError):
    """A config value is inconsistent; the message names the key."""


def check_config(config: dict, manifest: pd.DataFrame) -> dict[str, list[str]]:
    """Check the config against itself and the manifest; return the resolved groups."""
    first, last = config["years"]["first"], config["years"]["last"]
    if first > last:
        raise ConfigError(f"config key 'years': first ({first}) is after last ({last})")
    try:
        groups = resolve_groups(config["partner_groups"])
    except ValueError as error:
        raise ConfigError(str(error)) from error
    for reporter, file_id in config["dots_workbooks"].items():
        if file_id not in manifest.index:
            raise ConfigError(
                f"config key 'dots_workbooks.{reporter}': '{file_id}' is not an id in "
                f"the raw-data manifest {config['raw_data']['manifest']}"
            )
    for key, file_id in (
        ("dots_extract.file", config["dots_extract"]["file"]),
        ("dots_mirror", config["dots_mirror"]),
        *(
            (f"sources.{role}", file_id)
            for role, ids in config["sources"].items()
            for file_id in (ids if isinstance(ids, list) else [ids])
        ),
    ):
        if file_id not in manifest.index:
            raise ConfigError(
                f"config key '{key}': '{file_id}' is not an id in the raw-data manifest"
            )
    overlap = set(config["dots_extract"]["reporters"]) & set(config["dots_workbooks"])
    if overlap:
        raise ConfigError(
            f"config key 'dots_extract.reporters': {sorted(overlap)} already come from "
            "'dots_workbooks'; each reporter has one source"
        )
    f1 = config["exhibits"]["F1"]
    if f1["reporter"] not in config["dots_workbooks"]:
        raise ConfigError(
            f"config key 'exhibits.F1.reporter': '{f1['reporter']}' has no workbook in "
            "'dots_workbooks'"
        )
    _check_year(f1["first_year"], "exhibits.F1.first_year", first, last)
    growth = f1["growth"]
    _check_year(growth["first_year"], "exhibits.F1.growth.first_year", first, last)
    _check_year(growth["last_year"], "exhibits.F1.growth.last_year", first, last)
    if growth["first_year"] >= growth["last_year"]:
        raise ConfigError("config key 'exhibits.F1.growth': first_year must be before last_year")
    for key in ("partners",):
        for partner in f1[key]:
            _check_partner(partner, f"exhibits.F1.{key}", groups)
    for partner in growth.get("deficit_partners", []):
        _check_partner(partner, "exhibits.F1.growth.deficit_partners", groups)
    for partner in growth.get("claims", {}):
        _check_partner(partner, "exhibits.F1.growth.claims", groups)
    return groups


def _check_year(value: int, key: str, first: int, last: int) -> None:
    if not first <= value <= last:
        raise ConfigError(f"config key '{key}': {value} is outside 'years' ({first}-{last})")


def _check_partner(partner: str, key: str, groups: dict) -> None:
    if partner in groups:
        return
    if len(partner) == 3 and partner.isalpha():
        return
    raise ConfigError(
        f"config key '{key}': '{partner}' is neither an ISO3 code nor a group in 'partner_groups'"
    )
