"""Lists of years: consecutive runs, and the runs as text ('2000-2003, 2005')."""

from __future__ import annotations


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
