"""China Customs (GACC) customs regimes: codes and names, the regimes and enterprise
columns each bulletin table prints, and a column check shared by the regime readers.
"""

from __future__ import annotations

import pandas as pd

from chinatrade import validate
from chinatrade.errors import InputDataError
from chinatrade.validate import ROW

SOURCE_BULLETIN = "GACC monthly bulletin (English website)"

# regime code -> (English name as in the 12.2019 table (5), Chinese customs name)
REGIMES: dict[str, tuple[str, str]] = {
    "total": ("Total", "总值"),
    "ordinary": ("Ordinary Trade", "一般贸易"),
    "aid_donation_government_intl_org": (
        "Aid or Donation Between Governments or by International Organizations",
        "国家间、国际组织无偿援助和赠送的物资",
    ),
    "other_donation": ("Other Donation", "其他捐赠物资"),
    "processing_assembly_supplied_materials": ("Processing and Assembling", "来料加工装配贸易"),
    "processing_imported_materials": ("Processing with Imported Materials", "进料加工贸易"),
    "border_trade": ("Border Trade", "边境小额贸易"),
    "processing_trade_imported_equipment": ("Equipment for Processing Trade", "加工贸易进口设备"),
    "overseas_contracted_projects": ("Contracting Projects", "对外承包工程出口货物"),
    "leasing_trade": ("Goods on Lease", "租赁贸易"),
    "fie_investment_equipment": (
        "Equipment or Materials Imported as Investment by Foreign-Invested Enterprises",
        "外商投资企业作为投资进口的设备、物品",
    ),
    "outward_processing": ("Outward Processing", "出料加工贸易"),
    "dutyfree_foreign_exchange_commodities": (
        "Duty-free Commodities on Payment of Foreign Currency",
        "免税外汇商品",
    ),
    "dutyfree_goods": ("Duty-free Goods", "免税品"),
    "bonded_supervision_sites": ("Customs Warehousing Trade", "保税监管场所进出境货物"),
    "special_customs_area_logistics": (
        "Logistics Goods by Customs Special Control Area",
        "海关特殊监管区域物流货物",
    ),
    "special_customs_area_equipment": (
        "Equipment Imported into Customs Special Control Area",
        "海关特殊监管区域进口设备",
    ),
    "other": ("Other", "其他"),
}

# Aggregates of the annual summary (regime/SOURCES.md): code -> (English, Chinese, members)
AGGREGATES: dict[str, tuple[str, str]] = {
    "processing_total_AGG": (
        "Processing trade, customs definition (assembly + imported materials)",
        "加工贸易",
    ),
    "non_ordinary_AGG": ("Non-ordinary trade (total - ordinary)", ""),
    "other_non_ordinary_non_processing_AGG": (
        "Other non-ordinary trade (total - ordinary - processing)",
        "",
    ),
}
PROCESSING_REGIMES = ("processing_assembly_supplied_materials", "processing_imported_materials")

# Every English label the transcribed pages print (whitespace collapsed, lower case) -> code.
# A label not listed here stops the parse: a guessed regime would misstate a share.
REGIME_LABELS: dict[str, str] = {
    label.lower(): code
    for label, code in [
        ("TOTAL", "total"),
        ("Ordinary Trade", "ordinary"),
        (
            "Aid or Donation Between Governments or by International Organizations",
            "aid_donation_government_intl_org",
        ),
        (
            "Aid or Donation Between Government or by International Organizations",
            "aid_donation_government_intl_org",
        ),
        ("Other Donation", "other_donation"),
        ("Processing and Assembling", "processing_assembly_supplied_materials"),
        ("Processing with Imported Materials", "processing_imported_materials"),
        ("Process with Imported Materials", "processing_imported_materials"),
        ("Border Trade", "border_trade"),
        ("Equipment for Processing trade", "processing_trade_imported_equipment"),
        ("Contracting Projects", "overseas_contracted_projects"),
        ("Goods on Lease", "leasing_trade"),
        (
            "Equipment or Materials Imported as Investment by Foreign-Invested Enterprises",
            "fie_investment_equipment",
        ),
        (
            "Equipment or Materia Imported as I by Foreign-Invested Enterprises",
            "fie_investment_equipment",
        ),
        ("Outward Processing", "outward_processing"),
        (
            "Duty-free Commodities on Payment of Foreign Currency",
            "dutyfree_foreign_exchange_commodities",
        ),
        ("Duty-free Commoditie on Payment of Currency", "dutyfree_foreign_exchange_commodities"),
        ("Duty-free Goods", "dutyfree_goods"),
        ("Customs Warehousing Trade", "bonded_supervision_sites"),
        ("Logistics goods by customs special control area", "special_customs_area_logistics"),
        ("Logistics Goods by C ustoms Special Control Area", "special_customs_area_logistics"),
        ("Equipment imported into customs special control area", "special_customs_area_equipment"),
        ("Other", "other"),
    ]
}

# The regime rows each table prints (besides the total), in page order. A table with fewer
# rows must say in its header that the transcribed excerpt ends early.
_TABLE5_REGIMES = (
    "ordinary",
    "aid_donation_government_intl_org",
    "other_donation",
    "processing_assembly_supplied_materials",
    "processing_imported_materials",
    "border_trade",
    "processing_trade_imported_equipment",
    "overseas_contracted_projects",
    "leasing_trade",
    "fie_investment_equipment",
    "outward_processing",
    "dutyfree_foreign_exchange_commodities",
    "dutyfree_goods",
    "bonded_supervision_sites",
    "special_customs_area_logistics",
    "special_customs_area_equipment",
    "other",
)
TABLE_REGIMES: dict[str, tuple[str, ...]] = {
    "5": _TABLE5_REGIMES,
    "6": tuple(
        r
        for r in _TABLE5_REGIMES
        if r
        not in {
            "processing_trade_imported_equipment",
            "fie_investment_equipment",
            "dutyfree_foreign_exchange_commodities",
            "dutyfree_goods",
            "special_customs_area_equipment",
        }
    ),
    "7": tuple(r for r in _TABLE5_REGIMES if r != "overseas_contracted_projects"),
}
TABLE_FLOWS = {"6": "exports", "7": "imports"}

# Enterprise-type column labels of tables (6) and (7) -> code; the FIE sub-columns are in
# the 2019 table (7) only. "all" is the Total column.
ENTERPRISE_COLUMNS = {
    "Total": "all",
    "SOE": "SOE",
    "FIE": "FIE",
    "FIE:Sino-foreign contractual JV": "FIE_sino_foreign_contractual_JV",
    "FIE:Sino-foreign equity JV": "FIE_sino_foreign_equity_JV",
    "FIE:wholly foreign-owned": "FIE_wholly_foreign_owned",
    "POE": "POE",
    "Other": "other",
}
ENTERPRISE_PARTS = ("SOE", "FIE", "POE", "other")
FIE_PARTS = (
    "FIE_sino_foreign_contractual_JV",
    "FIE_sino_foreign_equity_JV",
    "FIE_wholly_foreign_owned",
)

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# --------------------------------------------------------------------------------------
# CSV helpers
# --------------------------------------------------------------------------------------


def _year(frame: pd.DataFrame, column: str, path) -> pd.Series:
    years = validate.numeric(frame, column, path, allow_missing=False)
    bad = (years % 1 != 0) | (years < 1900) | (years > 2100)
    if bad.any():
        index = bad.idxmax()
        raise InputDataError(
            path,
            f"year {frame.at[index, column]!r} is not a calendar year",
            column=column,
            row=int(frame.at[index, ROW]),
        )
    return years.astype(int)
