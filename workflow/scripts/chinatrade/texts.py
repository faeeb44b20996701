"""The reader-facing texts of the exhibits and the regressions, per language, keyed by stable ids.

Config holds settings; the prose of an exhibit (its title, caption, source note, figure labels,
source and vintage wording) lives in ``workflow/report/text/<language>/exhibits/<ID>.yaml``,
that of the regressions in ``workflow/report/text/<language>/regressions.yaml`` (``<spec id>:
{title, note, labels}``), under the same key structure the settings have (``F1.caption``,
``F7.source_labels.census``, ``F5.series.us_in_china.label``; a list, such as F2's
``study_checks``, is matched item by item). Every language's file has the same keys as the
English one; a key that is missing, or one too many, stops the run naming the file and the key.

The study's claims are summarised in English in the study's claims file (config
``study_claims``, ``../shared/paper/claims.csv``, column ``claim``), which is the English text:
another language's summaries are in ``workflow/report/text/<language>/claims.yaml``, keyed by
claim id, with no English file beside them (:func:`claim_summary`). Every id of the claims file
has its summary there and the file names no other id (:func:`check_claim_summaries`).

A value of ``null`` in a language other than English says "shown in English here": the labels
that the exhibit tables record (sources, vintages, check names) are English in every language
for now, and get a translation once the report renders them.

:func:`exhibit_spec` gives an exhibit's spec as its module reads it: the settings with the
English texts merged in (the values the tables record), and under ``text`` the texts in the
report's language (what figures and the report show).
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

import yaml

from chinatrade.i18n import LANGUAGES, SOURCE_LANGUAGE

TEXT_ROOT = Path(__file__).resolve().parents[2] / "report" / "text"


class TextError(KeyError):
    """A text file is missing, malformed, or its keys differ from the English file's."""

    def __str__(self) -> str:  # KeyError would show the repr of the whole message
        return str(self.args[0])


def text_file(name: str, language: str, root: Path | None = None) -> Path:
    """The text file ``name`` (``exhibits/F1``, ``regressions``) of ``language``."""
    if language not in LANGUAGES:
        raise ValueError(f"language {language!r} is not one of {list(LANGUAGES)}")
    return (root or TEXT_ROOT) / language / f"{name}.yaml"


def text_files(name: str, language: str) -> list[str]:
    """The files that the texts of ``name`` in ``language`` are read from (the English one,
    which gives the keys, and the language's own), as paths relative to the project: the
    inputs of the jobs that show them."""
    project = TEXT_ROOT.parents[2]
    languages = dict.fromkeys((SOURCE_LANGUAGE, language))
    return [str(text_file(name, lang).relative_to(project)) for lang in languages]


# libyaml's loader where PyYAML has it (several times faster; the same values): the Snakefile
# reads the text files at every start
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _read(path: Path) -> dict:
    if not path.is_file():
        raise TextError(f"{path}: no such text file")
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    if not isinstance(data, dict):
        raise TextError(f"{path}: expected a mapping of text ids")
    return data


def _check_keys(english, other, key: str, path: Path, english_path: Path) -> None:
    """Fail naming ``path`` and the key id where ``other``'s keys differ from ``english``'s."""
    if isinstance(english, dict):
        if not isinstance(other, dict):
            raise TextError(f"{path}: '{key}' must be a mapping of texts, as in {english_path}")
        for sub in english:
            if sub not in other:
                raise TextError(f"{path}: text '{key}.{sub}' is missing (it is in {english_path})")
        for sub in other:
            if sub not in english:
                raise TextError(f"{path}: text '{key}.{sub}' is not in {english_path}")
        for sub in english:
            _check_keys(english[sub], other[sub], f"{key}.{sub}", path, english_path)
    elif isinstance(english, list):
        if not isinstance(other, list) or len(other) != len(english):
            raise TextError(
                f"{path}: '{key}' must be a list of {len(english)} items, as in {english_path}"
            )
        for i, (a, b) in enumerate(zip(english, other, strict=True)):
            _check_keys(a, b, f"{key}[{i}]", path, english_path)
    elif not isinstance(english, str):
        raise TextError(f"{english_path}: text '{key}' must be a text, got {english!r}")
    elif other is not None and not isinstance(other, str):
        raise TextError(f"{path}: text '{key}' must be a text or null, got {other!r}")


def _fill(english, other):
    """``other`` with its nulls replaced by the English text."""
    if isinstance(english, dict):
        return {k: _fill(english[k], other[k]) for k in english}
    if isinstance(english, list):
        return [_fill(a, b) for a, b in zip(english, other, strict=True)]
    return english if other is None else other


def texts(name: str, language: str, root: Path | None = None) -> dict:
    """The texts of ``name`` in ``language``, checked against the English file's keys.

    Key ids in errors start with the file's own id (``F1.caption``, ``wiod_by_year.title``)."""
    english_path = text_file(name, SOURCE_LANGUAGE, root)
    english = _read(english_path)
    prefix = name.split("/")[-1]
    if language == SOURCE_LANGUAGE:
        _check_keys(english, english, prefix, english_path, english_path)
        return copy.deepcopy(english)
    path = text_file(name, language, root)
    other = _read(path)
    _check_keys(english, other, prefix, path, english_path)
    return copy.deepcopy(_fill(english, other))


def exhibit_text(exhibit: str, language: str, root: Path | None = None) -> dict:
    """The texts of one exhibit in ``language``."""
    return texts(f"exhibits/{exhibit}", language, root)


