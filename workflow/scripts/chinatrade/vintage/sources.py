"""Which parser the workflow runs on each raw file, as data.

A raw file enters the workflow through a role of the config (``sources.<role>``,
``dots_workbooks.<reporter>``, ``dots_extract``, ``dots_mirror``); the rule that reads the role
calls package functions of ``chinatrade.ingest`` (or ``chinatrade.dots``). Each entry below
calls the same functions with the same other inputs, and names the tables they return with
their keys (as in data/README.md), so that a new vintage is checked by the workflow's own
parser before it is taken in and two vintages can be compared on their keys.

Each ``parse`` takes an :class:`Inputs` (the files of every role it ``reads``, the resource
files, the config) and returns ``{table name: DataFrame}``. The ingest modules are imported
inside the functions: the Snakefile imports this module (for the inputs of the revisions
rule) and must not load pandas at every start.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

RESOURCES = "workflow/resources"


class Inputs(Protocol):
    config: dict

    def files(self, role: str) -> list[Path]: ...

    def one(self, role: str) -> Path: ...

    def resource(self, name: str) -> Path: ...


@dataclass(frozen=True)
class Parser:
    """The parse of a role: the rule that runs it, the roles and resources it reads, and the
    key of each table it returns."""

    rule: str
    reads: tuple[str, ...]
    parse: Callable[[Inputs], dict]
    keys: dict[str, tuple[str, ...]]
    resources: tuple[str, ...] = ()


def roles(config: dict) -> dict[str, list[str]]:
    """Every role of the config with its manifest ids, in the config's order."""
    found = {f"dots_workbooks.{r}": [i] for r, i in config["dots_workbooks"].items()}
    found["dots_extract"] = [config["dots_extract"]["file"]]
    found["dots_mirror"] = [config["dots_mirror"]]
    for role, ids in config["sources"].items():
        found[role] = list(ids) if isinstance(ids, list) else [ids]
    return found


def roles_of(file_id: str, config: dict) -> list[str]:
    """The roles through which the workflow reads the raw file ``file_id``."""
    return [role for role, ids in roles(config).items() if file_id in ids]


def parser_for(role: str) -> Parser | None:
    if role.startswith("dots_workbooks."):
        return _dots_workbook(role)
    return PARSERS.get(role)


# --- the parses, each the calls of its rule's script ---------------------------------------


def _census(inputs: Inputs) -> dict:
    """The workbook and the 2023-2024 extract appended to its annual tables, as the rule
    census_trade writes them (a workbook whose complete years the extract also has is
    refused there: one vintage per year)."""
    from chinatrade.ingest import census

    tables = census.read_country_workbook(
        inputs.one("census_country"), inputs.resource("census_country_codes.csv")
    )
    selected = census.read_selected_partners_2023_2024(
        inputs.one("census_selected_partners_2023_2024"), census.code_list(tables)
    )
    out = {}
    for kind in ("partners", "aggregates"):
        annual = census.append_selected_partners(tables[f"{kind}_annual"], selected)
        out[f"census_us_trade_{kind}_annual"] = annual
        out[f"census_us_trade_{kind}_monthly"] = tables[f"{kind}_monthly"]
    return out


def _dots_names(inputs: Inputs):
    from chinatrade import partners

    return partners.read_name_table(inputs.resource("imf_dots_partner_names.csv"))


def _dots_workbook(role: str) -> Parser:
    def parse(inputs: Inputs) -> dict:
        from chinatrade import dots, partners

        path = inputs.one(role)
        table = dots.clean(dots.read_workbook(path), _dots_names(inputs), str(path))
        eu27 = partners.resolve_groups(inputs.config["partner_groups"])["EU27"]
        dots.check_identities(table, eu27)
        return {f"dots_{role.split('.')[1]}": table}

    return Parser(
        "parse_dots_workbook, clean_dots_workbook",
        (role,),
        parse,
        {f"dots_{role.split('.')[1]}": ("reporter_iso3", "partner_code", "year", "flow")},
        ("imf_dots_partner_names.csv",),
    )


