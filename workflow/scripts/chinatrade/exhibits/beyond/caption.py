"""B1's caption fields, from its tables (chinatrade/captions.py): the years of panel (a) and
the policy dates that fall after the last year of data, which no panel draws."""

from __future__ import annotations

import pandas as pd

from chinatrade import policy_dates
from chinatrade.i18n import join_and, tr

from .common import group_and_left_out


def values(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, object]:
    """``first``/``last``: the years of the deficits (panel a); ``after_data``: the policy
    dates after the last year of any panel, in the reader's language ('' when none);
    ``groups``: how each partner group of panel (a) is summed when some of its members are
    listed on their own ('; ASEAN-10 summed over its members other than Vietnam'; '' when
    none), from the labels of the table."""
    deficits = tables["main"]["year"]
    last_of_any = max(
        int(tables[name]["year"].max()) for name in ("main", "asia_shares", "processing_share")
    )
    later = [
        label
        for _, position, label in policy_dates.policy_events(spec.get("policy_events"))
        if position > last_of_any + 0.5
    ]
    if not later:
        after_data = ""
    elif len(later) == 1:
        after_data = tr(
            "; the policy date after the last year of data is not drawn ({events})",
            events=later[0],
        )
    else:
        after_data = tr(
            "; the policy dates after the last year of data are not drawn ({events})",
            events="; ".join(later),
        )
    return {
        "first": int(deficits.min()),
        "last": int(deficits.max()),
        "after_data": after_data,
        "groups": _groups(tables["main"]),
    }


def _groups(main: pd.DataFrame) -> str:
    counted = main[main["counted_in_partner_sum"].astype(bool)]
    notes = []
    for label in dict.fromkeys(counted["partner_label"]):
        group, left_out = group_and_left_out(label)
        if left_out:
            notes.append(
                tr(
                    "{group} summed over its members other than {members}",
                    group=tr(group),
                    members=join_and(tr(member) for member in left_out),
                )
            )
    return "".join(tr("; {note}", note=note) for note in notes)
