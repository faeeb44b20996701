"""B1 findings: the sentences the report shows in "Beyond the study".

Plain-language sentences with the computed numbers, one function per finding: China against
the other partners, whether China's fall was matched elsewhere, the study's other named
economies, the US-Asia imbalance, and the processing share of China's trade.
"""

from __future__ import annotations

import math

import pandas as pd

from chinatrade import i18n
from chinatrade.i18n import join_items, tr

from .common import PROCESSING_DEFINITIONS, SUM_ALL, SUM_OTHERS, gap_note, shown_label


def _bn(value: float) -> str:
    return tr("n/a") if value is None or pd.isna(value) else f"{value:,.1f}"


def _pct(value: float) -> str:
    return tr("n/a") if value is None or pd.isna(value) else f"{value:.1f}%"


def _signed(value: float) -> str:
    return tr("n/a") if pd.isna(value) else f"{value:+,.1f}"


def _period_text(period_label: str) -> str:
    """'2018', or 'Jan-Oct 2023' for F3's label '2023 Jan-Oct (partial)' (current language)."""
    label = str(period_label)
    if not label.endswith(" (partial)"):
        return tr("{calendar_year}", calendar_year=label)
    year, _, months = label.removesuffix(" (partial)").partition(" ")
    months = "-".join(tr(m) if i18n.has(m) else m for m in months.split("-"))
    return tr("{months} {calendar_year}", months=months, calendar_year=year)


def findings(results: dict[str, pd.DataFrame], spec: dict) -> list[str]:
    """Plain-language sentences with the computed numbers, for the report's summary.

    Works on the tables as ``compute`` returns them or as read back from their CSV files.
    The sentences are in the current language (``i18n``); the numbers are the same.
    """
    change = results["deficit_change"].set_index("partner")
    counted = change[change["counted_in_partner_sum"].astype(str) == "True"]
    sentences = []
    if spec["china"] in change.index:
        sentences += _china_and_the_others(change, counted, spec)
        sentences += _china_fall_matched(change, counted, spec)
    sentences += _memo_economies(change, results["main"], spec)
    sentences += _asia_imbalance(results["asia_shares"], spec)
    shares = results["processing_share"]
    sentences += _processing_shares(shares, spec)
    trend = _processing_trend(shares)
    if trend:
        sentences.append(trend)
    return sentences


def _china_and_the_others(change: pd.DataFrame, counted: pd.DataFrame, spec: dict) -> list:
    """1. China against the others: the change of the US deficit with China, and with the
    partners where it rose or fell."""
    first, last = int(spec["first_year"]), int(spec["last_year"])
    china = spec["china"]
    others = counted.drop(index=china, errors="ignore")
    sentences = []
    c = change.loc[china]
    name = shown_label(c["partner_label"])
    rises = others[others["change_usd_billions"] > 0].sort_values(
        "change_usd_billions", ascending=False
    )
    falls = others[others["change_usd_billions"] < 0]
    fields = {
        "partner": name,
        "first_value": _bn(c["us_deficit_first_year_usd_billions"]),
        "first": first,
        "last_value": _bn(c["us_deficit_last_year_usd_billions"]),
        "last": last,
        "change": _signed(c["change_usd_billions"]),
    }
    text = (
        tr(
            "The US goods deficit with {partner} fell from USD {first_value} bn in {first} "
            "to {last_value} bn in {last} ({change} bn)",
            **fields,
        )
        if c["change_usd_billions"] < 0
        else tr(
            "The US goods deficit with {partner} rose from USD {first_value} bn in {first} "
            "to {last_value} bn in {last} ({change} bn)",
            **fields,
        )
    )
    if not rises.empty:
        listing = join_items(
            (
                tr(
                    "{partner} from {first_value} to {last_value} bn",
                    partner=shown_label(r.partner_label),
                    first_value=_bn(r.us_deficit_first_year_usd_billions),
                    last_value=_bn(r.us_deficit_last_year_usd_billions),
                )
                for r in rises.itertuples()
            ),
            "{listing}, {item}",
        )
        text = tr("{text}, while it rose with {listing}", text=text, listing=listing)
    if not falls.empty:
        listing = join_items(
            (
                tr(
                    "{partner} ({change} bn)",
                    partner=shown_label(r.partner_label),
                    change=_signed(r.change_usd_billions),
                )
                for r in falls.itertuples()
            ),
            "{listing}, {item}",
        )
        text = tr("{text}; it fell with {listing}", text=text, listing=listing)
    sentences.append(tr("{text} (US Census, US-reported).", text=text))
    return sentences