def _dots_extract(inputs: Inputs) -> dict:
    from chinatrade import dots

    reporters = inputs.config["dots_extract"]["reporters"]
    return {
        "dots_extract": dots.read_extract(
            inputs.one("dots_extract"), _dots_names(inputs), reporters
        )
    }


def _dots_mirror(inputs: Inputs) -> dict:
    from chinatrade import dots

    return {"dots_mirror": dots.read_mirror(inputs.one("dots_mirror"), _dots_names(inputs))}


def _fdi_positions(inputs: Inputs) -> dict:
    from chinatrade.ingest import fdi

    names = fdi.read_name_table(inputs.resource("fdi_country_names.csv"))
    positions = fdi.combine_positions(
        fdi.read_bea_usdia(inputs.one("bea_us_direct_investment_abroad"), names),
        fdi.read_bea_fdius(inputs.one("bea_fdi_in_us"), names),
        fdi.read_ewn_fdi(inputs.one("ewn_external_wealth"), names),
    )
    return {"fdi_positions": positions}


def _fdi_checks(inputs: Inputs) -> dict:
    import pandas as pd

    from chinatrade.ingest import fdi

    names = fdi.read_name_table(inputs.resource("fdi_country_names.csv"))
    paths = [inputs.one("fdi_check_values"), inputs.one("fdi_check_values_series")]
    return {"fdi_check_values": pd.concat([fdi.read_fdi_check_values(p, names) for p in paths])}


def _comtrade(inputs: Inputs) -> dict:
    from chinatrade.ingest import sector

    return {
        "comtrade_us_china": sector.read_comtrade_us_china(inputs.files("comtrade_us_china_rds"))
    }


def _comtrade_china(inputs: Inputs) -> dict:
    from chinatrade.ingest import sector

    path = inputs.one("comtrade_china_reported_totals")
    return {"china_us_totals_comtrade_chn_reported": sector.read_china_reported_totals(path)}


def _hs_sections(inputs: Inputs) -> dict:
    from chinatrade.ingest import sector

    sections = sector.read_hs_sections(
        inputs.one("hs_sections"), inputs.one("hs_sections_wco_original")
    )
    chapters = sector.read_hs_chapter_sections(inputs.one("hs_chapter_sections"), sections)
    return {"hs_sections": sections, "hs_chapter_sections": chapters}


def _hs_to_wiod(inputs: Inputs) -> dict:
    from chinatrade.ingest import sector

    oecd_key = sector.read_oecd_hs_isic_key(inputs.one("oecd_hs_isic_key"))
    wiod_path = inputs.one("wiod_isic_hs_concordance")
    wiod = sector.read_wiod_isic_concordance(wiod_path)
    sector.map_hs6_to_wiod(oecd_key, wiod, wiod_path)  # the rule's check of the chain
    return {"hs6_isic_key_oecd": oecd_key, "wiod_isic_concordance": wiod}


def _regime_bulletins(inputs: Inputs) -> dict:
    from chinatrade.ingest import regime

    bulletins = regime.read_regime_bulletins(inputs.files("gacc_regime_bulletins"))
    annual = regime.regime_annual_summary(bulletins)
    return {"trade_by_regime_gacc": bulletins, "trade_by_regime_annual": annual}


def _totals_transcribed(inputs: Inputs) -> dict:
    """The transcribed totals, with the currency of each row's value: a page quoting a year in
    USD and in CNY gives two rows (the parser's key has the currency)."""
    import numpy as np

    from chinatrade.ingest import regime

    table = regime.read_china_trade_totals_transcribed(inputs.one("china_trade_totals_transcribed"))
    currency = np.where(table["value_usd_100m"].notna(), "USD", "CNY")
    return {"china_trade_totals_transcribed": table.assign(currency=currency)}


def _single(role: str, module: str, function: str, table: str) -> Callable[[Inputs], dict]:
    """A parse that is one call of ``chinatrade.ingest.<module>.<function>(path)``."""

    def parse(inputs: Inputs) -> dict:
        import importlib

        reader = getattr(importlib.import_module(f"chinatrade.ingest.{module}"), function)
        return {table: reader(inputs.one(role))}

    return parse


