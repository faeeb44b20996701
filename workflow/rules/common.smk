# Shared set-up: config validation, the raw-data manifest, path helpers.
import functools
import os
import re
import sys
from pathlib import Path

from snakemake.iocontainers import Wildcards

# The analysis package, workflow/scripts/chinatrade, sits beside the scripts of the rules;
# Snakemake puts a script's folder on its import path, and this line does the same
# for the Snakefile itself (config checks, manifest).
sys.path.insert(0, str(Path(workflow.basedir) / "workflow" / "scripts"))

from chinatrade import (
    atomic,
    codedeps,
    paths,
    provenance,
    schema,
    texts,
    warm_start,
)  # noqa: E402
from chinatrade.config import check_config  # noqa: E402
from chinatrade.rawdata import manifest_entries, remove_changed_copies  # noqa: E402
from chinatrade.vintage import history as vintage_history  # noqa: E402
from chinatrade.vintage import sources as vintage_sources  # noqa: E402
from chinatrade.vintage import store as vintage_store  # noqa: E402

# what the package's files import, read again only for files changed since the last start
# (chinatrade/codedeps.py; saved at the end of the Snakefile)
codedeps.use_cache(Path(".snakemake") / "chinatrade" / "codedeps.json")

# the config, then each exhibit's settings against the closed schema of its module: an
# unknown key stops the run here, naming the key and the nearest valid one
schema.validate_config(
    config, Path(workflow.basedir) / "workflow" / "schemas" / "config.schema.yaml"
)
# the manifest's entries by id (read with the standard library: no pandas at every start)
MANIFEST = manifest_entries(config["raw_data"]["manifest"])
MANIFEST_BY_FILE = {entry["file"]: entry for entry in MANIFEST.values()}
# a verified copy under data/raw/ whose bytes changed since it was fetched is removed here,
# so that this run fetches and verifies it again before any job reads it
for message in remove_changed_copies(MANIFEST.values()):
    print(message, file=sys.stderr)
PARTNER_GROUPS = check_config(config, MANIFEST)


# the values each wildcard may take (see wildcard_constraints in the Snakefile)
RAW_FILE_PATTERN = "|".join(re.escape(f) for f in MANIFEST_BY_FILE)
REPORTER_PATTERN = "|".join(config["dots_workbooks"])


def package_code_of(*sources, modules=()):
    """The code stamp of the analysis package's modules that a job runs: every module that
    the rule's script (or notebook) imports, directly or through other modules, found by
    reading the imports (chinatrade/codedeps.py). ``modules``: modules the code loads by a
    computed name (dotted, below chinatrade), which no import statement shows.

    The job lists one stamp file (under .snakemake/chinatrade/code/, a line per module with
    its SHA-256) rather than the modules themselves: the stamp changes when one of them does,
    and so re-runs that job, and only it and its dependants, while Snakemake checks one input
    instead of about 16 (codedeps.code_stamp)."""
    project = Path(workflow.basedir)
    found = codedeps.package_modules(
        *(project / source for source in sources), modules=modules
    )
    # e.g. scripts.exhibit.py+chinatrade.exhibits.f3.txt
    name = "+".join(
        [
            *(
                ".".join(Path(source).relative_to("workflow").parts)
                for source in sources
            ),
            *(f"chinatrade.{module}" for module in modules),
        ]
    )
    stamp = project / ".snakemake" / "chinatrade" / "code" / f"{name}.txt"
    return os.path.relpath(codedeps.code_stamp(stamp, found, project), project)


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
    """The text files the report shows: every exhibit's, the regressions', the
    mechanisms' and, in a language other than English, the study's claims' summaries and
    the raw files' descriptions (keyed by claim id and manifest id)."""
    language = config["report"]["language"]
    files = [f for exhibit in config["exhibits"] for f in exhibit_text_files(exhibit)]
    mechanisms = texts.text_files("mechanisms", language)
    keyed = [
        f
        for name in (texts.CLAIMS, texts.RAW_FILES)
        for f in texts.keyed_text_files(name, language)
    ]
    return list(dict.fromkeys(files + regression_text_files() + mechanisms + keyed))


def raw_path(file_id):
    """Where the verified copy of a manifest entry lives."""
    return paths.raw_file(MANIFEST[file_id]["file"])


# manifest id of each verified copy under data/raw/, for the provenance lines
RAW_IDS_BY_PATH = {raw_path(file_id): file_id for file_id in MANIFEST}


