"""F1 tables: China's balance by partner, year and reporter side (main), its growth, and
Japan's own statistics of its trade with China (japan_reported)."""

from __future__ import annotations

import pandas as pd

from chinatrade import lineage
from chinatrade.balances import growth_table, partner_balances
from chinatrade.japan_reported import japan_reported_trade

TABLES = [
    "bilateral_dots",
    "census_us_trade_partners_annual",
    "china_bilateral_transcribed",
    "japan_customs_trade",
    "fx_fed_h10",
]


def compute(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, pd.DataFrame]:
    """Tables ``main`` (balance by partner, year and reporter side), ``growth`` and
    ``japan_reported`` (Japan's customs, JPY and USD; empty unless JPN is a partner)."""
    groups, labels = spec["partner_groups"], spec["partner_labels"]
    own = partner_balances(
        tables["bilateral_dots"],
        reporter=spec["reporter"],
        partners=spec["partners"],
        groups=groups,
        first_year=spec["first_year"],
    ).assign(
        reported_by=spec["reporter"],
        valuation="exports FOB, imports CIF (China's statistics)",
        source=spec["source_label"],
    )
    japan = _japan_reported(tables, spec)
    parts = [own, _us_mirror(tables["census_us_trade_partners_annual"], spec)]
    parts.append(_japan_mirror(japan, spec))
    parts.append(_transcribed(tables["china_bilateral_transcribed"], spec))
    main = pd.concat([p for p in parts if not p.empty], ignore_index=True).rename(
        columns={
            "exports_fob_usd_millions": "china_exports_usd_millions",
            "imports_cif_usd_millions": "china_imports_usd_millions",
        }
    )
    main.insert(2, "partner_label", main["partner"].map(labels))
    growth_spec = spec["growth"]
    sign = {p: -1 for p in growth_spec.get("deficit_partners", [])}
    growth = growth_table(own, growth_spec["first_year"], growth_spec["last_year"], sign)
    growth.insert(1, "partner_label", growth["partner"].map(labels))
    growth["reporter_side"] = "own"
    growth["source"] = spec["source_label"]
    return {"main": main, "growth": growth, "japan_reported": japan}


def _us_mirror(census: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """China's balance with the US as the US reports it: US imports - US exports."""
    if "USA" not in spec["partners"]:
        return pd.DataFrame()
    china = census[(census["partner_iso3"] == "CHN") & census["complete_year"]]
    china = china[china["year"] >= spec["first_year"]]
    return pd.DataFrame(
        {
            "reporter_iso3": spec["reporter"],
            "partner": "USA",
            "year": china["year"].to_numpy(),
            # China's exports to the US = US general imports (customs value); China's
            # imports from the US = US exports (F.A.S.)
            "exports_fob_usd_millions": china["imports_general_customs_usd_millions"].to_numpy(),
            "imports_cif_usd_millions": china["exports_fas_usd_millions"].to_numpy(),
            "balance_usd_millions": -china["balance_usd_millions"].to_numpy(),
            "members_expected": 1,
            "members_reporting": 1,
            "reporter_side": "mirror",
            "reported_by": "USA",
            "valuation": "exports = US imports (customs value), imports = US exports (F.A.S.)",
            "source": spec["mirror_source_label"],
            lineage.COLUMN: china[lineage.COLUMN].to_numpy(),
        }
    )


def _japan_reported(tables: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame:
    """Japan's customs statistics of its trade with the reporter (China), JPY and USD."""
    if "JPN" not in spec["partners"]:
        return pd.DataFrame()
    return japan_reported_trade(
        tables["japan_customs_trade"],
        tables["fx_fed_h10"],
        partner=spec["reporter"],
        first_year=spec["first_year"],
    ).assign(source=spec["japan_mirror_source_label"])


def _japan_mirror(japan: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """China's balance with Japan as Japan reports it: Japan's imports - Japan's exports,
    full years with a USD value (the partial latest year stays in ``japan_reported`` only, as
    the US mirror keeps complete years)."""
    if japan.empty:
        return pd.DataFrame()
    full = japan[~japan["is_partial_year"] & japan["balance_usd_millions"].notna()]
    return pd.DataFrame(
        {
            "reporter_iso3": spec["reporter"],
            "partner": "JPN",
            "year": full["year"].to_numpy(),
            # China's exports to Japan = Japan's imports (CIF); China's imports = Japan's
            # exports (FOB)
            "exports_fob_usd_millions": full["imports_cif_usd_millions"].to_numpy(),
            "imports_cif_usd_millions": full["exports_fob_usd_millions"].to_numpy(),
            "balance_usd_millions": -full["balance_usd_millions"].to_numpy(),
            "members_expected": 1,
            "members_reporting": 1,
            "reporter_side": "mirror",
            "reported_by": "JPN",
            "valuation": "exports = Japan's imports (CIF), imports = Japan's exports (FOB); "
            "JPY at the Fed H.10 annual average",
            "source": spec["japan_mirror_source_label"],
            lineage.COLUMN: full[lineage.COLUMN].to_numpy(),
        }
    )


def _transcribed(transcribed: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """China Customs' own balances after the DOTS vintage ends (USD 100 million -> mn).

    Exports minus imports where a release gives both (exact), else the release's balance
    (often rounded); ``status`` says which. A partner-year with only a total trade figure has
    no balance and does not appear.
    """
    first = spec["transcribed_first_year"]
    rows = transcribed[
        transcribed["partner"].isin(spec["partners"])
        & (transcribed["year"] >= first)
        & ~transcribed["is_partial_year"]
    ]
    values = rows.pivot_table(
        index=["partner", "year"], columns="flow", values="value_usd_100m", aggfunc="first"
    )
    if values.empty:
        return pd.DataFrame()
    statuses = rows.pivot_table(
        index=["partner", "year"], columns="flow", values="status", aggfunc="first"
    )
    from_flows = pd.Series(float("nan"), index=values.index)
    if {"exports", "imports"} <= set(values.columns):
        from_flows = values["exports"] - values["imports"]
    balance_row = values["balance"] if "balance" in values else from_flows * float("nan")
    balance = from_flows.fillna(balance_row)
    status = pd.Series("exports - imports", index=values.index).where(
        from_flows.notna(),
        "balance as released: "
        + (statuses["balance"] if "balance" in statuses else pd.Series("", index=values.index))
        .fillna("")
        .astype(str),
    )
    keep = balance.notna()
    ids = rows.groupby(["partner", "year"])[lineage.COLUMN].agg(lineage.join)
    return pd.DataFrame(
        {
            "reporter_iso3": spec["reporter"],
            "partner": balance.index.get_level_values("partner")[keep],
            "year": balance.index.get_level_values("year")[keep],
            "balance_usd_millions": 100 * balance[keep].to_numpy(),
            "reporter_side": "own",
            "reported_by": spec["reporter"],
            "valuation": "China Customs release (USD 100 million)",
            "status": status[keep].to_numpy(),
            "source": spec["transcribed_source_label"],
            lineage.COLUMN: ids.reindex(balance.index[keep]).to_numpy(),
        }
    )
