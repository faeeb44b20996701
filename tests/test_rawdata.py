"""Raw-data manifest and acquisition: mirror first, then origin, always verified."""

from __future__ import annotations

import hashlib
import http.server
import socket
import threading
from pathlib import Path

import pandas as pd
import pytest

from chinatrade import rawdata
from chinatrade.errors import InputDataError, RawDataError

CONTENT = b"partner,year,value\nJapan,2018,1.5\n"
SHA = hashlib.sha256(CONTENT).hexdigest()


def raw_file(url: str | None = None, sha: str = SHA) -> rawdata.RawFile:
    return rawdata.RawFile(
        id="example", file="topic/example.csv", sha256=sha, bytes=len(CONTENT), origin_url=url
    )


@pytest.fixture()
def mirror(tmp_path) -> Path:
    folder = tmp_path / "mirror"
    (folder / "topic").mkdir(parents=True)
    (folder / "topic/example.csv").write_bytes(CONTENT)
    return folder


@pytest.fixture()
def origin(tmp_path):
    """An HTTP server on 127.0.0.1 serving a folder (stands in for the origin host)."""
    served = tmp_path / "served"
    served.mkdir()
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(  # noqa: E731
        *a, directory=str(served), **k
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_copies_a_verified_file_from_the_mirror(mirror, tmp_path):
    destination = tmp_path / "raw/topic/example.csv"
    source = rawdata.obtain(raw_file(), mirror, destination)
    assert destination.read_bytes() == CONTENT
    assert source == str(mirror / "topic/example.csv")


def test_wrong_checksum_in_mirror_names_file_place_and_hashes(mirror, tmp_path):
    wrong = "0" * 64
    destination = tmp_path / "raw/topic/example.csv"
    with pytest.raises(RawDataError) as error:
        rawdata.obtain(raw_file(sha=wrong), mirror, destination)
    message = str(error.value)
    for fragment in ["topic/example.csv", str(mirror), f"expected sha256 {wrong}", f"found {SHA}"]:
        assert fragment in message, message
    assert not destination.exists()  # nothing half-verified is left behind


def test_missing_file_without_origin(tmp_path):
    with pytest.raises(RawDataError) as error:
        rawdata.obtain(raw_file(url=None), tmp_path / "empty_mirror", tmp_path / "raw/x.csv")
    message = str(error.value)
    assert "topic/example.csv" in message and "empty_mirror" in message
    assert f"expected sha256 {SHA}" in message and "no origin address" in message


def test_downloads_from_origin_when_the_mirror_lacks_the_file(origin, tmp_path):
    served, base = origin
    (served / "example.csv").write_bytes(CONTENT)
    destination = tmp_path / "raw/topic/example.csv"
    source = rawdata.obtain(raw_file(f"{base}/example.csv"), tmp_path / "nomirror", destination)
    assert source == f"{base}/example.csv"
    assert destination.read_bytes() == CONTENT


def test_origin_with_other_bytes_fails_the_checksum(origin, tmp_path):
    served, base = origin
    (served / "example.csv").write_bytes(CONTENT + b"Korea,2018,2.0\n")
    destination = tmp_path / "raw/topic/example.csv"
    with pytest.raises(RawDataError) as error:
        rawdata.obtain(raw_file(f"{base}/example.csv"), None, destination)
    message = str(error.value)
    assert "fails its checksum" in message and SHA in message and base in message
    assert not destination.exists()


def test_unreachable_origin_names_every_place_looked(tmp_path):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/example.csv"
    with pytest.raises(RawDataError) as error:
        rawdata.obtain(raw_file(url), tmp_path / "mirror", tmp_path / "raw/x.csv")
    message = str(error.value)
    for fragment in [
        "topic/example.csv",
        str(tmp_path / "mirror"),
        url,
        SHA,
        "could not be obtained",
    ]:
        assert fragment in message, message


# --- the manifest itself ---


def write_manifest(tmp_path, **changes) -> Path:
    row = {
        "id": "example",
        "file": "topic/example.csv",
        "sha256": SHA,
        "bytes": str(len(CONTENT)),
        "kind": "original",
        "publisher": "Somebody",
        "dataset": "Example",
        "units": "USD millions",
        "coverage": "2018",
        "origin_url": "",
    }
    rows = [row, {**row, "id": "second", "file": "topic/second.csv"}]
    rows[1].update(changes)
    path = tmp_path / "manifest.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_manifest_reads(tmp_path):
    manifest = rawdata.read_manifest(write_manifest(tmp_path))
    assert list(manifest.index) == ["example", "second"]


@pytest.mark.parametrize(
    ("changes", "column", "fragment"),
    [
        ({"id": "example"}, "id", "duplicate id 'example'"),
        ({"sha256": "abc"}, "sha256", "not a lower-case hex SHA-256"),
        ({"bytes": "12kB"}, "bytes", "not a byte count"),
        ({"kind": "downloaded"}, "kind", "kind 'downloaded' is not one of"),
        ({"file": "../elsewhere.csv"}, "file", "must be a relative path"),
    ],
)
def test_bad_manifest_rows(tmp_path, changes, column, fragment):
    with pytest.raises(InputDataError) as error:
        rawdata.read_manifest(write_manifest(tmp_path, **changes))
    message = str(error.value)
    assert f"column '{column}'" in message and "row 3" in message and fragment in message


def test_project_manifest_agrees_with_the_snapshot(project, shared_data):
    """Every file of the project's manifest is in the snapshot with the same bytes and hash."""
    ours = rawdata.read_manifest(project / "config/raw_data_manifest.csv")
    snapshot = pd.read_csv(shared_data / "MANIFEST.csv", dtype=str).set_index("file")
    for entry in ours.itertuples():
        assert entry.file in snapshot.index, entry.file
        assert snapshot.at[entry.file, "sha256"] == entry.sha256, entry.file
        assert snapshot.at[entry.file, "bytes"] == entry.bytes, entry.file
        if entry.kind == "original":
            assert entry.origin_url.startswith("https://"), entry.id


def test_manifest_row_to_raw_file(tmp_path):
    manifest = rawdata.read_manifest(write_manifest(tmp_path))
    raw = rawdata.raw_file(manifest.loc["example"].to_dict())
    assert raw == raw_file(url=None)  # an empty origin_url means no download address