def _macro(role: str, function: str, table: str, with_areas: bool) -> Callable[[Inputs], dict]:
    def parse(inputs: Inputs) -> dict:
        from chinatrade.ingest import macro

        reader = getattr(macro, function)
        if with_areas:
            areas = macro.read_area_codes(inputs.resource("macro_area_codes.csv"))
            return {table: reader(inputs.one(role), areas)}
        return {table: reader(inputs.one(role))}

    return parse


def _wdi_merchandise(inputs: Inputs) -> dict:
    from chinatrade.ingest import macro, wdi_trade

    areas = macro.read_area_codes(inputs.resource("macro_area_codes.csv"))
    table = wdi_trade.read_wdi_merchandise(
        inputs.one("wdi_merchandise_exports"), inputs.one("wdi_merchandise_imports"), areas
    )
    return {"merchandise_trade_wdi": table}


def _nbs(inputs: Inputs) -> dict:
    from chinatrade.ingest import nbs

    provinces = nbs.read_province_table(inputs.resource("nbs_provinces.csv"))
    table = nbs.read_nbs_province_trade(
        inputs.one("nbs_location_of_trading_unit"),
        inputs.one("nbs_domestic_destination_source"),
        provinces,
    )
    return {"province_trade_nbs": table}


def _wiots(inputs: Inputs) -> dict:
    from chinatrade.ingest import valueadded

    cells, output = valueadded.read_wiots(inputs.files("wiod_world_tables"))
    return {"wiod2013_wiot": cells, "wiod2013_wiot_output": output}


def _bea_affiliates(inputs: Inputs) -> dict:
    from chinatrade.ingest import multinationals

    names = multinationals.read_area_names(inputs.resource("bea_amne_area_names.csv"))
    sales = multinationals.read_bea_affiliate_sales(inputs.files("bea_affiliate_sales"), names)
    return {"bea_affiliate_sales": sales}


def _japan_customs(inputs: Inputs) -> dict:
    from chinatrade.ingest import japan_customs

    path = inputs.one("japan_customs")
    areas = japan_customs.read_area_table(inputs.resource("japan_customs_areas.csv"))
    return {"japan_customs_trade": japan_customs.read_japan_customs(path, areas, str(path))}


_WDI_KEY = ("wdi_code", "year")
_FDI_POSITIONS = Parser(
    "fdi_positions",
    ("bea_us_direct_investment_abroad", "bea_fdi_in_us", "ewn_external_wealth"),
    _fdi_positions,
    {"fdi_positions": ("measure", "investor_iso3", "host_iso3", "year")},
    ("fdi_country_names.csv",),
)
_FDI_CHECKS = Parser(
    "fdi_positions",
    ("fdi_check_values", "fdi_check_values_series"),
    _fdi_checks,
    {"fdi_check_values": ("check_file", "series", "investor_iso3", "host_iso3", "year")},
    ("fdi_country_names.csv",),
)
_HS_SECTIONS = Parser(
    "product_concordances",
    ("hs_sections", "hs_sections_wco_original", "hs_chapter_sections"),
    _hs_sections,
    {"hs_sections": ("section_no",), "hs_chapter_sections": ("hs_chapter",)},
)
_HS_TO_WIOD = Parser(
    "product_concordances",
    ("oecd_hs_isic_key", "wiod_isic_hs_concordance"),
    _hs_to_wiod,
    {
        "hs6_isic_key_oecd": ("hs_version", "hs6"),
        "wiod_isic_concordance": ("wiod_code", "btd_isic4_code"),
    },
)
_NBS = Parser(
    "province_trade_nbs",
    ("nbs_location_of_trading_unit", "nbs_domestic_destination_source"),
    _nbs,
    {"province_trade_nbs": ("province_code", "year", "definition", "flow")},
    ("nbs_provinces.csv",),
)
_WDI_MERCHANDISE = Parser(
    "wdi_merchandise",
    ("wdi_merchandise_exports", "wdi_merchandise_imports"),
    _wdi_merchandise,
    {"merchandise_trade_wdi": _WDI_KEY},
    ("macro_area_codes.csv",),
)
_CENSUS = Parser(
    "census_trade",
    ("census_country", "census_selected_partners_2023_2024"),
    _census,
    {
        "census_us_trade_partners_annual": ("year", "cty_code"),
        "census_us_trade_aggregates_annual": ("year", "cty_code"),
        "census_us_trade_partners_monthly": ("year", "month", "cty_code"),
        "census_us_trade_aggregates_monthly": ("year", "month", "cty_code"),
    },
    ("census_country_codes.csv",),
)