def _china_fall_matched(change: pd.DataFrame, counted: pd.DataFrame, spec: dict) -> list:
    """2. Was China's fall matched by the changes with the other listed partners?"""
    first, last = int(spec["first_year"]), int(spec["last_year"])
    c = change.loc[spec["china"]]
    name = shown_label(c["partner_label"])
    sentences = []
    total, rest = change.loc[SUM_ALL], change.loc[SUM_OTHERS]
    ratio = rest["change_as_pct_of_china_deficit_fall"]
    if c["change_usd_billions"] < 0 and not pd.isna(ratio):
        shift = {
            "partner": name,
            "change": _signed(rest["change_usd_billions"]),
            "ratio": ratio,
        }
        if ratio > 105:
            matched = tr(
                "was more than matched by the change of USD {change} bn with the other "
                "listed partners ({ratio:.0f}% of {partner}'s fall)",
                **shift,
            )
        elif ratio >= 95:
            matched = tr(
                "was matched by the change of USD {change} bn with the other listed "
                "partners ({ratio:.0f}% of {partner}'s fall)",
                **shift,
            )
        elif ratio > 0:
            matched = tr(
                "was only partly matched by the change of USD {change} bn with the other "
                "listed partners ({ratio:.0f}% of {partner}'s fall)",
                **shift,
            )
        else:
            matched = tr(
                "was not matched by the change of USD {change} bn with the other listed "
                "partners ({ratio:.0f}% of {partner}'s fall)",
                **shift,
            )
        # a before/after comparison describes; it cannot say what the tariffs caused
        verdict = tr(
            "The study expected part of the US deficit to move from {partner} to other "
            "economies; a comparison of two years describes such a shift but does not show "
            "what caused it.",
            partner=name,
        )
        sentences.append(
            tr(
                "{partner}'s fall of USD {fall} bn {matched}: the US deficit with all "
                "{count} listed partners went from USD {total_first} bn to {total_last} bn, "
                "and {partner}'s share of it from {share_first} to {share_last}. {verdict}",
                partner=name,
                fall=_bn(-c["change_usd_billions"]),
                matched=matched,
                count=len(counted),
                total_first=_bn(total["us_deficit_first_year_usd_billions"]),
                total_last=_bn(total["us_deficit_last_year_usd_billions"]),
                share_first=_pct(c["share_of_partner_sum_first_year_pct"]),
                share_last=_pct(c["share_of_partner_sum_last_year_pct"]),
                verdict=verdict,
            )
        )
    elif not pd.isna(c["change_usd_billions"]):
        sentences.append(
            tr(
                "The US deficit with {partner} did not fall between {first} and {last}, so "
                "these data show no shift of the deficit away from {partner}.",
                partner=name,
                first=first,
                last=last,
            )
        )
    return sentences


