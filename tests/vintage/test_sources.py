"""The registry of parsers: every raw file a rule reads has the rule's parser, and each parse
of the snapshot gives the tables it names, with unique keys."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from chinatrade.vintage import check, sources

CONFIG = yaml.safe_load((Path(__file__).resolve().parents[2] / "config/config.yaml").read_text())
PARSERS = {}
for _role in sources.roles(CONFIG):
    PARSERS.setdefault(id(sources.parser_for(_role)), (_role, sources.parser_for(_role)))


def test_every_role_of_the_config_has_a_parser_of_the_rule_that_reads_it(project):
    rules = (project / "workflow/rules/clean.smk").read_text()
    for role in sources.roles(CONFIG):
        parser = sources.parser_for(role)
        assert parser is not None, role
        assert role in parser.reads, role
        for rule in parser.rule.split(", "):
            assert f"rule {rule}:" in rules, (role, rule)
        for resource in sources.resource_paths(parser):
            assert (project / resource).is_file(), resource


def test_roles_of_an_id():
    assert sources.roles_of("census_country", CONFIG) == ["census_country"]
    assert sources.roles_of("dots_workbook_chn", CONFIG) == ["dots_workbooks.CHN"]
    assert sources.roles_of("wdi_gdp_current_usd_1960_2023", CONFIG) == []


@pytest.fixture(scope="module")
def snapshot_project(tmp_path_factory, project, shared_data):
    root = tmp_path_factory.mktemp("sources") / "project"
    (root / "config").mkdir(parents=True)
    shutil.copy(project / "config/raw_data_manifest.csv", root / "config")
    config = {**CONFIG, "raw_data": {**CONFIG["raw_data"], "mirror": str(shared_data)}}
    (root / "workflow").mkdir()
    (root / "workflow/resources").symlink_to(project / "workflow/resources")
    return check.Project(root, config=config), tmp_path_factory.mktemp("scratch")


@pytest.mark.parametrize(
    "role", [role for role, _ in PARSERS.values()], ids=[r for r, _ in PARSERS.values()]
)
def test_the_parse_of_the_snapshot_gives_its_tables_with_unique_keys(snapshot_project, role):
    project, scratch = snapshot_project
    parser = sources.parser_for(role)
    tables = check.parse_with(project, parser, {}, scratch)
    assert set(tables) == set(parser.keys)
    for name, key in parser.keys.items():
        assert len(tables[name]) > 0, name
        assert not tables[name].duplicated(list(key)).any(), (name, key)
