# Shared set-up: config validation, the raw-data manifest, path helpers.
import os
import re
import sys
from pathlib import Path

from snakemake.iocontainers import Wildcards

# The analysis package, workflow/scripts/chinatrade, sits beside the scripts of the rules;
# Snakemake puts a script's folder on its import path, and this line does the same
# for the Snakefile itself (config checks, manifest).
sys.path.insert(0, str(Path(workflow.basedir) / "workflow" / "scripts"))

from chinatrade import codedeps, paths, provenance, schema, texts  # noqa: E402
from chinatrade.config import check_config  # noqa: E402
from chinatrade.rawdata import read_manifest, remove_changed_copies  # noqa: E402

# the config, then each exhibit's settings against the closed schema of its module: an
# unknown key stops the run here, naming the key and the nearest valid one
schema.validate_config(
    config, Path(workflow.basedir) / "workflow" / "schemas" / "config.schema.yaml"
)
MANIFEST = read_manifest(config["raw_data"]["manifest"])
# a verified copy under data/raw/ whose bytes changed since it was fetched is removed here,
# so that this run fetches and verifies it again before any job reads it
for message in remove_changed_copies(MANIFEST):
    print(message, file=sys.stderr)
PARTNER_GROUPS = check_config(config, MANIFEST)


# the values each wildcard may take (see wildcard_constraints in the Snakefile)
RAW_FILE_PATTERN = "|".join(re.escape(f) for f in MANIFEST["file"])
REPORTER_PATTERN = "|".join(config["dots_workbooks"])


def package_code_of(*sources, modules=()):
    """Source files of the analysis package that a job runs: every module that the rule's
    script (or notebook) imports, directly or through other modules, found by reading the
    imports (chinatrade/codedeps.py). Listed as inputs, they re-run that job, and only it and
    its dependants, when the code changes. ``modules``: modules the code loads by a computed
    name (dotted, below chinatrade), which no import statement shows."""
    project = Path(workflow.basedir)
    found = codedeps.package_modules(
        *(project / source for source in sources), modules=modules
    )
    return [os.path.relpath(path, project) for path in found]


def translation_catalogues():
    """The catalogue files of the report's language (none for English, the language of
    the code): a changed translation re-runs the figures and the report."""
    language = config["report"]["language"]
    if language == "en":
        return []
    return sorted(
        str(p) for p in Path(f"workflow/resources/i18n/{language}").glob("*.yaml")
    )


def exhibit_text_files(exhibit_id):
    """The text files of an exhibit (English and the report's language), with those of the
    policy dates if it marks them: an edited caption re-runs that exhibit and the report only.
    """
    language = config["report"]["language"]
    files = texts.text_files(f"exhibits/{exhibit_id}", language)
    if config["exhibits"][exhibit_id].get("mark_policy_events"):
        files += texts.text_files("policy_events", language)
    return files


def regression_text_files():
    """The text files of the regressions (English and the report's language)."""
    return texts.text_files("regressions", config["report"]["language"])


def report_text_files():
    """The text files the report shows: every exhibit's and the regressions'."""
    files = [f for exhibit in config["exhibits"] for f in exhibit_text_files(exhibit)]
    return list(dict.fromkeys(files + regression_text_files()))


def raw_path(file_id):
    """Where the verified copy of a manifest entry lives."""
    return paths.raw_file(MANIFEST.at[file_id, "file"])


# manifest id of each verified copy under data/raw/, for the provenance lines
RAW_IDS_BY_PATH = {raw_path(file_id): file_id for file_id in MANIFEST.index}


def mirror_copy(wildcards):
    """The mirror's copy of a raw file, when there is one: its timestamp then
    triggers a refresh of data/raw/ when the mirror gets a newer file."""
    candidate = Path(config["raw_data"]["mirror"]) / wildcards.raw_file
    return [str(candidate)] if candidate.is_file() else []


def manifest_row(wildcards):
    """The manifest entry of a raw file; a changed checksum re-runs the fetch."""
    row = MANIFEST[MANIFEST["file"] == wildcards.raw_file].iloc[0]
    return row.to_dict()


def dots_workbook(wildcards):
    return raw_path(config["dots_workbooks"][wildcards.reporter])


def exhibit_outputs(exhibit_id):
    """The tables (by name), claims and computed tables (for the figure) of one exhibit."""
    spec = config["exhibits"][exhibit_id]
    tables = paths.exhibit_tables(exhibit_id, spec.get("extra_tables", []))
    outputs = {
        "table": report(
            tables.pop("main"),
            caption="../report/exhibit_table.rst",
            category="Exhibits",
            subcategory=exhibit_id,
        ),
        **{f"table_{name}": path for name, path in tables.items()},
        "claims": paths.exhibit_claims(exhibit_id),
    }
    if spec.get("figure", True):
        outputs["results"] = paths.exhibit_results(exhibit_id)
    return outputs


def figure_outputs(exhibit_id):
    """The figure of one exhibit (PNG, SVG)."""
    return {
        "figure_png": report(
            paths.exhibit_figure(exhibit_id),
            caption="../report/exhibit.rst",
            category="Exhibits",
            subcategory=exhibit_id,
        ),
        "figure_svg": paths.exhibit_figure(exhibit_id, "svg"),
    }


def language_free_params(exhibit_id):
    """The exhibit's spec for its tables and claims (the exhibit_<ID> job) - its settings
    with the English texts merged in and no language; they are the same in every language,
    the claims' texts stored with their messages, which the report renders in its language.
    """
    spec = exhibit_params(exhibit_id, text=False)
    del spec["language"]
    return spec


