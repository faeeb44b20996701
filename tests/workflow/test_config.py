"""Config validation: the JSON schema and the cross-checks, with messages naming the key."""

from __future__ import annotations

import copy

import pytest
import yaml

from chinatrade.config import ConfigError, check_config
from chinatrade.rawdata import read_manifest
from chinatrade.schema import ConfigSchemaError, validate_config


@pytest.fixture(scope="module")
def config(project):
    return yaml.safe_load((project / "config/config.yaml").read_text())


@pytest.fixture(scope="module")
def manifest(project):
    return read_manifest(project / "config/raw_data_manifest.csv")


@pytest.fixture(scope="module")
def schema(project):
    return project / "workflow/schemas/config.schema.yaml"


def test_the_default_config_is_valid(config, manifest, schema):
    validate_config(copy.deepcopy(config), schema)
    groups = check_config(config, manifest.index)
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
def test_schema_errors_name_the_value(config, schema, change, fragment):
    broken = copy.deepcopy(config)
    change(broken)
    with pytest.raises(ConfigSchemaError) as error:
        validate_config(broken, schema)
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
        check_config(broken, manifest.index)
    assert fragment in str(error.value)


# --- closed schemas: an unknown key stops the run, naming it and the nearest valid key ---------


def _set(path: str, value):
    def change(config):
        *parents, last = path.split(".")
        node = config
        for key in parents:
            node = node[key]
        node[last] = value

    return change


def _rename(path: str, new_name: str):
    def change(config):
        *parents, last = path.split(".")
        node = config
        for key in parents:
            node = node[key]
        node[new_name] = node.pop(last)

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # the two silent cases of issue 14: a typo in F2 and in B1
        (
            _rename("exhibits.F2.ranking_year", "rankng_year"),
            "config key 'exhibits.F2.rankng_year' is not a known setting; "
            "did you mean 'ranking_year'?",
        ),
        (
            _rename("exhibits.B1.mark_policy_events", "mark_policy_event"),
            "config key 'exhibits.B1.mark_policy_event' is not a known setting; "
            "did you mean 'mark_policy_events'?",
        ),
        # one level down, in every other exhibit module
        (
            _rename("exhibits.F1.growth.deficit_partners", "deficit_partner"),
            "'exhibits.F1.growth.deficit_partner' is not a known setting; did you mean "
            "'deficit_partners'?",
        ),
        (
            _rename("exhibits.F3.headline_definition", "headline_defintion"),
            "did you mean 'headline_definition'?",
        ),
        (_rename("exhibits.S1.focus_section", "focus_sector"), "did you mean 'focus_section'?"),
        (_rename("exhibits.F4.n_extremes", "n_extreme"), "did you mean 'n_extremes'?"),
        (
            _rename("exhibits.F5.ratio.claim_definition", "claim_defn"),
            "'exhibits.F5.ratio.claim_defn' is not a known setting",
        ),
        (
            _set("exhibits.F6.claims.C49.treshold_pct", 20),
            "'exhibits.F6.claims.C49.treshold_pct' is not a known setting; did you mean "
            "'threshold_pct'?",
        ),
        (
            _rename("exhibits.F7.claims_series", "claim_series"),
            "did you mean 'claims_series'?",
        ),
        (
            _set("exhibits.INTRO.current_account.yaer", 2018),
            "'exhibits.INTRO.current_account.yaer' is not a known setting; did you mean 'year'?",
        ),
        # no near key: the valid ones are listed
        (_set("exhibits.F4.colour", "red"), "(valid keys here: compared_years, extra_tables"),
        # the regression specs are closed too
        (
            _rename("regressions.wiod_by_year.regressors", "regresors"),
            "'regressions.wiod_by_year.regresors' is not a known setting; did you mean "
            "'regressors'?",
        ),
        # values: wrong type or code, named with their key
        (_set("exhibits.F2.top_n", "nine"), "config key 'exhibits.F2.top_n': 'nine' is not"),
        (
            _set("exhibits.F6.claims.C49.statement", "mean"),
            "config key 'exhibits.F6.claims.C49.statement': 'mean' is not one of",
        ),
        (
            _set("exhibits.F7.asia_series.census_0016.kind", "census"),
            "config key 'exhibits.F7.asia_series.census_0016.kind'",
        ),
        # prose is not a setting: names and labels live in the text files
        (
            _set("exhibits.F6.countries", {"JPN": "Japan"}),
            "config key 'exhibits.F6.countries'",
        ),
        (
            _set("exhibits.B1.memo_partners", {"THA": "Thailand"}),
            "config key 'exhibits.B1.memo_partners'",
        ),
    ],
)
def test_an_unknown_or_misspelled_key_is_named_with_the_nearest_valid_one(
    config, schema, change, message
):
    broken = copy.deepcopy(config)
    change(broken)
    with pytest.raises(ConfigSchemaError) as error:
        validate_config(broken, schema)
    assert message in str(error.value)
    assert "schema workflow/schemas/" in str(error.value)


