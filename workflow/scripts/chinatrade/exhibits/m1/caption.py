"""M1's text fields, from its tables (chinatrade/captions.py): the years of BEA's sales
(revised or preliminary) and of the OECD's output by owner."""

from __future__ import annotations

import pandas as pd

from chinatrade.i18n import tr
from chinatrade.years import years_text

# BEA's status of a year's figures (column bea_release) -> its words, ``{years}`` the years
RELEASES = {"revised": "{years} revised", "preliminary": "{years} preliminary"}


def _release_years(main: pd.DataFrame) -> dict[str, list[int]]:
    """BEA status -> its years, the statuses in the order of their first year."""
    ordered = main.sort_values("year", kind="stable")
    years: dict[str, list[int]] = {}
    for year, release in zip(ordered["year"], ordered["bea_release"], strict=True):
        if release not in RELEASES:
            raise ValueError(
                f"M1: BEA release {release!r} of {int(year)} is not one of {list(RELEASES)}"
            )
        years.setdefault(release, []).append(int(year))
    return years


def values(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, object]:
    """``sales_first``/``sales_last``: the years of panel (a) (table ``main``);
    ``bea_status``: which of them BEA gives as revised and which as preliminary, in the
    reader's language ('2016-2017 revised, 2018-2019 preliminary'); ``bea_preliminary``:
    '; 2018-2019 preliminary', '' when no year is preliminary; ``output_first``/``output_last``:
    the years of the OECD's output by owner (table ``output_by_owner``); ``first``/``last``:
    those of either, for the figure title."""
    main, output = tables["main"], tables["output_by_owner"]
    releases = _release_years(main)
    parts = [tr(RELEASES[release], years=years_text(years)) for release, years in releases.items()]
    status = parts[0]
    for part in parts[1:]:
        status = tr("{earlier}, {later}", earlier=status, later=part)
    preliminary = releases.get("preliminary")
    years = pd.concat([main["year"], output["year"]])
    return {
        "sales_first": int(main["year"].min()),
        "sales_last": int(main["year"].max()),
        "bea_status": status,
        "bea_preliminary": (
            tr("; {years} preliminary", years=years_text(preliminary)) if preliminary else ""
        ),
        "output_first": int(output["year"].min()),
        "output_last": int(output["year"].max()),
        "first": int(years.min()),
        "last": int(years.max()),
    }
