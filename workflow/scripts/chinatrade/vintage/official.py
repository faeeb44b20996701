"""The latest official releases: their addresses (``config/official_latest.csv``) and their
download into a file the workflow's parser reads.

Each row of the table: ``id`` (manifest id), ``url`` (a stable address of the latest release,
empty when the publisher has none), ``format`` (what the address returns, or for a source
without one the form the parser takes) and ``note`` (where a user gets it, and how it differs
from the snapshot). A download is refused, naming what came back, when the server answers
with an error, an HTML page (a "not found" or login page served with status 200), or bytes
that are not the announced format; with no network it says so. The standard library's
urllib does the HTTP: the answer's status and content type are needed to say what came back.
"""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

FORMATS = {"xlsx", "csv", "worldbank_api_json"}
TIMEOUT_SECONDS = 120
# the layout of the World Bank indicator CSVs of the snapshot (datahub.io core datasets)
WORLDBANK_CSV_HEADER = ["Country Name", "Country Code", "Year", "Value"]


class DownloadError(RuntimeError):
    """The address answered, but not with the file (or not at all)."""


class NoNetwork(DownloadError):
    """The address could not be reached: no network, or the host does not resolve."""


@dataclass(frozen=True)
class Release:
    id: str
    url: str
    format: str
    note: str


def read_official_latest(path: str | Path) -> dict[str, Release]:
    """The table of official addresses, by manifest id (checked: formats, one row per id)."""
    releases = {}
    with open(path, newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            if row["id"] in releases:
                raise ValueError(f"{path}, row {line}: id '{row['id']}' is listed twice")
            if row["url"] and row["format"] not in FORMATS:
                raise ValueError(
                    f"{path}, row {line}, column 'format': '{row['format']}' is not one of "
                    f"{sorted(FORMATS)} (the formats a download is checked for)"
                )
            releases[row["id"]] = Release(row["id"], row["url"], row["format"], row["note"])
    return releases


def download(release: Release, destination: str | Path) -> Path:
    """Download the latest release to ``destination`` (a file the parser reads)."""
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    if release.format == "worldbank_api_json":
        destination.write_text(_worldbank_csv(release.url), encoding="utf-8")
        return destination
    body = fetch(release.url)
    _check_format(release.url, body, release.format)
    destination.write_bytes(body)
    return destination


def fetch(url: str) -> bytes:
    """The body of a successful answer from ``url``; an error answer, an HTML page or no
    answer at all is a :class:`DownloadError` saying which."""
    request = urllib.request.Request(url, headers={"User-Agent": "chinatrade-workflow"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:
            body, content_type = answer.read(), answer.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        page = error.read()
        raise DownloadError(
            f"{url} answered HTTP {error.code} {error.reason}"
            + (f": {describe(page, error.headers.get('Content-Type', ''))}" if page else "")
        ) from error
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        reason = getattr(error, "reason", error)
        raise NoNetwork(
            f"{url} could not be reached ({reason}): no network connection, or the host is "
            "down. Download the file on a machine with network and take it in with "
            "`python -m chinatrade.vintage add <id> <file>`."
        ) from error
    if looks_like_html(body) or "text/html" in content_type:
        raise DownloadError(f"{url} returned {describe(body, content_type)}, not the file")
    return body


def looks_like_html(body: bytes) -> bool:
    start = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or (
        b"<html" in start and b"</" in start
    )


def describe(body: bytes, content_type: str = "") -> str:
    """What came back, in a few words: an HTML page with its title, or the first bytes."""
    kind = f"{content_type}, " if content_type else ""
    if looks_like_html(body) or "html" in content_type:
        title = re.search(rb"<title[^>]*>(.*?)</title>", body[:65536], re.S | re.I)
        named = f" titled '{title.group(1).decode('utf-8', 'replace').strip()}'" if title else ""
        return f"an HTML page{named} ({kind}{len(body):,} bytes)"
    return f"{kind}{len(body):,} bytes starting {body[:40]!r}"


def _check_format(url: str, body: bytes, fmt: str) -> None:
    if fmt == "xlsx" and not body.startswith(b"PK\x03\x04"):
        raise DownloadError(f"{url} returned {describe(body)}, not an xlsx workbook")
    if fmt == "csv":
        try:
            body.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise DownloadError(f"{url} returned {describe(body)}, not UTF-8 CSV text") from error


def _worldbank_csv(url: str) -> str:
    """An indicator from the World Bank API (JSON, every page) in the layout of the
    snapshot's WDI files: ``Country Name, Country Code, Year, Value``, one row per
    observation with a value (the API lists empty years with ``null``; the CSV has no row
    for them), sorted by name and year."""
    rows, page, pages = [], 1, 1
    while page <= pages:
        page_url = url if page == 1 else f"{url}&page={page}"
        body = fetch(page_url)
        header, observations = _worldbank_page(page_url, body)
        pages = int(header.get("pages", 1))
        rows += [_worldbank_row(page_url, o) for o in observations if o.get("value") is not None]
        page += 1
    rows.sort(key=lambda row: (row[0], row[2]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(WORLDBANK_CSV_HEADER)
    writer.writerows(rows)
    return buffer.getvalue()


def _worldbank_page(url: str, body: bytes) -> tuple[dict, list]:
    try:
        data = json.loads(body)
    except ValueError as error:
        raise DownloadError(f"{url} returned {describe(body)}, not World Bank JSON") from error
    # an error answer is a one-element list: [{"message": [{"id", "key", "value"}]}]
    if not (isinstance(data, list) and len(data) == 2 and isinstance(data[0], dict)):
        raise DownloadError(f"{url}: the World Bank API answered {json.dumps(data)[:300]}")
    return data[0], data[1] or []


def _worldbank_row(url: str, observation: dict) -> tuple[str, str, int, object]:
    code = observation.get("countryiso3code") or ""
    name = observation["country"]["value"]
    if not code:
        # the snapshot's layout keys areas by this code; guessing one is not an option
        raise DownloadError(
            f"{url}: area '{name}' (API id {observation['country']['id']}) has no "
            "countryiso3code; the WDI parser needs one"
        )
    return name, code, int(observation["date"]), observation["value"]