def test_every_exhibit_module_has_a_closed_schema(project, config):
    """Each exhibit module has its schema file, and every object with named keys in it is
    closed (additionalProperties: false), so no setting can be added unchecked."""

    def open_objects(node, where):
        if isinstance(node, dict):
            if "properties" in node and node.get("additionalProperties") is not False:
                yield where
            for key, child in node.items():
                yield from open_objects(child, f"{where}.{key}")
        elif isinstance(node, list):
            for index, child in enumerate(node):
                yield from open_objects(child, f"{where}[{index}]")

    exhibits = project / "workflow/scripts/chinatrade/exhibits"
    # an exhibit is a module (exhibits/f1.py) or a package (exhibits/f1/__init__.py)
    modules = sorted(
        [p.stem for p in exhibits.glob("*.py")]
        + [p.parent.name for p in exhibits.glob("*/__init__.py")]
    )
    schemas = sorted(
        p.name.removesuffix(".schema.yaml")
        for p in (project / "workflow/schemas/exhibits").glob("*.schema.yaml")
    )
    assert schemas == sorted(set(modules) - {"__init__", "run"})
    assert {spec["module"] for spec in config["exhibits"].values()} <= set(schemas)
    for name in schemas:
        schema_doc = yaml.safe_load(
            (project / f"workflow/schemas/exhibits/{name}.schema.yaml").read_text()
        )
        assert list(open_objects(schema_doc, name)) == [], name
    # in the config's own schema, only the exhibits' entries are open: their module's schema
    # closes them
    config_schema = yaml.safe_load((project / "workflow/schemas/config.schema.yaml").read_text())
    assert list(open_objects(config_schema, "config")) == [
        "config.properties.exhibits.additionalProperties"
    ]


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (
            _set("report.partners_exhibit", "F9"),
            "config key 'report.partners_exhibit': 'F9' is not an exhibit",
        ),
        (
            _set("report.partners_exhibit", "F7"),
            "config key 'report.partners_exhibit': exhibit 'F7' is computed by module 'f7', "
            "not 'f1'",
        ),
        (_set("report.beyond_exhibit", "B2"), "config key 'report.beyond_exhibit': 'B2'"),
    ],
)
def test_the_reports_exhibits_must_exist(config, manifest, change, fragment):
    broken = copy.deepcopy(config)
    change(broken)
    with pytest.raises(ConfigError) as error:
        check_config(broken, manifest.index)
    assert fragment in str(error.value)


def test_the_start_up_check_does_not_compile_rfc3987_grammars(project):
    """jsonschema would import rfc3987_syntax (about 0.7 s of grammar compilation at every
    Snakemake start); the config schemas use no "format", so the check keeps it out."""
    import subprocess
    import sys

    schema_file = str(project / "workflow/schemas/config.schema.yaml")
    script = (
        "import sys, yaml\n"
        "from chinatrade import schema\n"
        f"config = yaml.safe_load(open({str(project / 'config/config.yaml')!r}))\n"
        f"schema.validate_config(config, {schema_file!r})\n"
        "assert 'jsonschema' in sys.modules\n"
        "assert sys.modules.get('rfc3987_syntax') is None, 'rfc3987_syntax was imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=project / "workflow/scripts",
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
