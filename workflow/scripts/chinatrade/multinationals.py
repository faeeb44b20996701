"""What the OECD Analytical AMNE tables measure by industry, and the foreign-owned share of a
host's gross exports (a measure of processing intensity: China's processing exports are made
mostly by foreign-invested firms).

The 34 industries of the AMNE tables are ISIC Rev.4 groups of the OECD ICIO tables. They do
not overlap and together make up the whole economy, and the tables have no total line: a total
is the sum of the 34 (``INDUSTRY_CODES``); manufacturing is the 16 groups C10T12-C31T33.
"""

from __future__ import annotations

import pandas as pd

from chinatrade import lineage

# ISIC Rev.4 groups of the OECD ICIO (2018 edition), in the files' order
INDUSTRIES = {
    "A": "Agriculture, forestry and fishing",
    "B": "Mining and quarrying",
    "C10T12": "Food products, beverages and tobacco",
    "C13T15": "Textiles, wearing apparel, leather and related products",
    "C16": "Wood and products of wood and cork",
    "C17T18": "Paper products and printing",
    "C19": "Coke and refined petroleum products",
    "C20T21": "Chemicals and pharmaceutical products",
    "C22": "Rubber and plastics products",
    "C23": "Other non-metallic mineral products",
    "C24": "Basic metals",
    "C25": "Fabricated metal products",
    "C26": "Computer, electronic and optical products",
    "C27": "Electrical equipment",
    "C28": "Machinery and equipment n.e.c.",
    "C29": "Motor vehicles, trailers and semi-trailers",
    "C30": "Other transport equipment",
    "C31T33": "Other manufacturing; repair and installation of machinery and equipment",
    "DTE": "Electricity, gas, water supply, sewerage, waste and remediation",
    "F": "Construction",
    "G": "Wholesale and retail trade; repair of motor vehicles",
    "H": "Transportation and storage",
    "I": "Accommodation and food services",
    "J58T60": "Publishing, audiovisual and broadcasting",
    "J61": "Telecommunications",
    "J62T63": "IT and other information services",
    "K": "Financial and insurance activities",
    "L": "Real estate activities",
    "MTN": "Other business sector services",
    "O": "Public administration and defence; compulsory social security",
    "P": "Education",
    "Q": "Human health and social work",
    "RTS": "Arts, entertainment, recreation and other service activities",
    "T": "Private households with employed persons",
}
INDUSTRY_CODES = tuple(INDUSTRIES)
MANUFACTURING = tuple(code for code in INDUSTRY_CODES if code.startswith("C"))

SHARE_COLUMNS = [
    "host_code",
    "industry_code",
    "year",
    "foreign_owned_exports_usd_millions",
    "domestic_owned_exports_usd_millions",
    "gross_exports_usd_millions",
    "foreign_owned_export_share",
]


def _columns(table: pd.DataFrame) -> list[str]:
    """``SHARE_COLUMNS``, and ``raw_file_ids`` when the input rows name their raw files (an
    exhibit's tables do; the analysis datasets' inputs do not)."""
    return SHARE_COLUMNS + [lineage.COLUMN] * (lineage.COLUMN in table.columns)


