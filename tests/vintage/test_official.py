"""The latest official releases: the table of addresses, and the download through the same
checks, tested against a local HTTP server (this machine has no network)."""

from __future__ import annotations

import csv
import http.server
import json
import socket
import threading
import urllib.parse

import pandas as pd
import pytest
import yaml

from chinatrade.ingest import macro
from chinatrade.vintage import history, official, sources
from chinatrade.vintage.__main__ import main
from vintage_case import SELECTED_ID

WORKBOOK = "bilateral/original/census_country.xlsx"
WDI_GDP = "bilateral/original/wdi_gdp_current_usd_datasets-gdp.csv"
ERROR_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Service Unavailable</title></head>"
    b"<body><h1>We are down for maintenance</h1></body></html>"
)


def release(url: str, fmt: str = "xlsx") -> official.Release:
    return official.Release("census_country", url, fmt, "")


def test_a_good_workbook_is_downloaded_as_served(served, shared_data, tmp_path):
    folder, base = served
    (folder / "country.xlsx").write_bytes((shared_data / WORKBOOK).read_bytes())
    path = official.download(release(f"{base}/country.xlsx"), tmp_path / "census_country.xlsx")
    assert path.read_bytes() == (shared_data / WORKBOOK).read_bytes()


def test_an_error_page_served_as_the_file_is_refused_naming_it(served, tmp_path):
    """A server that answers 200 with an HTML page where the workbook should be."""
    folder, base = served
    (folder / "country.xlsx").write_bytes(ERROR_PAGE)
    with pytest.raises(official.DownloadError) as error:
        official.download(release(f"{base}/country.xlsx"), tmp_path / "country.xlsx")
    message = str(error.value)
    assert f"{base}/country.xlsx" in message
    assert "an HTML page titled 'Service Unavailable'" in message and "not the file" in message
    assert not (tmp_path / "country.xlsx").exists()


def test_an_error_status_is_refused_with_the_status(served, tmp_path):
    _, base = served
    with pytest.raises(official.DownloadError, match="answered HTTP 404"):
        official.download(release(f"{base}/missing.xlsx"), tmp_path / "country.xlsx")


def test_bytes_of_another_format_are_refused(served, shared_data, tmp_path):
    folder, base = served
    (folder / "country.xlsx").write_bytes((shared_data / WDI_GDP).read_bytes()[:5000])
    with pytest.raises(official.DownloadError, match="not an xlsx workbook"):
        official.download(release(f"{base}/country.xlsx"), tmp_path / "country.xlsx")


def test_no_network_says_so_and_what_to_do(tmp_path):
    with socket.socket() as probe:  # a port nothing listens on: no answer at all
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(official.NoNetwork) as error:
        official.download(release(f"http://127.0.0.1:{port}/country.xlsx"), tmp_path / "x")
    message = str(error.value)
    assert "could not be reached" in message and "no network connection" in message
    assert "python -m chinatrade.vintage add" in message


