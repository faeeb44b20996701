"""The reader-facing texts of the exhibits and the regressions, per language, keyed by stable ids.

Config holds settings; the prose of an exhibit (its title, caption, source note, figure labels,
source and vintage wording) lives in ``workflow/report/text/<language>/exhibits/<ID>.yaml``,
that of the regressions in ``workflow/report/text/<language>/regressions.yaml`` (``<spec id>:
{title, note, labels}``), under the same key structure the settings have (``F1.caption``,
``F7.source_labels.census``, ``F5.series.us_in_china.label``; a list, such as F2's
``study_checks``, is matched item by item). Every language's file has the same keys as the
English one; a key that is missing, or one too many, stops the run naming the file and the key.

Some texts are keyed by the ids of a file whose own column is the English text, and have no
English file beside them (:func:`keyed_texts`, :func:`check_keyed_ids`): the study's claims are
summarised in English in the study's claims file (config ``study_claims``,
``../shared/paper/claims.csv``, column ``claim``), in another language in
``workflow/report/text/<language>/claims.yaml``, keyed by claim id (:func:`claim_summary`);
every id of the claims file has its summary there and the file names no other id
(:func:`check_claim_summaries`). The raw files are described in English by the raw-data
manifest (``config/raw_data_manifest.csv``, columns ``publisher, dataset, units, coverage``), in
another language in ``workflow/report/text/<language>/raw_files.yaml``, keyed by manifest id
(:func:`raw_file_text`); each entry stores the fingerprint of the English it translates
(``en_sha256``, :func:`english_fingerprint`; ``python -m chinatrade.texts fingerprint <id>``
prints it), and a translation whose English has since changed, or a file the report lists
without one, stops the report (:func:`check_raw_file_texts`).

A value of ``null`` in a language other than English says "shown in English here": the labels
that the exhibit tables record (sources, vintages, check names) are English in every language
for now, and get a translation once the report renders them.

:func:`exhibit_spec` gives an exhibit's spec as its module reads it: the settings with the
English texts merged in (the values the tables record), and under ``text`` the texts in the
report's language (what figures and the report show).
"""

from __future__ import annotations

import copy
import hashlib
from functools import cache
from pathlib import Path

import yaml

from chinatrade.i18n import LANGUAGES, SOURCE_LANGUAGE, fields

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
    elif other is not None and fields(other) != fields(english):
        # a value computed from the data (a year, a span) stands in every language's text
        raise TextError(
            f"{path}: text '{key}' has the fields {sorted(fields(other))}, "
            f"{english_path} has {sorted(fields(english))}"
        )


def fill(
    text: str,
    values: dict[str, object],
    key: str,
    computed_by: str = "chinatrade/exhibits/<module>/caption.py",
) -> str:
    """``text`` with its ``{fields}`` filled from ``values``, which an exhibit computes from
    its tables (chinatrade/exhibits/<module>/caption.py; a regression from the rows it
    estimated on, ``computed_by``): the years a caption names follow the data. A field
    without a value stops the run naming the text's id (``F7.caption``); a text without fields
    is returned as it is."""
    wanted = fields(text)
    if not wanted:
        return text
    missing = sorted(wanted - set(values))
    if missing:
        raise TextError(
            f"text '{key}' has the fields {missing}, which are not computed for it "
            f"({computed_by} computes {sorted(values)})"
        )
    return text.format(**values)


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


# --- texts keyed by the ids of a file: in English the file's own, another language's here ---

CLAIMS = "claims"  # the study's claims' summaries, keyed by claim id
RAW_FILES = "raw_files"  # the raw files' descriptions, keyed by manifest id


def keyed_text_files(name: str, language: str) -> list[str]:
    """The file of the texts ``name`` (:data:`CLAIMS`, :data:`RAW_FILES`) in ``language``,
    relative to the project: none in English, whose texts are those of the file the ids come
    from (an input of the report job, so that an edited text re-runs it)."""
    if language == SOURCE_LANGUAGE:
        return []
    return [str(text_file(name, language).relative_to(TEXT_ROOT.parents[2]))]