def foreign_owned_export_share(by_ownership: pd.DataFrame, host: str = "CHN") -> pd.DataFrame:
    """The foreign-owned share (0-1) of ``host``'s gross exports, by industry and year.

    ``by_ownership`` is the table ``oecd_amne_by_ownership`` (or one with its columns
    ``host_code``, ``ownership``, ``industry_code``, ``year``, ``gross_exports_usd_millions``).
    Returns ``SHARE_COLUMNS``, one row per (industry_code, year) of the host: the exports of
    foreign-owned and of domestically owned firms (USD millions), their sum and the share of
    the foreign-owned. The share is NaN where the industry exports nothing (construction,
    public administration). A host that is not in the table, or an industry-year without both
    owners, or with one twice, is a ValueError naming it. With a column ``raw_file_ids``
    in ``by_ownership``, each row names the raw files of its two owners' rows.
    """
    rows = by_ownership[by_ownership["host_code"] == host]
    if rows.empty:
        raise ValueError(f"host {host!r} is not in the table (host_code)")
    key = ["industry_code", "year", "ownership"]
    repeated = rows[rows.duplicated(key, keep=False)]
    if not repeated.empty:
        first = repeated.iloc[0]
        raise ValueError(
            f"{host} {first['industry_code']} {first['year']}: ownership "
            f"{first['ownership']!r} appears twice; one row per owner"
        )
    wide = rows.pivot(
        index=["industry_code", "year"], columns="ownership", values="gross_exports_usd_millions"
    )
    for owner in ("foreign", "domestic"):
        if owner not in wide.columns:
            wide[owner] = float("nan")
    lacking = wide[["foreign", "domestic"]].isna().any(axis=1)
    if lacking.any():
        industry, year = wide.index[lacking.argmax()]
        raise ValueError(
            f"{host} {industry} {year}: gross exports of both foreign-owned and domestically "
            "owned firms are needed"
        )
    total = wide["foreign"] + wide["domestic"]
    out = pd.DataFrame(
        {
            "foreign_owned_exports_usd_millions": wide["foreign"],
            "domestic_owned_exports_usd_millions": wide["domestic"],
            "gross_exports_usd_millions": total,
            # no exports, no share (never 0/0 read as 0)
            "foreign_owned_export_share": (wide["foreign"] / total).where(total > 0),
        }
    )
    if lineage.COLUMN in rows.columns:
        out[lineage.COLUMN] = lineage.aggregate(rows, ["industry_code", "year"])
    out = out.reset_index()
    out.insert(0, "host_code", host)
    order = {code: i for i, code in enumerate(INDUSTRY_CODES)}
    out = out.sort_values(
        ["industry_code", "year"], key=lambda s: s.map(order) if s.name == "industry_code" else s
    )
    return out[_columns(rows)].reset_index(drop=True)


def total_over_industries(
    by_ownership: pd.DataFrame, host: str = "CHN", industries=INDUSTRY_CODES
) -> pd.DataFrame:
    """:func:`foreign_owned_export_share` over a set of ``industries`` taken together (all 34
    by default: the economy's total, since the groups do not overlap), by year.

    ``industry_code`` is ``TOTAL`` for all 34, ``MANUFACTURING`` for the 16 manufacturing
    groups, else the codes joined by '+'. A year lacking one of the industries is an error.
    ``raw_file_ids`` (when the input has it): those of the industries' rows of the year.
    """
    shares = foreign_owned_export_share(by_ownership, host)
    chosen = shares[shares["industry_code"].isin(industries)]
    counts = chosen.groupby("year")["industry_code"].nunique()
    short = counts[counts < len(set(industries))]
    if not short.empty:
        raise ValueError(
            f"{host} {int(short.index[0])}: only {int(short.iloc[0])} of the "
            f"{len(set(industries))} industries are in the table"
        )
    sums = chosen.groupby("year")[
        ["foreign_owned_exports_usd_millions", "domestic_owned_exports_usd_millions"]
    ].sum()
    sums["gross_exports_usd_millions"] = sums.sum(axis=1)
    if lineage.COLUMN in chosen.columns:
        sums[lineage.COLUMN] = lineage.aggregate(chosen, "year")
    sums["foreign_owned_export_share"] = (
        sums["foreign_owned_exports_usd_millions"] / sums["gross_exports_usd_millions"]
    ).where(sums["gross_exports_usd_millions"] > 0)
    if tuple(industries) == INDUSTRY_CODES:
        label = "TOTAL"
    elif tuple(industries) == MANUFACTURING:
        label = "MANUFACTURING"
    else:
        label = "+".join(industries)
    out = sums.reset_index().assign(host_code=host, industry_code=label)
    return out[_columns(chosen)]