@pytest.fixture()
def world_bank(shared_data):
    """A stand-in for the World Bank API: the snapshot's WDI GDP file as the API's JSON, in two
    pages (with a null value, which the API lists and the CSV layout leaves out)."""
    table = pd.read_csv(shared_data / WDI_GDP)
    observations = [
        {
            "indicator": {"id": "NY.GDP.MKTP.CD", "value": "GDP (current US$)"},
            "country": {"id": "XX", "value": row["Country Name"]},
            "countryiso3code": row["Country Code"],
            "date": str(row["Year"]),
            "value": row["Value"],
        }
        for row in table.to_dict("records")
    ]
    observations.append({**observations[0], "date": "1959", "value": None})
    half = len(observations) // 2
    pages = {1: observations[:half], 2: observations[half:]}

    class Api(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the handler's name)
            query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
            page = int(query.get("page", ["1"])[0])
            body = json.dumps([{"page": page, "pages": 2}, pages[page]]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Api)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    path = "/v2/country/all/indicator/NY.GDP.MKTP.CD?format=json&per_page=20000"
    yield f"http://127.0.0.1:{server.server_address[1]}{path}"
    server.shutdown()


def test_world_bank_json_becomes_the_snapshots_layout(world_bank, shared_data, tmp_path, project):
    """Every page is read; the CSV parses to the same table as the snapshot's file."""
    entry = official.Release(
        "wdi_gdp_current_usd_datasets_gdp", world_bank, "worldbank_api_json", ""
    )
    path = official.download(entry, tmp_path / "wdi.csv")
    assert path.read_text().splitlines()[0] == "Country Name,Country Code,Year,Value"
    areas = macro.read_area_codes(project / "workflow/resources/macro_area_codes.csv")
    ours = macro.read_wdi_gdp(path, areas).drop(columns="source_file", errors="ignore")
    snapshot = macro.read_wdi_gdp(shared_data / WDI_GDP, areas)
    snapshot = snapshot.drop(columns="source_file", errors="ignore")
    pd.testing.assert_frame_equal(ours, snapshot)


def test_a_world_bank_error_answer_is_refused(served, tmp_path):
    folder, base = served
    answer = [
        {
            "message": [
                {
                    "id": "120",
                    "key": "Invalid value",
                    "value": "The provided parameter value is not valid",
                }
            ]
        }
    ]
    (folder / "indicator").write_text(json.dumps(answer))
    entry = official.Release("x", f"{base}/indicator?format=json", "worldbank_api_json", "")
    with pytest.raises(official.DownloadError, match="Invalid value"):
        official.download(entry, tmp_path / "wdi.csv")


def test_every_raw_file_the_workflow_reads_is_listed(project):
    """Each raw file read by a rule has a row: an address, or where a user gets it."""
    config = yaml.safe_load((project / "config/config.yaml").read_text())
    listed = official.read_official_latest(project / "config/official_latest.csv")
    read = {file_id for ids in sources.roles(config).values() for file_id in ids}
    assert set(listed) == read
    for entry in listed.values():
        assert entry.note, entry.id
        assert not entry.url or entry.url.startswith("https://"), entry.id
    with_address = {e.id for e in listed.values() if e.url}
    assert {"census_country", "wdi_gdp_current_usd_datasets_gdp"} <= with_address


def official_table(root, url: str, fmt: str = "csv"):
    path = root / "config/test_official.csv"
    with open(path, "w", newline="") as handle:
        csv.writer(handle).writerows(
            [["id", "url", "format", "note"], [SELECTED_ID, url, fmt, "test"]]
        )
    return "config/test_official.csv"


def fetch_latest(root, table: str) -> int:
    arguments = ["--project", str(root), "fetch-latest", SELECTED_ID, "--official", table]
    return main([*arguments, "--date", "2026-12-02", "--no-dry-run"])


def test_fetch_latest_takes_in_the_served_release(small_project, served, revised_extract):
    folder, base = served
    (folder / "latest.csv").write_bytes(revised_extract.read_bytes())
    table = official_table(small_project, f"{base}/latest.csv")
    assert fetch_latest(small_project, table) == 0
    rows = {r["id"]: r for r in history.read_rows(small_project / "config/raw_data_manifest.csv")}
    assert rows[SELECTED_ID]["origin_url"] == f"{base}/latest.csv"
    (replaced,) = history.read_rows(small_project / "config/raw_data_history.csv")
    assert replaced["id"] == SELECTED_ID


def test_fetch_latest_refuses_an_error_page_and_changes_nothing(small_project, served, capsys):
    folder, base = served
    (folder / "latest.csv").write_bytes(ERROR_PAGE)
    manifest = (small_project / "config/raw_data_manifest.csv").read_bytes()
    assert fetch_latest(small_project, official_table(small_project, f"{base}/latest.csv")) == 1
    message = capsys.readouterr().err
    assert (
        "an HTML page titled 'Service Unavailable'" in message and "Nothing was changed" in message
    )
    assert (small_project / "config/raw_data_manifest.csv").read_bytes() == manifest
    assert not (small_project / "config/raw_data_history.csv").exists()


def test_fetch_latest_of_a_source_without_an_address_says_where_to_get_it(small_project, capsys):
    arguments = ["--project", str(small_project), "fetch-latest", "dots_workbook_chn"]
    assert main([*arguments, "--no-dry-run"]) == 1
    message = capsys.readouterr().err
    assert "no stable official address" in message and "data.imf.org" in message
