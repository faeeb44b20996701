"""The customs records' schema: required and output columns, China Customs' trade-mode code
table (regime groups, the user's regime map) and the accepted province names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

REQUIRED_COLUMNS = (
    "year",
    "month",
    "hs_code",
    "partner",
    "province",
    "customs_regime",
    "flow",
    "value_usd",
)
FLOWS = ("exports", "imports")
REGIME_GROUPS = ("ordinary", "processing_customs", "other")
EXCLUDE = "exclude"  # a regime_map value: drop the records
HS_LEVELS = (2, 4, 6, 8)
SOURCE = "China Customs records (user files)"
REPORTER_SIDE = "own"

# China Customs' 2-digit statistical trade-mode codes (贸易方式), with the regime key used by
# the canonical GACC bulletin table (chinatrade.ingest.regime.REGIMES; "" where the bulletin
# has no line of its own: GACC counts compensation, consignment and barter trade in "other").
# code: (group, English name, Chinese name, GACC bulletin regime key)
CUSTOMS_REGIMES: dict[str, tuple[str, str, str, str]] = {
    "10": ("ordinary", "Ordinary trade", "一般贸易", "ordinary"),
    "11": (
        "other",
        "Aid or donation between governments or by international organizations",
        "国家间、国际组织无偿援助和赠送的物资",
        "aid_donation_government_intl_org",
    ),
    "12": ("other", "Other donation", "其他捐赠物资", "other_donation"),
    "13": ("other", "Compensation trade", "补偿贸易", ""),
    "14": (
        "processing_customs",
        "Processing and assembling",
        "来料加工装配贸易",
        "processing_assembly_supplied_materials",
    ),
    "15": (
        "processing_customs",
        "Processing with imported materials",
        "进料加工贸易",
        "processing_imported_materials",
    ),
    "16": ("other", "Goods on consignment", "寄售、代销贸易", ""),
    "19": ("other", "Border trade", "边境小额贸易", "border_trade"),
    "20": (
        "other",
        "Equipment for processing trade",
        "加工贸易进口设备",
        "processing_trade_imported_equipment",
    ),
    "22": ("other", "Contracting projects", "对外承包工程出口货物", "overseas_contracted_projects"),
    "23": ("other", "Goods on lease", "租赁贸易", "leasing_trade"),
    "25": (
        "other",
        "Equipment or materials imported as investment by foreign-invested enterprises",
        "外商投资企业作为投资进口的设备、物品",
        "fie_investment_equipment",
    ),
    "27": ("other", "Outward processing", "出料加工贸易", "outward_processing"),
    "30": ("other", "Barter trade", "易货贸易", ""),
    "31": (
        "other",
        "Duty-free commodities on payment of foreign currency",
        "免税外汇商品",
        "dutyfree_foreign_exchange_commodities",
    ),
    "33": (
        "other",
        "Customs warehousing trade",
        "保税监管场所进出境货物",
        "bonded_supervision_sites",
    ),
    "34": (
        "other",
        "Logistics goods by customs special control area",
        "海关特殊监管区域物流货物",
        "special_customs_area_logistics",
    ),
    "35": (
        "other",
        "Equipment imported into customs special control area",
        "海关特殊监管区域进口设备",
        "special_customs_area_equipment",
    ),
    "39": ("other", "Other", "其他", "other"),
    "41": ("other", "Duty-free goods", "免税品", "dutyfree_goods"),
}

OUTPUT_COLUMNS = [
    "year",
    "hs_level",
    "hs_code",
    "hs_chapter",
    "regime_group",
    "partner_iso3",
    "province_code",
    "flow",
    "value_usd",
    "n_records",
    "months_covered",
    "reporter_side",
    "source",
]
OUTPUT_KEY = ["year", "hs_code", "regime_group", "partner_iso3", "province_code", "flow"]

PROVINCE_TABLE = Path(__file__).resolve().parents[3] / "resources" / "nbs_provinces.csv"


def regime_table() -> pd.DataFrame:
    """``CUSTOMS_REGIMES`` as a table: code, regime_group, name_en, name_zh, gacc_regime."""
    return pd.DataFrame(
        [(code, *values) for code, values in CUSTOMS_REGIMES.items()],
        columns=["code", "regime_group", "name_en", "name_zh", "gacc_regime"],
    )


def _normal_code(code: str) -> str:
    code = str(code).strip()
    return "0" + code if len(code) == 3 and code.isdigit() else code


def _check_regime_map(regime_map: Mapping[str, str] | None) -> dict[str, str]:
    if not regime_map:
        return {}
    checked = {}
    allowed = (*REGIME_GROUPS, EXCLUDE)
    for key, group in regime_map.items():
        code = _normal_code(key)
        if not re.fullmatch(r"\d{2}|\d{4}", code):
            raise ValueError(
                f"regime_map: key {key!r} is not a 2- or 4-digit customs trade-mode code"
            )
        if group not in allowed:
            raise ValueError(
                f"regime_map: {key!r} -> {group!r}; the group must be one of {allowed}"
            )
        checked[code] = group
    return checked


def regime_group_of(code: str, regime_map: Mapping[str, str] | None = None) -> str | None:
    """The group of one customs trade-mode code, or None if the code is unknown.

    ``regime_map`` (code -> group or ``exclude``) is consulted first; a 4-digit supervision
    code is then read through its last two digits (the statistical trade-mode code).
    """
    user = _check_regime_map(regime_map)
    code = _normal_code(code)
    if code in user:
        return user[code]
    if re.fullmatch(r"\d{4}", code):
        code = code[2:]
        if code in user:
            return user[code]
    if code in CUSTOMS_REGIMES:
        return CUSTOMS_REGIMES[code][0]
    return None


def province_names(provinces: pd.DataFrame | str | Path | None = None) -> dict[str, str]:
    """Accepted province spellings -> GB/T 2260 province code.

    From the province table (default ``workflow/resources/nbs_provinces.csv``): the code, the
    Chinese name with and without its suffix (省, 市, 自治区, ...), and the English name in
    any case (keys are stored lower-cased for English).
    """
    if provinces is None or isinstance(provinces, (str, Path)):
        from chinatrade.ingest.nbs import read_province_table

        provinces = read_province_table(provinces or PROVINCE_TABLE)
    names: dict[str, str] = {}
    suffix = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$")
    for record in provinces.itertuples(index=False):
        code = str(record.province_code)
        names[code] = code
        names[str(record.name_zh)] = code
        names[suffix.sub("", str(record.name_zh))] = code
        names[str(record.name_en).lower()] = code
    return names


def _province_code(value: str, names: Mapping[str, str]) -> str | None:
    value = str(value).strip()
    if re.fullmatch(r"\d{6}", value):
        code = value[:2] + "0000"
        return code if code in names else None
    return names.get(value) or names.get(value.lower())