def keyed_texts(name: str, language: str, what: str, root: Path | None = None) -> dict:
    """The texts ``name`` in ``language`` (not English: the file the ids come from has those),
    keyed by id; ``what`` names an id in errors (``claim``, ``manifest id``)."""
    if language == SOURCE_LANGUAGE:
        raise ValueError(f"the English texts of each {what} are those of the file it is from")
    return dict(_read(text_file(name, language, root)))


def check_keyed_ids(
    name: str,
    language: str,
    ids: list[str],
    source: str | Path,
    what: str,
    required: list[str] | None = None,
    root: Path | None = None,
) -> dict:
    """The texts ``name`` in ``language`` (:func:`keyed_texts`), checked against the ids of
    ``source``, the file they are keyed by: each id of ``required`` (default: every one of
    ``ids``) has its entry and no entry names an id ``source`` does not have; else stop, naming
    the file and the ids."""
    entries = keyed_texts(name, language, what, root)
    known = set(ids)
    missing = [i for i in dict.fromkeys(ids if required is None else required) if i not in entries]
    unknown = [i for i in entries if i not in known]
    problems = [
        *([f"no text for {what}(s) {missing} of {source}"] if missing else []),
        *([f"{what}(s) {unknown} are not in {source}"] if unknown else []),
    ]
    if problems:
        raise TextError(f"{text_file(name, language, root)}: " + "; ".join(problems))
    return entries


def claim_summaries(language: str, root: Path | None = None) -> dict[str, str]:
    """The summaries of the study's claims in ``language`` (not English: the claims file has
    those), keyed by claim id, each a text."""
    summaries = keyed_texts(CLAIMS, language, "claim", root)
    for claim_id, text in summaries.items():
        if not isinstance(text, str) or not text.strip():
            raise TextError(
                f"{text_file(CLAIMS, language, root)}: claim '{claim_id}' must have a text, "
                f"got {text!r}"
            )
    return summaries


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
    check_keyed_ids(CLAIMS, language, ids, claims_file, "claim", root=root)
    claim_summaries(language, root)


# the manifest's descriptive fields of a raw file, shown in the report's data appendix; in
# another language than English each entry of raw_files.yaml has them, with the fingerprint of
# the English it translates
RAW_FILE_FIELDS = ("publisher", "dataset", "units", "coverage")
FINGERPRINT = "en_sha256"
_FINGERPRINT_LENGTH = 12


def english_fingerprint(entry: dict) -> str:
    """The fingerprint of a manifest entry's English descriptions: the first 12 hex digits of
    the SHA-256 of ``publisher|dataset|units|coverage`` (UTF-8). A translation stores the one
    of the English it was made from; when the manifest's differs, the English changed."""
    english = "|".join(entry[field] for field in RAW_FILE_FIELDS)
    return hashlib.sha256(english.encode("utf-8")).hexdigest()[:_FINGERPRINT_LENGTH]


def _raw_file_problem(file_id: str, translated, entry: dict | None) -> str | None:
    """What is wrong with the translation ``translated`` of manifest id ``file_id`` (None:
    nothing); ``entry`` is the manifest's row of that id, None when it has none."""
    keys = (*RAW_FILE_FIELDS, FINGERPRINT)
    if not isinstance(translated, dict) or set(translated) != set(keys):
        return f"manifest id '{file_id}' must have exactly the keys {list(keys)}"
    for key in keys:
        if not isinstance(translated[key], str) or not translated[key].strip():
            # (an unquoted fingerprint of digits only reads as a number)
            return (
                f"manifest id '{file_id}': '{key}' must be a (quoted) text, got {translated[key]!r}"
            )
    if entry is None:
        return None
    current = english_fingerprint(entry)
    if translated[FINGERPRINT] != current:
        english = "; ".join(f"{field}: {entry[field]!r}" for field in RAW_FILE_FIELDS)
        return (
            f"the English of manifest id '{file_id}' changed since it was translated (its "
            f"{'|'.join(RAW_FILE_FIELDS)} had {FINGERPRINT} {translated[FINGERPRINT]}, now "
            f"{current}; the manifest now reads {english}): translate it anew and set "
            f'{FINGERPRINT}: "{current}"'
        )
    return None


