"""Config validation: the JSON schema and the cross-checks, with messages naming the key."""

from __future__ import annotations

import copy

import pytest
import yaml
from snakemake.exceptions import WorkflowError
from snakemake.utils import validate

from chinatrade.config import ConfigError, check_config
from chinatrade.rawdata import read_manifest


@pytest.fixture(scope="module")
def config(project):
    return yaml.safe_load((project / "config/config.yaml").read_text())


@pytest.fixture(scope="module")
def manifest(project):
    return read_manifest(project / "config/raw_data_manifest.csv")


@pytest.fixture(scope="module")
def schema(project):
    return str(project / "workflow/schemas/config.schema.yaml")


def test_the_default_config_is_valid(config, manifest, schema):
    validate(copy.deepcopy(config), schema)
    groups = check_config(config, manifest)
    assert len(groups["EU27"]) == 27 and groups["EU28"] == sorted(groups["EU27"] + ["GBR"])


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda c: c.update(colour="red"), "colour"),
        (lambda c: c["years"].update(first="1990"), "first"),
        (lambda c: c["raw_data"].update(mirorr="x"), "mirorr"),
        (lambda c: c["exhibits"]["F1"].update(partners=["usa"]), "usa"),
        (lambda c: c["partner_groups"]["EU27"]["members"].append("France"), "France"),
        (lambda c: c["report"].update(language="fr"), "fr"),
    ],
)
def test_schema_errors_name_the_key(config, schema, change, fragment):
    broken = copy.deepcopy(config)
    change(broken)
    with pytest.raises(WorkflowError) as error:
        validate(broken, schema)
    assert fragment in str(error.value)


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda c: c["years"].update(first=2030, last=2000), "config key 'years': first (2030)"),
        (lambda c: c["exhibits"]["F1"].update(first_year=1950), "'exhibits.F1.first_year': 1950"),
        (lambda c: c["exhibits"]["F1"].update(partners=["USA", "NAFTA"]), "'NAFTA'"),
        (lambda c: c["dots_workbooks"].update(KOR="dots_workbook_kor"), "'dots_workbooks.KOR'"),
        (
            lambda c: c["exhibits"]["F1"]["growth"].update(first_year=2019, last_year=2010),
            "'exhibits.F1.growth'",
        ),
        (lambda c: c["partner_groups"]["EU28"].update(union=["EU26"]), "unknown group 'EU26'"),
    ],
)
def test_cross_checks_name_the_key(config, manifest, change, fragment):
    broken = copy.deepcopy(config)
    change(broken)
    with pytest.raises(ConfigError) as error:
        check_config(broken, manifest)
    assert fragment in str(error.value)
