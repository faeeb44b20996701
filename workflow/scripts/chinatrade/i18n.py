"""The reader's language for figure labels and report prose (config ``report.language``).

English is the language of the code: every reader-facing text is written in English and passed
through :func:`tr`. For another language, :func:`tr` looks the English text up in that
language's catalogue, ``workflow/resources/i18n/<language>/*.yaml`` (one file per module or
area, each a mapping ``English text: translation``), in the manner of gettext message ids.

A text without a translation is an error, not a silent fallback to English: the tests draw every
figure and render the report in each language, so a label added without its translation fails
there, naming the text and the catalogue folder.

Texts with values use ``str.format`` fields, translated before they are filled:
``tr("Balance with {partner}", partner=name)``; the translation must use the same fields.
Data values (partner or province names, section titles) are translated the same way when they
are shown; codes, numbers and units in symbols (USD, HS, ISO3) stay as they are.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import yaml

LANGUAGES = ("en", "zh")
SOURCE_LANGUAGE = "en"
CATALOGUE_ROOT = Path(__file__).resolve().parents[2] / "resources" / "i18n"

_current = SOURCE_LANGUAGE


class MissingTranslation(KeyError):
    """A reader-facing text has no entry in the catalogue of the language asked for."""

    def __str__(self) -> str:  # KeyError would show the repr of the whole message
        return str(self.args[0])


def _check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"language {language!r} is not one of {list(LANGUAGES)}")
    return language


def set_language(language: str) -> None:
    """Use ``language`` for every following :func:`tr` (a rule script sets it once)."""
    global _current
    _current = _check_language(language)


def current() -> str:
    return _current


@contextmanager
def language(name: str) -> Iterator[None]:
    """Use ``name`` inside the block, then the previous language again."""
    previous = _current
    set_language(name)
    try:
        yield
    finally:
        set_language(previous)


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


@cache
def catalogue(name: str) -> dict[str, str]:
    """English text -> translation for ``name``, merged from its folder's YAML files.

    The same English text in two files must have the same translation, and a translation
    must use the same format fields as its English text.
    """
    folder = CATALOGUE_ROOT / _check_language(name)
    entries: dict[str, str] = {}
    origin: dict[str, Path] = {}
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected a mapping 'English text: translation'")
        for english, translated in data.items():
            if not isinstance(english, str) or not isinstance(translated, str):
                raise ValueError(f"{path}: entry {english!r}: both sides must be text")
            if english in entries and entries[english] != translated:
                raise ValueError(
                    f"{path}: {english!r} is translated differently in {origin[english].name} "
                    f"({entries[english]!r} vs {translated!r})"
                )
            if _fields(english) != _fields(translated):
                raise ValueError(
                    f"{path}: {english!r}: the translation's fields {sorted(_fields(translated))}"
                    f" differ from the English text's {sorted(_fields(english))}"
                )
            entries[english] = translated
            origin[english] = path
    return entries


def tr(text: str, /, **fields: object) -> str:
    """``text`` in the current language, with ``fields`` filled in (``str.format``)."""
    if _current != SOURCE_LANGUAGE:
        entries = catalogue(_current)
        if text not in entries:
            raise MissingTranslation(
                f"no {_current!r} text for {text!r}: add it to a catalogue in "
                f"{CATALOGUE_ROOT / _current}"
            )
        text = entries[text]
    return text.format(**fields) if fields else text


def has(text: str) -> bool:
    """Whether ``text`` can be shown in the current language (always true in English)."""
    return _current == SOURCE_LANGUAGE or text in catalogue(_current)


def join_sentences(*sentences: str) -> str:
    """Sentences as one text: English puts a space between them, Chinese nothing (empty
    ones are left out)."""
    separator = " " if current() == SOURCE_LANGUAGE else ""
    return separator.join(s for s in sentences if s)


def join_items(items, template: str, text=tr) -> str:
    """``items`` joined by ``template`` ('{listing}, {item}' or '{listing}; {item}'), so that
    a translation can set its own punctuation ('' for no items). ``text`` fills the template
    (:func:`tr`; a function that keeps English for table columns)."""
    items = list(items)
    if not items:
        return ""
    return functools.reduce(lambda a, b: text(template, listing=a, item=b), items[1:], items[0])


# Latin-letter words that stay as they are in Chinese text: source and dataset names,
# codes and unit symbols (a Chinese reader of trade statistics meets them so).
KEPT_LATIN_WORDS = frozenset(
    """
    IMF DOTS Census BEA EWN WIOD NIOT UN Comtrade GACC NBS WDI WEO OECD ISIC HS HS2 HS4 HS6
    HS8 USD CNY FOB CIF GDP FDI USDIA FDIUS SITC ASEAN EU EU27 OLS WLS HC1 SE R2 FE ISO3 ISO
    USTR Phase One Section CSV USTR's Lane Milesi-Ferretti Yang Chao BoP H10 H.10 Fed CN US
    XVI XI XV XX IV II III VI VII VIII IX XII XIII XIV XVII XVIII XIX XXI WTO ICIO TiVA
    Statista CEIC XXII
    """.split()
)


def untranslated_words(text: str, kept: frozenset[str] = KEPT_LATIN_WORDS) -> list[str]:
    """Latin-letter words of three letters or more in ``text`` that are not kept words.

    A Chinese figure or paragraph that still shows such words has English left in it; the
    tests use this to find labels drawn without :func:`tr`.
    """
    import re

    text = re.sub(r"\{[^{}]*\}", " ", text)  # format fields are names, not shown text
    words = re.findall(r"[A-Za-z][A-Za-z'.\-]*[A-Za-z]|[A-Za-z]", text)
    return [w for w in words if len(w) >= 3 and w not in kept and w.strip(".'") not in kept]