def _memo_economies(change: pd.DataFrame, main: pd.DataFrame, spec: dict) -> list:
    """3. The study's named economies shown as memo rows (not counted in the partner sum)."""
    first, last = int(spec["first_year"]), int(spec["last_year"])
    sentences = []
    memo = change[
        (change["counted_in_partner_sum"].astype(str) != "True")
        & ~change.index.isin([SUM_ALL, SUM_OTHERS])
    ]
    if not memo.empty:
        parts = []
        for r in memo.itertuples():
            label = shown_label(r.partner_label)
            rows = main[main["partner"] == r.Index]
            if pd.isna(r.change_usd_billions):
                # the latest year with data, instead of nothing
                known = rows.dropna(subset=["us_deficit_usd_billions"])
                known = known.set_index("year")["us_deficit_usd_billions"]
                if first in known.index and known.index.max() > first:
                    latest = int(known.index.max())
                    parts.append(
                        tr(
                            "{partner} {first_value} -> {latest_value} bn, {first} -> {latest} "
                            "(no {last} data)",
                            partner=label,
                            first_value=_bn(known[first]),
                            latest_value=_bn(known[latest]),
                            first=first,
                            latest=latest,
                            last=last,
                        )
                    )
                else:
                    parts.append(
                        tr(
                            "{partner}: not computable ({note})",
                            partner=label,
                            note=gap_note(rows, first, last, tr),
                        )
                    )
            else:
                parts.append(
                    tr(
                        "{partner} {first_value} -> {last_value} bn",
                        partner=label,
                        first_value=_bn(r.us_deficit_first_year_usd_billions),
                        last_value=_bn(r.us_deficit_last_year_usd_billions),
                    )
                )
        sentences.append(
            tr(
                "Of the other economies the study names, the US deficit {first} -> {last} was: "
                "{parts}.",
                first=first,
                last=last,
                parts=join_items(parts, "{listing}; {item}"),
            )
        )
    return sentences


def _asia_imbalance(asia: pd.DataFrame, spec: dict) -> list:
    """4. The US-Asia imbalance and the shares of China and Japan in it."""
    first = int(spec["first_year"])
    sentences = []
    if not asia.empty:
        a_first, a_last = int(spec["asia"]["first_year"]), int(spec["asia"]["last_year"])
        level = asia.drop_duplicates("year").set_index("year")["us_deficit_with_asia_usd_billions"]
        d_first, d_last = level.get(a_first, math.nan), level.get(a_last, math.nan)
        d_ref = level.get(first, math.nan)
        pct = 100 * (d_last - d_ref) / d_ref if d_ref > 0 else math.nan
        text = tr(
            "The US deficit with Asia (Census aggregate {code}, which includes the Middle East "
            "and South Asia) was USD {d_first} bn in "
            "{a_first}, {d_ref} bn in {first} and {d_last} bn in {a_last} ({change}% since "
            "{first})",
            code=spec["asia"]["code"],
            d_first=_bn(d_first),
            a_first=a_first,
            d_ref=_bn(d_ref),
            first=first,
            d_last=_bn(d_last),
            a_last=a_last,
            change=_signed(pct),
        )
        # descriptive: larger, about the same (within 5%) or smaller than before the tariffs;
        # what the tariffs caused a comparison of years cannot say
        if pct >= 5:
            text = tr("{text}: larger than before the tariffs", text=text)
        elif pct > -5:
            text = tr("{text}: about the same as before the tariffs", text=text)
        elif pct <= -5:
            text = tr("{text}: smaller than before the tariffs", text=text)
        share_parts = []
        for _partner, rows in asia.groupby("partner", sort=False):
            s = rows.set_index("year")["share_of_us_asia_deficit_pct"]
            share_parts.append(
                tr(
                    "{partner}'s share of it went from {share_a} ({a_first}) to {share_ref} "
                    "({first}) and {share_last} ({a_last})",
                    partner=shown_label(rows["partner_label"].iloc[0]),
                    share_a=_pct(s.get(a_first)),
                    a_first=a_first,
                    share_ref=_pct(s.get(first)),
                    first=first,
                    share_last=_pct(s.get(a_last)),
                    a_last=a_last,
                )
            )
        sentences.append(
            tr("{text}; {shares}.", text=text, shares=join_items(share_parts, "{listing}; {item}"))
        )
        total = _total_deficit_shares(asia, first)
        if total:
            sentences.append(total)
    return sentences


