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

Texts that are stored rather than shown (the claims of the replication table) are made under
:func:`capture`: in English, each a :class:`Message` that keeps its template and fields, stored
as JSON (:func:`to_json`) and turned into any language's text by :func:`render` when the report
shows it, so that the stored table is the same in every language.
"""

from __future__ import annotations

import functools
import json
import numbers
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
_capturing = False


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


def fields(text: str) -> set[str]:
    """The names of the ``{fields}`` of a text (``str.format``)."""
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
            if fields(english) != fields(translated):
                raise ValueError(
                    f"{path}: {english!r}: the translation's fields {sorted(fields(translated))}"
                    f" differ from the English text's {sorted(fields(english))}"
                )
            entries[english] = translated
            origin[english] = path
    return entries


def tr(text: str, /, **fields: object) -> str:
    """``text`` in the current language, with ``fields`` filled in (``str.format``).

    Under :func:`capture` the English text comes back as a :class:`Message` that remembers
    ``text`` and ``fields``, to be shown later in any language by :func:`render`."""
    if _capturing:
        return _message({"tr": text, "fields": _encode_fields(fields)})
    text = _translated(text, _current)
    return text.format(**fields) if fields else text


def _translated(text: str, language: str) -> str:
    if language == SOURCE_LANGUAGE:
        return text
    entries = catalogue(language)
    if text not in entries:
        raise MissingTranslation(
            f"no {language!r} text for {text!r}: add it to a catalogue in "
            f"{CATALOGUE_ROOT / language}"
        )
    return entries[text]


def has(text: str) -> bool:
    """Whether ``text`` can be shown in the current language (always true in English)."""
    return _current == SOURCE_LANGUAGE or text in catalogue(_current)


def join_sentences(*sentences: str) -> str:
    """Sentences as one text: English puts a space between them, Chinese nothing (empty
    ones are left out)."""
    if _capturing:
        return _message({"sentences": [_encode(s) for s in sentences if s]})
    return _join_sentences([s for s in sentences if s], current())


def _join_sentences(sentences: list[str], language: str) -> str:
    separator = " " if language == SOURCE_LANGUAGE else ""
    return separator.join(s for s in sentences if s)


def join_items(items, template: str, text=tr) -> str:
    """``items`` joined by ``template`` ('{listing}, {item}' or '{listing}; {item}'), so that
    a translation can set its own punctuation ('' for no items). ``text`` fills the template
    (:func:`tr`; a function that keeps English for table columns)."""
    items = list(items)
    if not items:
        return ""
    return functools.reduce(lambda a, b: text(template, listing=a, item=b), items[1:], items[0])


def join_and(items) -> str:
    """'a', 'a and b', 'a, b and c' in the current language (``join_items`` for the commas)."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return tr(
        "{listing} and {item}", listing=join_items(items[:-1], "{listing}, {item}"), item=items[-1]
    )


# the numbers a sentence writes as words (up to ten), by language
_NUMBER_WORDS = {
    "en": "zero one two three four five six seven eight nine ten".split(),
    "zh": list("零一二三四五六七八九十"),
}


def number_in_words(number: int) -> str:
    """9 -> 'nine' ('九' in Chinese) for a count a sentence names; above ten, the digits."""
    number = int(number)
    words = _NUMBER_WORDS[current()]
    return words[number] if 0 <= number < len(words) else str(number)


# --- messages: texts kept language-free, shown in a language later ----------------------
#
# A claim of the replication table is computed once, in English; its texts are stored with
# their messages (JSON), which the report shows in its own language. A message node is
#   a str                                   a literal, the same in every language;
#   {"tr": template, "fields": {...}}       tr(template, **fields) in the language;
#   {"format": template, "fields": {...}}   template.format(**fields), not translated;
#   {"sentences": [node, ...]}              join_sentences(...) in the language;
#   {"join": separator, "parts": [...]}     separator.join(parts);
#   {"by_language": {language: node, ...}}  a text given for each language;
#   {"text": name, "key": [...], "en": ...} a text of a text file (chinatrade.texts) by its id.
# A field is a node or a number, a boolean or null (kept as such, for format specs).

Node = str | dict


class Message(str):
    """English text that remembers how it was made (:attr:`node`), so that :func:`render`
    can give it in another language. It is a ``str`` (the English text) everywhere else."""

    node: Node

    def __new__(cls, node: Node) -> Message:
        text = super().__new__(cls, _render(node, SOURCE_LANGUAGE))
        text.node = node
        return text


def _message(node: dict) -> Message:
    return Message(node)


@contextmanager
def capture() -> Iterator[None]:
    """Inside the block, texts are made in English as :class:`Message` values (by :func:`tr`,
    :func:`join_sentences`, :func:`join_items`, :func:`verbatim`, :func:`join`, :func:`by_language`,
    :func:`text_of`)."""
    global _capturing
    previous = _capturing
    _capturing = True
    try:
        with language(SOURCE_LANGUAGE):
            yield
    finally:
        _capturing = previous


def capturing() -> bool:
    return _capturing


def _encode(value: object) -> Node:
    """The node of a text: its message, or the text itself as a literal."""
    if isinstance(value, Message):
        return value.node
    if isinstance(value, str):
        return str(value)
    raise TypeError(f"expected a text, got {type(value).__name__} {value!r}")