def raw_file_text(entry: dict, language: str, root: Path | None = None) -> dict[str, str]:
    """The descriptions (:data:`RAW_FILE_FIELDS`) of a raw file, ``entry`` its row of the
    manifest, in ``language``: the manifest's own in English, else its manifest id's entry of
    ``workflow/report/text/<language>/raw_files.yaml``; an error naming the file and the id
    when it has none or when it translates an English that has since changed."""
    if language == SOURCE_LANGUAGE:
        return {field: entry[field] for field in RAW_FILE_FIELDS}
    translations = keyed_texts(RAW_FILES, language, "manifest id", root)
    path = text_file(RAW_FILES, language, root)
    file_id = entry["id"]
    if file_id not in translations:
        raise TextError(f"{path}: no text for manifest id '{file_id}' ({entry['file']})")
    problem = _raw_file_problem(file_id, translations[file_id], entry)
    if problem:
        raise TextError(f"{path}: {problem}")
    return {field: translations[file_id][field] for field in RAW_FILE_FIELDS}


def check_raw_file_texts(
    manifest_file: str | Path, raw_ids: list[str], language: str, root: Path | None = None
) -> None:
    """The raw files' descriptions in ``language`` are in step with the manifest
    (``manifest_file``): every id of ``raw_ids`` (the files the report lists) has its entry, no
    entry names an id the manifest does not have, and each entry's fingerprint is that of the
    manifest's English (:func:`english_fingerprint`); else stop, naming the file, each id and
    what changed. English: nothing to check. Standard library only (the report job's parent)."""
    if language == SOURCE_LANGUAGE:
        return
    from chinatrade.rawdata import manifest_entries

    manifest = manifest_entries(manifest_file)
    translations = check_keyed_ids(
        RAW_FILES, language, list(manifest), manifest_file, "manifest id", raw_ids, root
    )
    problems = [
        problem
        for file_id, translated in translations.items()
        if (problem := _raw_file_problem(file_id, translated, manifest.get(file_id)))
    ]
    if problems:
        raise TextError(f"{text_file(RAW_FILES, language, root)}: " + "; ".join(problems))


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


def main(argv: list[str] | None = None) -> None:
    """``python -m chinatrade.texts fingerprint [ID ...]`` (from the project folder, with
    ``PYTHONPATH=workflow/scripts``): the :func:`english_fingerprint` of each manifest id
    given (default: every one), as the line ``<id>: en_sha256: "<fingerprint>"`` (quoted:
    a fingerprint of digits only would read as a number)."""
    import argparse

    from chinatrade.rawdata import manifest_entries

    parser = argparse.ArgumentParser(prog="python -m chinatrade.texts")
    commands = parser.add_subparsers(dest="command", required=True)
    fingerprint = commands.add_parser(
        "fingerprint", help="the fingerprint of the English descriptions of manifest ids"
    )
    fingerprint.add_argument("ids", nargs="*", help="manifest ids (default: every one)")
    fingerprint.add_argument("--manifest", default="config/raw_data_manifest.csv")
    args = parser.parse_args(argv)
    manifest = manifest_entries(args.manifest)
    unknown = [file_id for file_id in args.ids if file_id not in manifest]
    if unknown:
        parser.error(f"not in {args.manifest}: {unknown}")
    for file_id in args.ids or manifest:
        print(f'{file_id}: {FINGERPRINT}: "{english_fingerprint(manifest[file_id])}"')


if __name__ == "__main__":
    main()
