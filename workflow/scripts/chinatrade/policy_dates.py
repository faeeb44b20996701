"""Where a policy date falls on a year axis, its label, and the check of its config entry.

Apart from :mod:`chinatrade.figures` (which draws the lines) so that the exhibit jobs that only
check a spec's policy dates, and the report's captions, need not import matplotlib.
"""

from __future__ import annotations

import datetime as dt

from chinatrade import i18n, texts


def event_position(event: dict, index: int) -> float:
    """An event's place on a year axis: ``date`` (ISO date) as a fraction of its year, or
    ``year``. Annual values are drawn at their whole year, so a July-2018 line falls between
    the 2018 and 2019 points. Messages name the config key ``policy_events[index]``."""
    key = f"policy_events[{index}]"
    if not isinstance(event, dict) or "label" not in event:
        raise ValueError(f"config '{key}' needs a 'label' and a 'date' or 'year'")
    if "date" in event:
        raw = event["date"]
        try:
            date = raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))
        except ValueError as error:
            raise ValueError(f"config '{key}.date' = {raw!r} is not an ISO date") from error
        days = 366 if (date.year % 4 == 0 and date.year % 100 != 0) or date.year % 400 == 0 else 365
        return date.year + (date.timetuple().tm_yday - 1) / days
    if "year" in event:
        year = event["year"]
        if isinstance(year, bool) or not isinstance(year, int):
            raise ValueError(f"config '{key}.year' = {year!r} is not a whole year")
        return float(year)
    raise ValueError(f"config '{key}' needs a 'date' or a 'year'")


def policy_events(events: list[dict] | None) -> list[tuple[int, float, str]]:
    """(number from 1, position on the year axis, label in the current language) per event:
    the English ``label`` the spec holds, or the event's text in ``policy_events.yaml`` of
    the current language (``chinatrade.texts.event_id``)."""
    return [
        (
            i + 1,
            event_position(event, i),
            i18n.text_of(str(event["label"]), "policy_events", texts.event_id(event)),
        )
        for i, event in enumerate(events or [])
    ]