def _total_deficit_shares(asia: pd.DataFrame, first: int) -> str:
    """Asia's and each partner's share of the total US goods deficit (Census aggregate of
    all partners), in the first year and the last year the total is in the data."""
    if "asia_share_of_us_total_deficit_pct" not in asia:
        return ""
    known = asia.dropna(subset=["asia_share_of_us_total_deficit_pct"])
    if known.empty:
        return ""
    years = sorted(known["year"].astype(int).unique())
    start = first if first in years else years[0]
    end = years[-1]
    level = known.drop_duplicates("year").set_index("year")
    parts = [
        tr(
            "Asia {start_share} -> {end_share}",
            start_share=_pct(level.at[start, "asia_share_of_us_total_deficit_pct"]),
            end_share=_pct(level.at[end, "asia_share_of_us_total_deficit_pct"]),
        )
    ]
    for _partner, rows in known.groupby("partner", sort=False):
        s = rows.set_index("year")["share_of_us_total_deficit_pct"]
        parts.append(
            tr(
                "{partner} {start_share} -> {end_share}",
                partner=shown_label(rows["partner_label"].iloc[0]),
                start_share=_pct(s.get(start)),
                end_share=_pct(s.get(end)),
            )
        )
    return tr(
        "As shares of the total US goods deficit (USD {start_total} bn in {start}, {end_total} "
        "bn in {end}; the Census total is in these data to {end}): {parts}.",
        start_total=_bn(level.at[start, "us_deficit_total_usd_billions"]),
        end_total=_bn(level.at[end, "us_deficit_total_usd_billions"]),
        start=start,
        end=end,
        parts=join_items(parts, "{listing}; {item}"),
    )


def _processing_shares(shares: pd.DataFrame, spec: dict) -> list:
    """5. The processing share of China's total trade and imports, by definition."""
    sentences = []
    labels = spec["processing"].get("definition_short_labels", {})
    for flow in ("trade", "imports"):
        rows = shares[shares["flow"] == flow]
        if rows.empty:
            continue
        parts = []
        for definition in PROCESSING_DEFINITIONS:
            d = rows[rows["definition"] == definition].sort_values(["year", "period"])
            if d.empty:
                continue
            listing = join_items(
                (
                    tr(
                        "{share} in {period}",
                        share=_pct(r.processing_share_pct),
                        period=_period_text(r.period_label),
                    )
                    for r in d.itertuples()
                ),
                "{listing}, {item}",
            )
            parts.append(
                tr(
                    "{definition}: {listing}",
                    definition=tr(labels.get(definition, definition)),
                    listing=listing,
                )
            )
        if parts:
            sentences.append(
                tr(
                    "Processing trade's share of China's total trade (China Customs): {parts}."
                    if flow == "trade"
                    else "Processing trade's share of China's imports (China Customs): {parts}.",
                    parts=join_items(parts, "{listing}; {item}"),
                )
            )
    return sentences


def _processing_trend(shares: pd.DataFrame) -> str:
    """Whether the customs processing share of trade fell from the first to the last point."""
    rows = shares[(shares["flow"] == "trade") & (shares["definition"] == "customs")]
    rows = rows.sort_values(["year", "period"])
    if len(rows) < 2:
        return ""
    a, b = rows.iloc[0], rows.iloc[-1]
    change = b["processing_share_pct"] - a["processing_share_pct"]
    span = {
        "share_first": _pct(a["processing_share_pct"]),
        "period_first": _period_text(a["period_label"]),
        "share_last": _pct(b["processing_share_pct"]),
        "period_last": _period_text(b["period_label"]),
    }
    if change < 0:
        return tr(
            "Customs processing trade fell from {share_first} of China's trade in "
            "{period_first} to {share_last} in {period_last}: processing trade is giving way "
            "to ordinary trade, as the study expected.",
            **span,
        )
    return tr(
        "Customs processing trade went from {share_first} of China's trade in {period_first} "
        "to {share_last} in {period_last}: no retreat of processing trade in these data.",
        **span,
    )
