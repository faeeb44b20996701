"""Fixtures of the vintage tests: a small project folder and a local HTTP server."""

from __future__ import annotations

import http.server
import shutil
import threading
from pathlib import Path

import pytest
import yaml

from vintage_case import CHINA_2024, CHINA_2024_REVISED, SELECTED


@pytest.fixture()
def small_project(tmp_path, project, shared_data) -> Path:
    """What the vintage command reads of a project (config, manifest, official addresses,
    resources), with the snapshot as its mirror; no outputs."""
    root = tmp_path / "project"
    (root / "config").mkdir(parents=True)
    for name in ("raw_data_manifest.csv", "official_latest.csv"):
        shutil.copy(project / "config" / name, root / "config" / name)
    config = yaml.safe_load((project / "config/config.yaml").read_text())
    config["raw_data"]["mirror"] = str(shared_data)
    (root / "config/config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    (root / "workflow").mkdir()
    (root / "workflow/resources").symlink_to(project / "workflow/resources")
    return root


@pytest.fixture()
def revised_extract(tmp_path, shared_data) -> Path:
    """The Census extract with China's 2024 imports and balance revised (synthetic edit)."""
    text = (shared_data / SELECTED).read_text()
    assert CHINA_2024 in text
    path = tmp_path / "new" / Path(SELECTED).name
    path.parent.mkdir()
    path.write_text(text.replace(CHINA_2024, CHINA_2024_REVISED))
    return path


@pytest.fixture()
def served(tmp_path):
    """An HTTP server on 127.0.0.1 serving a folder: (folder, base address)."""
    folder = tmp_path / "served"
    folder.mkdir()
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(  # noqa: E731
        *a, directory=str(folder), **k
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
