"""Checks of the config that a JSON schema cannot express (ranges, cross-references)."""

from __future__ import annotations

from collections.abc import Collection

from chinatrade.partners import resolve_groups


class ConfigError(ValueError):
    """A config value is inconsistent; the message names the key."""


def check_config(config: dict, manifest_ids: Collection[str]) -> dict[str, list[str]]:
    """Check the config against itself and the manifest's ids (``manifest_ids``); return the
    resolved groups."""
    first, last = config["years"]["first"], config["years"]["last"]
    if first > last:
        raise ConfigError(f"config key 'years': first ({first}) is after last ({last})")
    try:
        groups = resolve_groups(config["partner_groups"])
    except ValueError as error:
        raise ConfigError(str(error)) from error
    for reporter, file_id in config["dots_workbooks"].items():
        if file_id not in manifest_ids:
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
        if file_id not in manifest_ids:
            raise ConfigError(
                f"config key '{key}': '{file_id}' is not an id in the raw-data manifest"
            )
    overlap = set(config["dots_extract"]["reporters"]) & set(config["dots_workbooks"])
    if overlap:
        raise ConfigError(
            f"config key 'dots_extract.reporters': {sorted(overlap)} already come from "
            "'dots_workbooks'; each reporter has one source"
        )
    for exhibit_id, spec in config["exhibits"].items():
        if spec["module"] == "f1":
            _check_partner_balances(spec, f"exhibits.{exhibit_id}", config, groups)
    for key, module in (("partners_exhibit", "f1"), ("beyond_exhibit", None)):
        exhibit_id = config["report"].get(key)
        if exhibit_id is None:
            continue
        if exhibit_id not in config["exhibits"]:
            raise ConfigError(
                f"config key 'report.{key}': '{exhibit_id}' is not an exhibit "
                f"(exhibits: {', '.join(config['exhibits'])})"
            )
        if module and config["exhibits"][exhibit_id]["module"] != module:
            raise ConfigError(
                f"config key 'report.{key}': exhibit '{exhibit_id}' is computed by module "
                f"'{config['exhibits'][exhibit_id]['module']}', not '{module}'"
            )
    _check_mechanisms(config)
    _check_plausibility(config.get("plausibility"))
    return groups


def _check_plausibility(settings: dict | None) -> None:
    """Each check's pass bound lies within its fail bound (else nothing could warn)."""
    if not settings:
        return
    pairs = [
        ("same_flow", "pass_pct", "fail_pct"),
        ("same_flow", "cif_above_customs_pct", "fail_pct"),
        ("mirror", "pass_factor", "fail_factor"),
        ("gdp", "pass_pct", "fail_pct"),
        ("exchange_rates", "pass_pct", "fail_pct"),
        ("provinces", "pass_pp", "fail_pp"),
    ]
    for section, low, high in pairs:
        entry = settings[section]
        if entry[low] > entry[high]:
            raise ConfigError(
                f"config key 'plausibility.{section}': {low} ({entry[low]}) is above "
                f"{high} ({entry[high]})"
            )


def _check_mechanisms(config: dict) -> None:
    """Each mechanism names models under ``regressions`` and an evidence exhibit that exists,
    computed by a module whose evidence the summary knows how to word."""
    from chinatrade.hypotheses import EVIDENCE_MODULES

    for name, entry in config["report"].get("mechanisms", {}).items():
        key = f"report.mechanisms.{name}"
        for model in entry["models"]:
            if model not in config["regressions"]:
                raise ConfigError(f"config key '{key}.models': '{model}' is not a regression")
        exhibit_id = entry.get("evidence")
        if exhibit_id is None:
            continue
        if exhibit_id not in config["exhibits"]:
            raise ConfigError(f"config key '{key}.evidence': '{exhibit_id}' is not an exhibit")
        module = config["exhibits"][exhibit_id]["module"]
        if module not in EVIDENCE_MODULES:
            raise ConfigError(
                f"config key '{key}.evidence': exhibit '{exhibit_id}' (module '{module}') has "
                f"no summary of evidence; modules that have one: {sorted(EVIDENCE_MODULES)}"
            )


def _check_partner_balances(spec: dict, key: str, config: dict, groups: dict) -> None:
    """An exhibit of module f1: its reporter, years and partners."""
    first, last = config["years"]["first"], config["years"]["last"]
    if spec["reporter"] not in config["dots_workbooks"]:
        raise ConfigError(
            f"config key '{key}.reporter': '{spec['reporter']}' has no workbook in 'dots_workbooks'"
        )
    _check_year(spec["first_year"], f"{key}.first_year", first, last)
    growth = spec["growth"]
    _check_year(growth["first_year"], f"{key}.growth.first_year", first, last)
    _check_year(growth["last_year"], f"{key}.growth.last_year", first, last)
    if growth["first_year"] >= growth["last_year"]:
        raise ConfigError(f"config key '{key}.growth': first_year must be before last_year")
    for partner in spec["partners"]:
        _check_partner(partner, f"{key}.partners", groups)
    for partner in growth.get("deficit_partners", []):
        _check_partner(partner, f"{key}.growth.deficit_partners", groups)
    for partner in growth.get("claims", {}):
        _check_partner(partner, f"{key}.growth.claims", groups)


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