# where `python -m chinatrade.vintage` keeps the vintages it takes in (the fetch looks there
# first), and its record of the manifest entries they replaced
VINTAGES = config["raw_data"].get("vintages", vintage_store.DEFAULT_ROOT)
HISTORY = config["raw_data"].get("history", "config/raw_data_history.csv")


def mirror_copy(wildcards):
    """The copy of a raw file that the fetch takes, when there is one: the taken-in vintage
    the manifest names, else the mirror's copy; its timestamp then triggers a refresh of
    data/raw/ when it gets a newer file."""
    row = MANIFEST_BY_FILE[wildcards.raw_file]
    vintage = vintage_store.candidates(
        VINTAGES, row["id"], row["sha256"], Path(row["file"]).name
    )
    if vintage:
        return [str(vintage[0])]
    candidate = Path(config["raw_data"]["mirror"]) / wildcards.raw_file
    return [str(candidate)] if candidate.is_file() else []


# the history rows of the vintages that the manifest's current ones replaced
REPLACED_VINTAGES = vintage_history.current_replacements(
    HISTORY, config["raw_data"]["manifest"]
)


def revision_inputs():
    """The current raw files and resources that the parsers of the replaced files read."""
    roles = vintage_sources.roles(config)
    inputs = []
    for replaced in REPLACED_VINTAGES:
        for role in vintage_sources.roles_of(replaced["id"], config):
            parser = vintage_sources.parser_for(role)
            if parser is None:
                continue  # the job says so: no parser is registered for the role
            inputs += [raw_path(i) for r in parser.reads for i in roles[r]]
            inputs += vintage_sources.resource_paths(parser)
    return sorted(set(inputs))


def revisions_report():
    """What the report's section "What the new data changed" reads ({} without one)."""
    if not REPLACED_VINTAGES:
        return {}
    settings = config["revisions"]
    before = REPLACED_VINTAGES[-1]["report_before"]
    return {
        "table": paths.REVISIONS_TABLE,
        "tolerance_pct": settings["relative_pct"],
        "replaced": REPLACED_VINTAGES,
        "headline": {
            name: {
                **entry,
                "current": paths.report_table(name),
                "before": f"{before}/{name}.csv" if before else None,
            }
            for name, entry in settings["headline_tables"].items()
        },
    }


def revisions_report_inputs():
    """The revision table and the report's tables compared before and after (none without
    a replaced vintage)."""
    spec = revisions_report()
    return (
        [
            spec["table"],
            *(entry["current"] for entry in spec["headline"].values()),
        ]
        if spec
        else []
    )


def manifest_row(wildcards):
    """The manifest entry of a raw file; a changed checksum re-runs the fetch."""
    return dict(MANIFEST_BY_FILE[wildcards.raw_file])


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


@functools.cache
def job_inputs(path):
    """The rule that writes ``path`` and that job's input files (None for a file no rule
    writes), from Snakemake's own matching of output patterns: the DAG the report's
    provenance lines follow back to the raw files (chinatrade/provenance.py). Cached: the
    exhibits' lineages pass through the same tables."""
    for candidate in workflow.rules:
        if (
            candidate.name in ("all", "canonical_tables")
            or not candidate.has_products()
        ):
            continue
        if candidate.is_producer(path):
            wildcards = Wildcards(fromdict=candidate.get_wildcards(path))
            return candidate.name, tuple(
                str(f) for f in candidate.expand_input(wildcards)[0]
            )
    return None


@functools.cache
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


def exhibit_raw_files(exhibit_id):
    """For the exhibit rule's params: file name -> manifest id of the raw files behind one
    exhibit (its provenance), with which the job names each row's raw files
    (chinatrade/lineage.py). Deferred to the DAG's build: the lineage walks every rule.
    """

    def raw_files(wildcards):
        ids = {
            file_id
            for source in exhibit_provenance(exhibit_id)["inputs"]
            for file_id in source["raw_ids"]
        }
        return {os.path.basename(raw_path(file_id)): file_id for file_id in sorted(ids)}

    return raw_files


@functools.cache
def report_exhibits(with_provenance=True):
    """Every exhibit as the report shows it, in config order: its paths (figure or None,
    tables by name), its settings with the English texts and resolved partner groups, and
    (unless ``with_provenance=False``, for the rule's inputs) its provenance. Computed once
    per start (Snakemake asks for the report's parameters more than once; the provenance
    walks the rules)."""
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
    for name in (
        "coefficients",
        "fit_stats",
        "hypothesis",
        "html",
        "latex",
        "figure_png",
    )
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