def exhibit_params(exhibit_id, text=True):
    """The exhibit's spec: its settings with its English texts merged in (the labels its
    tables record), the partner groups resolved and labelled, and under ``text`` (unless
    ``text=False``) its texts in the report's language (chinatrade/texts.py)."""
    from chinatrade.partners import group_label

    language = config["report"]["language"] if text else None
    spec = texts.exhibit_spec(config["exhibits"][exhibit_id], exhibit_id, language)
    spec["partner_groups"] = PARTNER_GROUPS
    # figure labels follow the report's language (a change re-runs the exhibits)
    spec["language"] = config["report"]["language"]
    if spec.get("mark_policy_events"):
        spec["policy_events"] = texts.policy_events(config.get("policy_events", []))
    partners = spec.get("partners", [])
    spec["partner_labels"] = {
        p: group_label(p, config["partner_groups"]) for p in partners
    }
    return spec


# raw files behind the report, for its data appendix: every file of the manifest that a
# rule reads
REPORT_RAW_IDS = [
    *config["dots_workbooks"].values(),
    config["dots_extract"]["file"],
    config["dots_mirror"],
    *(
        file_id
        for ids in config["sources"].values()
        for file_id in (ids if isinstance(ids, list) else [ids])
    ),
]


def canonical_tables():
    """The canonical tables of the cleaning stage, read off the rules that write them (every
    output under data/processed/ but the analysis datasets): all are built, and so validated,
    on every run, whether or not an exhibit reads them yet. `snakemake canonical_tables`
    builds only these. Called after every rule file is included."""
    return sorted(
        str(output)
        for candidate in workflow.rules
        for output in candidate.output
        if str(output).startswith(f"{paths.PROCESSED}/")
        and not str(output).startswith(f"{paths.ANALYSIS}/")
    )


def job_inputs(path):
    """The rule that writes ``path`` and that job's input files (None for a file no rule
    writes), from Snakemake's own matching of output patterns: the DAG the report's
    provenance lines follow back to the raw files (chinatrade/provenance.py)."""
    for candidate in workflow.rules:
        if (
            candidate.name in ("all", "canonical_tables")
            or not candidate.has_products()
        ):
            continue
        if candidate.is_producer(path):
            wildcards = Wildcards(fromdict=candidate.get_wildcards(path))
            return candidate.name, [
                str(f) for f in candidate.expand_input(wildcards)[0]
            ]
    return None


def exhibit_provenance(exhibit_id):
    """Table, rule, module and raw files (manifest ids) behind one exhibit."""
    spec = config["exhibits"][exhibit_id]
    source = codedeps.module_path(f"chinatrade.exhibits.{spec['module']}")
    # an exhibit that is a package is named by its folder
    source = source.parent if source.name == "__init__.py" else source
    return provenance.exhibit_provenance(
        exhibit_id,
        paths.exhibit_table(exhibit_id),
        os.path.relpath(source, workflow.basedir),
        [paths.canonical_table(table) for table in spec["tables"]],
        job_inputs,
        RAW_IDS_BY_PATH,
    )


def report_exhibits(with_provenance=True):
    """Every exhibit as the report shows it, in config order: its paths (figure or None,
    tables by name), its settings with the English texts and resolved partner groups, and
    (unless ``with_provenance=False``, for the rule's inputs) its provenance."""
    exhibits = []
    for exhibit_id, spec in config["exhibits"].items():
        entry = {
            "id": exhibit_id,
            "module": spec["module"],
            "figure": (
                paths.exhibit_figure(exhibit_id) if spec.get("figure", True) else None
            ),
            "tables": paths.exhibit_tables(exhibit_id, spec.get("extra_tables", [])),
            "spec": exhibit_params(exhibit_id, text=False),
        }
        if with_provenance:
            entry["provenance"] = exhibit_provenance(exhibit_id)
        exhibits.append(entry)
    return exhibits


# --- analyses -----------------------------------------------------------------------------


def customs_files(wildcards):
    """The user's customs files of one year (config customs.files: year -> paths or globs)."""
    import glob

    patterns = config["customs"]["files"][int(wildcards.year)]
    files = sorted({f for pattern in patterns for f in glob.glob(pattern)})
    if not files:
        raise ValueError(
            f"config key 'customs.files.{wildcards.year}': no file matches {patterns}"
        )
    return files


def regression_dataset(wildcards):
    return paths.analysis_dataset(config["regressions"][wildcards.spec]["dataset"])


# Regressions on the user's customs data run only when customs files are configured.
ACTIVE_REGRESSIONS = [
    spec_id
    for spec_id, spec in config["regressions"].items()
    if spec["dataset"] != "customs_sector_year" or config["customs"]["files"]
]
# what `all` and the report need of each active regression (the SVG figures are written too)
REGRESSION_OUTPUTS = [
    paths.regression_output(spec_id, name)
    for spec_id in ACTIVE_REGRESSIONS
    for name in ("coefficients", "fit_stats", "hypothesis", "html", "latex", "figure_png")
]


def report_regressions():
    """Every active regression as the report shows it: its paths and its settings with the
    English texts (the notebook reads the report language's texts by id)."""
    return [
        {
            "id": spec_id,
            "dataset": config["regressions"][spec_id]["dataset"],
            "spec": texts.regression_spec(config["regressions"][spec_id], spec_id),
            **{
                name: paths.regression_output(spec_id, name)
                for name in ("coefficients", "hypothesis", "html", "figure_png")
            },
        }
        for spec_id in ACTIVE_REGRESSIONS
    ]