PARSERS: dict[str, Parser] = {
    "census_country": _CENSUS,
    "census_selected_partners_2023_2024": _CENSUS,
    "dots_extract": Parser(
        "bilateral_dots",
        ("dots_extract",),
        _dots_extract,
        {"dots_extract": ("reporter_iso3", "partner_code", "year", "flow")},
        ("imf_dots_partner_names.csv",),
    ),
    "dots_mirror": Parser(
        "bilateral_dots",
        ("dots_mirror",),
        _dots_mirror,
        {"dots_mirror": ("reporter_iso3", "partner_code", "year", "flow")},
        ("imf_dots_partner_names.csv",),
    ),
    "bea_us_direct_investment_abroad": _FDI_POSITIONS,
    "bea_fdi_in_us": _FDI_POSITIONS,
    "ewn_external_wealth": _FDI_POSITIONS,
    "fdi_check_values": _FDI_CHECKS,
    "fdi_check_values_series": _FDI_CHECKS,
    "comtrade_us_china_rds": Parser(
        "sector_trade",
        ("comtrade_us_china_rds",),
        _comtrade,
        {
            "comtrade_us_china": (
                "reporter_iso3",
                "partner_iso3",
                "year",
                "flow",
                "level",
                "product_code",
            )
        },
    ),
    "comtrade_china_reported_totals": Parser(
        "sector_trade",
        ("comtrade_china_reported_totals",),
        _comtrade_china,
        {
            "china_us_totals_comtrade_chn_reported": (
                "reporter_iso3",
                "partner_iso3",
                "year",
                "flow",
            )
        },
    ),
    "hs_sections": _HS_SECTIONS,
    "hs_sections_wco_original": _HS_SECTIONS,
    "hs_chapter_sections": _HS_SECTIONS,
    "oecd_hs_isic_key": _HS_TO_WIOD,
    "wiod_isic_hs_concordance": _HS_TO_WIOD,
    "gacc_regime_bulletins": Parser(
        "trade_by_regime",
        ("gacc_regime_bulletins",),
        _regime_bulletins,
        {
            "trade_by_regime_gacc": (
                "gacc_table",
                "year",
                "period",
                "flow",
                "regime_code",
                "enterprise_type",
            ),
            "trade_by_regime_annual": ("year", "flow", "regime_code"),
        },
    ),
    "gacc_commodities_by_regime": Parser(
        "trade_by_regime",
        ("gacc_commodities_by_regime",),
        _single(
            "gacc_commodities_by_regime",
            "regime",
            "read_commodity_regime_table",
            "imports_by_commodity_and_regime_gacc_2019",
        ),
        {
            "imports_by_commodity_and_regime_gacc_2019": (
                "year",
                "period",
                "flow",
                "commodity",
                "regime",
            )
        },
    ),
    "gacc_press_check_values": Parser(
        "trade_by_regime",
        ("gacc_press_check_values",),
        _single(
            "gacc_press_check_values",
            "regime",
            "read_press_release_checks",
            "gacc_press_check_values",
        ),
        {"gacc_press_check_values": ("year", "period", "indicator", "unit_as_published")},
    ),
    "china_trade_totals_transcribed": Parser(
        "trade_by_regime",
        ("china_trade_totals_transcribed",),
        _totals_transcribed,
        {"china_trade_totals_transcribed": ("year", "period", "flow", "trade_mode", "currency")},
    ),
    "china_bilateral_transcribed": Parser(
        "trade_by_regime",
        ("china_bilateral_transcribed",),
        _single(
            "china_bilateral_transcribed",
            "regime",
            "read_china_bilateral_transcribed",
            "china_bilateral_transcribed",
        ),
        {"china_bilateral_transcribed": ("partner", "year", "period", "flow")},
    ),
    "transcription_log": Parser(
        "trade_by_regime",
        ("transcription_log",),
        _single("transcription_log", "regime", "read_transcription_log", "transcription_log"),
        {"transcription_log": ("year_or_period", "source_url")},
    ),
    "wdi_gdp": Parser(
        "macro_series",
        ("wdi_gdp",),
        _macro("wdi_gdp", "read_wdi_gdp", "gdp_wdi", with_areas=True),
        {"gdp_wdi": _WDI_KEY},
        ("macro_area_codes.csv",),
    ),
    "weo": Parser(
        "macro_series",
        ("weo",),
        _macro("weo", "read_weo", "weo_oct2025", with_areas=True),
        {"weo_oct2025": ("weo_code", "concept", "year")},
        ("macro_area_codes.csv",),
    ),
    "fed_h10_fx": Parser(
        "macro_series",
        ("fed_h10_fx",),
        _macro("fed_h10_fx", "read_fed_h10_annual", "fx_fed_h10", with_areas=False),
        {"fx_fed_h10": ("currency", "year")},
    ),
    "wiod_niot": Parser(
        "wiod_niot",
        ("wiod_niot",),
        _single("wiod_niot", "wiod", "read_niot", "wiod_niot_chn"),
        {"wiod_niot_chn": ("year", "row", "origin", "column")},
    ),
    "nbs_location_of_trading_unit": _NBS,
    "nbs_domestic_destination_source": _NBS,
    "wiod_world_tables": Parser(
        "wiod_value_added",
        ("wiod_world_tables",),
        _wiots,
        {
            "wiod2013_wiot": (
                "year",
                "supplier_country",
                "supplier_industry",
                "user_country",
                "use",
            ),
            "wiod2013_wiot_output": ("year", "country", "industry"),
        },
    ),
    "wiod_bilateral_dva": Parser(
        "wiod_value_added",
        ("wiod_bilateral_dva",),
        _single("wiod_bilateral_dva", "valueadded", "read_bilateral_dva", "wiod2016_bilateral_dva"),
        {"wiod2016_bilateral_dva": ("exporter", "importer", "year")},
    ),
    "bea_affiliate_sales": Parser(
        "multinationals",
        ("bea_affiliate_sales",),
        _bea_affiliates,
        {"bea_affiliate_sales": ("host_name", "year", "destination", "supply")},
        ("bea_amne_area_names.csv",),
    ),
    "oecd_amne_output_by_parent": Parser(
        "multinationals",
        ("oecd_amne_output_by_parent",),
        _single(
            "oecd_amne_output_by_parent",
            "multinationals",
            "read_oecd_amne_output_by_parent",
            "oecd_amne_output_by_parent",
        ),
        {"oecd_amne_output_by_parent": ("host_code", "industry_code", "parent_code", "year")},
    ),
    "oecd_amne_by_ownership": Parser(
        "multinationals",
        ("oecd_amne_by_ownership",),
        _single(
            "oecd_amne_by_ownership",
            "multinationals",
            "read_oecd_amne_by_ownership",
            "oecd_amne_by_ownership",
        ),
        {"oecd_amne_by_ownership": ("host_code", "ownership", "industry_code", "year")},
    ),
    "wdi_merchandise_exports": _WDI_MERCHANDISE,
    "wdi_merchandise_imports": _WDI_MERCHANDISE,
    "japan_customs": Parser(
        "japan_customs",
        ("japan_customs",),
        _japan_customs,
        {"japan_customs_trade": ("area", "goods", "year", "flow")},
        ("japan_customs_areas.csv",),
    ),
}


def resource_paths(parser: Parser) -> list[str]:
    """The resource files a parse reads, relative to the project folder."""
    return [f"{RESOURCES}/{name}" for name in parser.resources]
