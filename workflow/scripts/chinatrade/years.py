"""Lists of years: consecutive runs, and the runs as text ('2000-2003, 2005'), also in the
reader's language ('2000-2003年、2005年')."""

from __future__ import annotations

from chinatrade.i18n import join_items, tr


def runs(years: list[int]) -> list[list[int]]:
    """Consecutive years grouped (in the order given), so that a line never bridges a gap."""
    grouped: list[list[int]] = []
    for year in years:
        if grouped and year == grouped[-1][-1] + 1:
            grouped[-1].append(year)
        else:
            grouped.append([year])
    return grouped


def years_text(years) -> str:
    """2015, 2016, 2017 -> '2015-2017'; gaps give several ranges ('2000-2003, 2005')."""
    ordered = sorted(int(y) for y in years)
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs(ordered))


def years_in_words(years) -> str:
    """The years as runs in the reader's language ('2004-2005, 2012'; '' for none)."""
    return join_items(
        (
            tr("{first}-{last}", first=run[0], last=run[-1])
            if len(run) > 1
            else tr("{year}", year=run[0])
            for run in runs(sorted(set(int(y) for y in years)))
        ),
        "{listing}, {item}",
    )