def regression_text(spec_id: str, language: str, root: Path | None = None) -> dict:
    """The texts (title, note, labels) of one regression in ``language``."""
    entries = texts("regressions", language, root)
    if spec_id not in entries:
        path = text_file("regressions", SOURCE_LANGUAGE, root)
        raise TextError(f"{path}: no texts for regression '{spec_id}'")
    return entries[spec_id]


def event_id(event: dict) -> str:
    """The id of a policy event (config ``policy_events``) in its text file: its date
    (``2018-07-06``), or its year."""
    return str(event["date"] if "date" in event else event.get("year"))


def policy_events(events: list[dict], root: Path | None = None) -> list[dict]:
    """The config's policy events with their English labels (``policy_events.yaml``, keyed
    by :func:`event_id`); a figure shows them in its language (``chinatrade.figures``)."""
    labels = texts("policy_events", SOURCE_LANGUAGE, root)
    path = text_file("policy_events", SOURCE_LANGUAGE, root)
    for i, event in enumerate(events):
        if event_id(event) not in labels:
            raise TextError(f"{path}: no label for policy_events[{i}] '{event_id(event)}'")
    return [dict(event, label=labels[event_id(event)]) for event in events]


CLAIMS = "claims"


def claim_text_files(language: str) -> list[str]:
    """The file of the study's claims' summaries in ``language``, relative to the project: none
    in English, whose summaries are the claims file's own (an input of the report job)."""
    if language == SOURCE_LANGUAGE:
        return []
    return [str(text_file(CLAIMS, language).relative_to(TEXT_ROOT.parents[2]))]


def claim_summaries(language: str, root: Path | None = None) -> dict[str, str]:
    """The summaries of the study's claims in ``language`` (not English: the claims file has
    those), keyed by claim id, each a text."""
    if language == SOURCE_LANGUAGE:
        raise ValueError(
            "the English summaries of the claims are the study's claims file's column 'claim'"
        )
    path = text_file(CLAIMS, language, root)
    summaries = _read(path)
    for claim_id, text in summaries.items():
        if not isinstance(text, str) or not text.strip():
            raise TextError(f"{path}: claim '{claim_id}' must have a text, got {text!r}")
    return dict(summaries)


def claim_summary(claim_id: str, english: str, language: str, root: Path | None = None) -> str:
    """The study's summary of claim ``claim_id`` in ``language``: ``english`` (the claims
    file's) in English, else the language's text of that id, an error naming the id and the
    file when it has none."""
    if language == SOURCE_LANGUAGE:
        return english
    summaries = claim_summaries(language, root)
    if claim_id not in summaries:
        raise TextError(
            f"{text_file(CLAIMS, language, root)}: no text for claim '{claim_id}' "
            f"({english!r} in the study's claims file)"
        )
    return summaries[claim_id]


def check_claim_summaries(claims_file: str | Path, language: str, root: Path | None = None) -> None:
    """Every claim id of the study's claims file (``claims_file``, CSV with column ``id``) has
    its summary in ``language``, and the language's file names no other id (English: nothing
    to check). Read with the standard library: the report job's parent imports no pandas."""
    if language == SOURCE_LANGUAGE:
        return
    import csv

    with open(claims_file, newline="", encoding="utf-8") as file:
        ids = [row["id"] for row in csv.DictReader(file)]
    summaries = claim_summaries(language, root)
    path = text_file(CLAIMS, language, root)
    missing = [claim_id for claim_id in ids if claim_id not in summaries]
    unknown = [claim_id for claim_id in summaries if claim_id not in set(ids)]
    problems = [
        *([f"no text for claim(s) {missing} of {claims_file}"] if missing else []),
        *([f"claim(s) {unknown} are not in {claims_file}"] if unknown else []),
    ]
    if problems:
        raise TextError(f"{path}: " + "; ".join(problems))


def merge(settings, text, key: str = ""):
    """``settings`` with ``text`` merged in: mappings key by key, lists item by item; a key
    set in both is an error naming it (a text belongs in one place)."""
    if isinstance(settings, dict) and isinstance(text, dict):
        merged = dict(settings)
        for sub, value in text.items():
            merged[sub] = merge(settings[sub], value, f"{key}.{sub}") if sub in settings else value
        return merged
    if isinstance(settings, list) and isinstance(text, list) and len(settings) == len(text):
        return [
            merge(a, b, f"{key}[{i}]") for i, (a, b) in enumerate(zip(settings, text, strict=True))
        ]
    raise TextError(f"'{key.lstrip('.')}' is set both in the config and in a text file")


def exhibit_spec(
    settings: dict, exhibit: str, language: str | None = None, root: Path | None = None
) -> dict:
    """An exhibit's spec as its module reads it: ``settings`` (its entry of config
    ``exhibits``) with the English texts merged in, and, when ``language`` is given, the
    texts in that language under ``text``."""
    spec = merge(copy.deepcopy(settings), exhibit_text(exhibit, SOURCE_LANGUAGE, root), exhibit)
    if language is not None:
        spec["text"] = exhibit_text(exhibit, language, root)
    return spec


def regression_spec(
    settings: dict, spec_id: str, language: str = SOURCE_LANGUAGE, root: Path | None = None
) -> dict:
    """A regression's spec with its texts in ``language`` merged in (title, note, labels)."""
    return merge(copy.deepcopy(settings), regression_text(spec_id, language, root), spec_id)