def _encode_field(name: str, value: object) -> object:
    if isinstance(value, str):
        return _encode(value)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        if type(value).__name__ == "float32":  # its str differs from that of a float
            raise TypeError(f"field {name!r}: float32 cannot be kept exactly; use float64")
        return float(value)
    if hasattr(value, "item") and type(value).__name__ == "bool_":  # numpy.bool_
        return bool(value)
    raise TypeError(
        f"field {name!r}: {type(value).__name__} {value!r} cannot be kept in a message; "
        "give a text or a number"
    )


def _encode_fields(fields: dict[str, object]) -> dict[str, object]:
    return {name: _encode_field(name, value) for name, value in fields.items()}


def verbatim(template: str, /, **fields: object) -> str:
    """``template.format(**fields)``, the template the same in every language (a layout of
    codes and numbers) while its fields (texts from :func:`tr`) are translated."""
    if _capturing:
        return _message({"format": template, "fields": _encode_fields(fields)})
    return template.format(**fields)


def join(separator: str, parts) -> str:
    """``separator.join(parts)``, keeping the parts' messages under :func:`capture`."""
    parts = list(parts)
    if _capturing:
        return _message({"join": separator, "parts": [_encode(p) for p in parts]})
    return separator.join(parts)


def by_language(texts: dict[str, str]) -> str:
    """One text per language (every one of :data:`LANGUAGES`), for a text whose English form
    is not the template of its translation (codes in English, words in Chinese)."""
    if sorted(texts) != sorted(LANGUAGES):
        raise ValueError(f"by_language needs a text for each of {list(LANGUAGES)}: {texts!r}")
    if _capturing:
        return _message({"by_language": {k: _encode(v) for k, v in texts.items()}})
    return texts[_current]


def text_of(english: str, name: str, *key: str) -> str:
    """A text of a text file (chinatrade.texts), ``english`` being its English text (as the
    spec holds it) and ``name`` and ``key`` its id (``exhibits/F7``, ``asia_series``, ...): the
    English text in English, the file's text in another language; under :func:`capture` a
    message that keeps the English text and the id."""
    if _capturing:
        return _message({"text": name, "key": list(key), "en": _encode(english)})
    return english if _current == SOURCE_LANGUAGE else _stored_text(name, key, _current)


def _stored_text(name: str, key, language: str) -> str:
    from chinatrade import texts  # texts imports this module

    value = texts.texts(name, language)
    for part in key:
        value = value[part]
    if not isinstance(value, str):
        raise ValueError(f"{name}: {'.'.join(key)} is not a text")
    return value


def _render_field(value: object, language: str) -> object:
    return _render(value, language) if isinstance(value, str | dict) else value


def _render(node: Node, language: str) -> str:
    if isinstance(node, str):
        return node
    if "tr" in node or "format" in node:
        fields = {k: _render_field(v, language) for k, v in node["fields"].items()}
        if "format" in node:
            return node["format"].format(**fields)
        template = _translated(node["tr"], language)
        return template.format(**fields) if fields else template
    if "sentences" in node:
        return _join_sentences([_render(part, language) for part in node["sentences"]], language)
    if "join" in node:
        return node["join"].join(_render(part, language) for part in node["parts"])
    if "by_language" in node:
        return _render(node["by_language"][language], language)
    if "text" in node:
        if language == SOURCE_LANGUAGE:
            return _render(node["en"], language)
        return _stored_text(node["text"], node["key"], language)
    raise ValueError(f"not a message node: {node!r}")


def to_json(text: str) -> str:
    """The message of ``text`` as JSON (a plain text is a literal)."""
    return json.dumps(_encode(text), ensure_ascii=False, separators=(",", ":"))


def from_json(message_json: str) -> Message:
    """The :class:`Message` stored by :func:`to_json`."""
    node = json.loads(message_json)
    if not isinstance(node, str | dict):
        raise ValueError(f"not a message: {message_json!r}")
    return Message(node)


def render(message: str, language: str | None = None) -> str:
    """A message (a :class:`Message`, or its JSON from :func:`to_json`) as text in
    ``language`` (the current one by default)."""
    node = message.node if isinstance(message, Message) else json.loads(message)
    return _render(node, _check_language(language or _current))


# Latin-letter words that stay as they are in Chinese text: source and dataset names,
# codes and unit symbols (a Chinese reader of trade statistics meets them so).
KEPT_LATIN_WORDS = frozenset(
    """
    IMF DOTS Census BEA EWN WIOD NIOT UN Comtrade GACC NBS WDI WEO OECD ISIC HS HS2 HS4 HS6
    HS8 USD CNY FOB CIF GDP FDI USDIA FDIUS SITC ASEAN EU EU27 OLS WLS HC1 SE R2 FE ISO3 ISO
    USTR Phase One Section CSV USTR's Lane Milesi-Ferretti Yang Chao BoP H10 H.10 Fed CN US
    XVI XI XV XX IV II III VI VII VIII IX XII XIII XIV XVII XVIII XIX XXI WTO ICIO TiVA
    Statista CEIC XXII AMNE Koopman Wang Wei Johnson Noguera Timmer Damgaard Elkjaer Johannesen
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
