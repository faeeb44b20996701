"""F7's claims: our values for the study's claim ids."""

from __future__ import annotations

import math

import pandas as pd

from chinatrade import texts
from chinatrade.i18n import join_items, join_sentences, text_of, tr, verbatim
from chinatrade.replication import CLAIM_COLUMNS, OPTIONAL_CLAIM_COLUMNS, alternatives, claim_row

from . import caption
from .checks import _require
from .compute import _value, first_surplus_years


def _fmt(value: float, digits: int = 2) -> str:
    return tr("n/a") if value is None or math.isnan(value) else f"{value:.{digits}f}"


def claims(results: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame:
    """Our values for the F7 claims (C54-C62; ids from ``spec['claims']``).

    The Asia claims use the series named by ``spec['claims_series']`` (US-reported DOTS: the
    only source before 1985, and the study's source; the members the study documents, see
    ``claims_series_note`` of the text file); column ``alternatives`` gives the same
    statistic in every other series. The China-US claims use DOTS from both sides.
    ``our_text`` and ``explanation`` are in the current language (``i18n``).
    """
    ids = _require(spec, "claims")
    main, china_us = results["main"], results["china_us"]
    points = results["checkpoints"]
    growth = results["growth"].set_index("reporter_side")
    years = spec["claim_years"]
    china, japan = spec["china"], spec["japan"]
    series = spec["claims_series"]
    series_spec = spec["asia_series"][series]
    label = series_spec["label"]
    # the years the vintages name are those of the tables (caption.py)
    text_values = caption.years(results, spec)
    vintage = texts.fill(spec["vintages"]["dots"], text_values, "F7.vintages.dots")
    census_vintage = texts.fill(spec["vintages"]["census"], text_values, "F7.vintages.census")
    both_vintages = f"{vintage}; {census_vintage}"
    kind_source = "census" if series_spec["kind"].startswith("census") else "dots"
    series_source = spec["source_labels"][kind_source]
    dots_source = spec["source_labels"]["dots"]
    census_years = main.loc[main["source"] == spec["source_labels"]["census"], "year"]
    census_first = int(census_years.min()) if len(census_years) else math.inf

    # the series' short labels as texts of the exhibit's text file (shown in the language
    # of the report): the short label where the English file gives one, else the label
    short_labels = {
        n: text_of(s[key], "exhibits/F7", "asia_series", n, key)
        for n, s in spec["asia_series"].items()
        for key in ["short_label" if "short_label" in s else "label"]
    }

    def point(series_name: str, statistic: str) -> float:
        row = points[(points["asia_series"] == series_name) & (points["statistic"] == statistic)]
        return float(row["value"].iloc[0]) if len(row) else math.nan

    def others(statistic: str) -> str:
        """The same statistic in the other Asia series: the claim's other definitions."""
        return alternatives(
            (short_labels[name], point(name, statistic))
            for name in spec["asia_series"]
            if name != series
        )

    # why the headline series is the study's definition (a text of the exhibit's text file)
    series_note = (
        text_of(spec["claims_series_note"], "exhibits/F7", "claims_series_note")
        if spec.get("claims_series_note")
        else ""
    )

    rows = []
    own = china_us[china_us["reporter_side"] == "own"].set_index("year")
    mirror = china_us[china_us["reporter_side"] == "mirror"].set_index("year")

    # C54: peak of the US share in China's exports, China-reported.
    window = spec["china_export_share"]
    first, last = window["peak_first_year"], window["peak_last_year"]
    shares = own.loc[first:last, "us_share_of_china_exports_pct"].dropna()
    peak_year, peak = int(shares.idxmax()), float(shares.max())
    named_year = int(window["study_peak_year"])
    named = float(shares.get(named_year, math.nan))
    rows.append(
        claim_row(
            ids["export_share_peak"],
            empty=None,
            reporter_side="own",
            our_value=round(peak, 2),
            our_text=tr(
                "{peak:.2f} in {peak_year} ({named_year}: {named})",
                peak=peak,
                peak_year=peak_year,
                named_year=named_year,
                named=_fmt(named),
            ),
            unit="percent",
            source=dots_source,
            vintage=vintage,
            definition=(
                "China's exports FOB to the US / to the World x 100, China-reported; highest "
                f"year in {first}-{last}"
            ),
            explanation=(
                tr(
                    "The peak year in this DOTS vintage is {peak_year}; {named_year} is "
                    "{gap:.2f} points lower, so the level matches but the year depends on the "
                    "vintage (China Customs may differ).",
                    peak_year=peak_year,
                    named_year=named_year,
                    gap=peak - named,
                )
                if peak_year != named_year
                else tr(
                    "The peak year in this DOTS vintage is {peak_year}, as in the study.",
                    peak_year=peak_year,
                )
            ),
        )
    )

    # C55: growth of the US deficit with Asia.
    start, end = years["deficit_growth_first"], years["deficit_growth_last"]
    ratio_statistic = f"deficit {end} / deficit {start}"
    ratio = point(series, ratio_statistic)
    rows.append(
        claim_row(
            ids["deficit_growth"],
            empty=None,
            reporter_side="own",
            our_value=round(ratio, 2),
            our_text=tr(
                "ratio {ratio} (an increase by {increase} times): {first} -> {last} billion USD",
                ratio=_fmt(ratio, 1),
                increase=_fmt(ratio - 1, 1),
                first=_fmt(point(series, f"US deficit with Asia {start}"), 3),
                last=_fmt(point(series, f"US deficit with Asia {end}"), 2),
            ),
            unit="times",
            source=series_source,
            vintage=vintage,
            definition=(
                f"US deficit with Asia ({label}) in {end} / in {start}, US-reported DOTS "
                "(no Census data before 1985)"
            ),
            explanation=join_sentences(
                series_note,
                tr(
                    "The 1965 deficit is tiny, so the ratio swings with the economies summed "
                    "(other definitions beside)."
                ),
            ),
            alternatives=others(ratio_statistic),
        )
    )

    def share_claim(key: str, partner: str, partner_name: str, year: int, note: str) -> dict:
        statistic = f"{partner_name} share of US-Asia deficit {year}"
        value = point(series, statistic)
        return claim_row(
            ids[key],
            empty=None,
            reporter_side="own",
            our_value=round(value, 2),
            our_text=_fmt(value),
            unit="percent",
            source=series_source,
            vintage=vintage if year < census_first else both_vintages,
            definition=(
                f"US deficit with {partner} / US deficit with Asia ({label}) x 100, {year}, "
                "US-reported"
            ),
            explanation=join_sentences(
                series_note,
                tr("Depends on which economies make up Asia (other definitions beside)."),
                note,
            ),
            alternatives=others(statistic),
        )

    year = years["japan_share_early"]
    in_100m = {
        name: 10 * point(name, f"US deficit with Asia {year}")
        for name in spec["asia_series"]
        if not math.isnan(point(name, f"US deficit with Asia {year}"))
    }
    japan_deficit = -_value(main, series, japan, year, "us_balance_with_partner_usd_millions") / 100
    rows.append(
        share_claim(
            "japan_share_early",
            japan,
            "Japan",
            year,
            tr(
                "The {year} levels in 100 million USD, to compare with the study's text: Japan "
                "{japan:.1f}; Asia {asia} (the study's text prints levels ten times these: a "
                "decimal slip, see BRIEF.md).",
                year=year,
                japan=japan_deficit,
                asia=join_items(
                    (
                        verbatim("{label} {value:.1f}", label=short_labels[n], value=v)
                        for n, v in in_100m.items()
                    ),
                    "{listing}, {item}",
                ),
            ),
        )
    )

    # C57: "China began its surplus with the US in <year>", a threshold on the yearly balance
    rows.append(
        _first_surplus_claim(
            ids["first_surplus_year"],
            mirror["china_surplus_with_us_usd_millions"],
            own["china_surplus_with_us_usd_millions"],
            years["surplus_year"],
            {"source": dots_source, "vintage": vintage},
        )
    )
    year = years["surplus_year"]
    g_mirror, g_own = growth.loc["mirror"], growth.loc["own"]
    growth_span = f"{int(g_mirror['first_year'])}-{int(g_mirror['last_year'])}"
    ten_times_base_growth = 100 * (
        (
            g_mirror["surplus_last_year_usd_millions"]
            / (10 * g_mirror["surplus_first_year_usd_millions"])
        )
        ** (1 / (g_mirror["last_year"] - g_mirror["first_year"]))
        - 1
    )
    yearly = (
        mirror["china_surplus_with_us_usd_millions"]
        .loc[g_mirror["first_year"] : g_mirror["last_year"]]
        .pct_change()
        .mul(100)
    )
    surplus_mirror = mirror.loc[year, "china_surplus_with_us_usd_millions"] / 1000
    surplus_own = own.loc[year, "china_surplus_with_us_usd_millions"] / 1000
    rows.append(
        claim_row(
            ids["surplus_first_year"],
            empty=None,
            our_value=round(surplus_mirror, 3),
            our_text=tr(
                "{mirror:.3f} (US-reported); China-reported: {own:.3f}",
                mirror=surplus_mirror,
                own=surplus_own,
            ),
            unit="billion USD",
            source=dots_source,
            reporter_side="mirror",
            vintage=vintage,
            definition=f"China's surplus with the US in {year}, US-reported (mirror)",
            explanation=tr(
                "US data give {in_100m:.2f} in 100 million USD, a tenth of the study's figure: "
                "a decimal slip in the study (BRIEF.md); from a base ten times larger the "
                "{span} compound growth would be {growth}% a year, far below the growth the "
                "study reports. China's own data show a balance of {own:.2f} billion.",
                in_100m=10 * surplus_mirror,
                span=growth_span,
                growth=_fmt(ten_times_base_growth, 1),
                own=surplus_own,
            ),
        )
    )

    # C59: average growth of the surplus, both definitions and both sides.
    rows.append(
        claim_row(
            ids["surplus_growth"],
            empty=None,
            our_value=round(float(g_mirror["growth_compound_pct_per_year"]), 2),
            our_text=tr(
                "compound {compound}, mean of yearly rates {mean} (US-reported); "
                "China-reported: {own} ({note})",
                compound=_fmt(g_mirror["growth_compound_pct_per_year"]),
                mean=_fmt(g_mirror["growth_mean_of_yearly_pct_per_year"]),
                own=_fmt(g_own["growth_compound_pct_per_year"]),
                note=tr(g_own["note"]),
            ),
            unit="percent per year",
            source=dots_source,
            reporter_side="mirror",
            vintage=vintage,
            definition=(
                "compound annual growth of China's surplus with the US, "
                f"{int(g_mirror['first_year'])}-{int(g_mirror['last_year'])}, US-reported"
            ),
            explanation=tr(
                "The study's rate is the compound growth of the US-reported surplus; the mean of "
                "yearly rates is higher (one jump of {jump:.0f}% in {year}), and China's own "
                "balance changes sign in the window, so it has no growth rate.",
                jump=yearly.max(),
                year=int(yearly.idxmax()),
            ),
        )
    )
    rows.append(
        share_claim(
            "china_share_first",
            china,
            "China",
            years["china_share_first"],
            tr("Census data start in {year}, so only DOTS covers this year.", year=census_first),
        )
    )
    for key, partner, name in (
        ("china_share_last", china, "China"),
        ("japan_share_last", japan, "Japan"),
    ):
        rows.append(
            share_claim(
                key,
                partner,
                name,
                years["last"],
                tr("Census's Asia aggregate also holds the Middle East and South Asia."),
            )
        )
    return pd.DataFrame(rows, columns=[*CLAIM_COLUMNS, *OPTIONAL_CLAIM_COLUMNS])


def _first_surplus_claim(
    claim_id: str, mirror: pd.Series, own: pd.Series, claimed: int, provenance: dict
) -> dict:
    """C57 as the threshold it states: China's balance with the US above zero in every year
    from ``claimed`` on and in none before, US-reported (the study's IMF source). Our value is
    the first year of a surplus; the margin the worst year's distance from zero (USD billion,
    positive where the statement holds)."""
    surplus = mirror.dropna().sort_index() / 1000
    before, since = surplus[surplus.index < claimed], surplus[surplus.index >= claimed]
    breaks = pd.concat([before[before > 0], since[since <= 0]]).sort_index()
    margin = min([*(-before), *since])
    first_any = first_surplus_years(surplus)["first_any"]
    fields = {
        "claimed": claimed,
        "first_any": _fmt(first_any, 0),
        "unbroken": _fmt(first_surplus_years(surplus)["first_unbroken"], 0),
        "own": _fmt(first_surplus_years(own)["first_unbroken"], 0),
        "breaks": join_items(
            (verbatim("{year} ({value:+.3f})", year=int(y), value=v) for y, v in breaks.items()),
            "{listing}, {item}",
        ),
    }
    if breaks.empty:
        text = tr(
            "US-reported: a Chinese surplus in every year from {claimed} and in none before; "
            "China-reported: from {own}",
            **fields,
        )
        explanation = tr(
            "Read as a threshold on the yearly balance (above zero from {claimed} on, not "
            "before), the statement holds in US-reported (mirror) data; China's own data show "
            "surpluses only from {own}.",
            **fields,
        )
    else:
        text = tr(
            "US-reported: first surplus {first_any}; years against the statement: {breaks} "
            "(balance, USD billion); unbroken surpluses from {unbroken}; China-reported: from "
            "{own}",
            **fields,
        )
        explanation = tr(
            "Read as a threshold on the yearly balance (above zero from {claimed} on, not "
            "before), the statement fails in US-reported (mirror) data, the study's IMF source: "
            "small Chinese surpluses in {breaks} (USD billion); the unbroken run of surpluses "
            "starts in {unbroken}. China's own data show surpluses only from {own}.",
            **fields,
        )
    return claim_row(
        claim_id,
        empty=None,
        our_value=first_any,
        our_text=text,
        satisfied=bool(breaks.empty),
        margin=round(margin, 4),
        margin_unit="billion USD",
        unit="year",
        reporter_side="mirror",
        definition=(
            "China's balance with the US above zero in every year from the study's year on and "
            "in none before, US-reported (US imports from China CIF - US exports to China FOB); "
            "our_value is the first year of a surplus"
        ),
        explanation=explanation,
        **provenance,
    )
