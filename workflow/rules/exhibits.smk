# Stage 3: the study's exhibits, and the replication table that sets every claim of the
# study beside our value. exhibit_<ID> computes an exhibit's tables and claims, the same in
# every language (the claims' texts are stored with their messages, rendered by the report);
# figure_<ID> draws its figure in the report's language from the computed tables, so a new
# language redraws the figures and re-runs neither the exhibits nor the replication table.


for exhibit_id, exhibit_spec in config["exhibits"].items():

    rule:
        name:
            f"exhibit_{exhibit_id}"
        input:
            tables=[paths.canonical_table(table) for table in exhibit_spec["tables"]],
            study_claims=config["study_claims"],
            user_files=[p for p in exhibit_spec.get("user_files", {}).values() if p],
            code=package_code_of(
                "workflow/scripts/exhibit.py",
                modules=[f"exhibits.{exhibit_spec['module']}"],
            ),
            texts=texts.text_files(f"exhibits/{exhibit_id}", "en"),
        output:
            **exhibit_outputs(exhibit_id),
        log:
            f"logs/exhibits/{exhibit_id}.log",
        conda:
            "../../envs/analysis.yaml"
        resources:
            mem_mb=1500,
            runtime=10,
        params:
            exhibit=exhibit_id,
            spec=language_free_params(exhibit_id),
            # raw file name -> manifest id, read off the DAG: each table row names its own
            raw_files=exhibit_raw_files(exhibit_id),
        script:
            "../scripts/exhibit.py"

    if exhibit_spec.get("figure", True):

        # the figure apart: it follows the report's language, so a new language redraws it
        # from the computed tables and re-runs nothing of the above
        rule:
            name:
                f"figure_{exhibit_id}"
            input:
                results=paths.exhibit_results(exhibit_id),
                code=package_code_of(
                    "workflow/scripts/figure.py",
                    # the figure's module, loaded on first use (plot_on_first_use)
                    modules=[
                        f"exhibits.{exhibit_spec['module']}",
                        f"exhibits.{exhibit_spec['module']}.plot",
                    ],
                ),
                translations=translation_catalogues(),
                texts=exhibit_text_files(exhibit_id),
            output:
                **figure_outputs(exhibit_id),
            log:
                f"logs/exhibits/{exhibit_id}_figure.log",
            conda:
                "../../envs/analysis.yaml"
            resources:
                mem_mb=1500,
                runtime=10,
            params:
                exhibit=exhibit_id,
                spec=exhibit_params(exhibit_id),
            script:
                "../scripts/figure.py"


rule replication_table:
    input:
        study_claims=config["study_claims"],
        # the kind of each claim, which decides the rule of its verdict
        claim_kinds=config["replication"]["claim_kinds"],
        claims=[paths.exhibit_claims(exhibit) for exhibit in config["exhibits"]],
        code=package_code_of("workflow/scripts/replication_table.py"),
    output:
        report(
            paths.REPLICATION_TABLE,
            caption="../report/replication.rst",
            category="Replication",
        ),
    log:
        "logs/exhibits/replication_table.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        tolerance={k: v for k, v in config["replication"].items() if k != "claim_kinds"},
    script:
        "../scripts/replication_table.py"
