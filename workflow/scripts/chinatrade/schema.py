"""Config validation against closed JSON schemas, with errors a user can act on.

The config (``workflow/schemas/config.schema.yaml``) and every exhibit's settings (one closed
schema per exhibit module, ``workflow/schemas/exhibits/<module>.schema.yaml``) are checked
when Snakemake starts, before any job runs. A key the schema does not know stops the run,
naming the key, the nearest valid key and the schema file: a misspelled setting must not be
silently ignored (an exhibit would then run on its default, or fail a minute later naming the
correct key instead of the typo).
"""

from __future__ import annotations

import difflib
import sys
from functools import cache
from pathlib import Path

import yaml

# libyaml's loader where PyYAML has it (several times faster; the same values)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SCHEMA_ROOT = Path(__file__).resolve().parents[2] / "schemas"


class ConfigSchemaError(ValueError):
    """The config breaks its schema; the message names the key and the schema file."""


@cache
def load_schema(path: Path) -> dict:
    if not path.is_file():
        raise ConfigSchemaError(f"no schema file {path}")
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)


def exhibit_schema_path(module: str, root: Path = SCHEMA_ROOT) -> Path:
    return root / "exhibits" / f"{module}.schema.yaml"


def _key(prefix: str, path) -> str:
    return ".".join([prefix, *(str(p) for p in path)]) if prefix else ".".join(map(str, path))


def _known_keys(schema: dict) -> list[str]:
    return sorted(schema.get("properties", {}))


def _shown(path: Path) -> str:
    """A schema file as the user finds it: relative to the project when inside it."""
    try:
        return str(path.resolve().relative_to(SCHEMA_ROOT.parents[1]))
    except ValueError:
        return str(path)


def _message(error, prefix: str, schema_file: Path) -> str:
    shown_file = _shown(schema_file)
    where = _key(prefix, error.absolute_path)
    shown = f"config key '{where}'" if where else "the config"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = _known_keys(error.schema)
        unknown = sorted(set(error.instance) - set(known))
        key = unknown[0] if unknown else "?"
        nearest = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
        hint = f"; did you mean '{nearest[0]}'?" if nearest else ""
        return (
            f"config key '{_key(where, [key])}' is not a known setting{hint} "
            f"(valid keys here: {', '.join(known)}; schema {shown_file})"
        )
    return f"{shown}: {error.message} (schema {shown_file})"


def validate(instance: dict, schema_file: Path, prefix: str = "") -> None:
    """Raise :class:`ConfigSchemaError` for the first violation of ``schema_file`` (errors are
    ordered by key, so the message does not depend on the validator's order)."""
    # jsonschema imports the optional rfc3987_syntax at import time if it is installed (it is,
    # through jupyter -> jupyter-events), and that package compiles ~40 grammars on import:
    # about 0.7 s of every Snakemake start, a no-op included (jsonschema issue #1428). These
    # schemas use no "format" keyword, so the package is not needed: mark it absent (jsonschema
    # skips a format checker whose package is missing) unless something imported it already.
    sys.modules.setdefault("rfc3987_syntax", None)
    from jsonschema import Draft202012Validator

    schema = load_schema(Path(schema_file))
    errors = sorted(
        Draft202012Validator(schema).iter_errors(instance),
        key=lambda e: ([str(p) for p in e.absolute_path], e.validator != "additionalProperties"),
    )
    if errors:
        raise ConfigSchemaError(_message(errors[0], prefix, Path(schema_file)))


def validate_config(config: dict, schema_file: Path, root: Path = SCHEMA_ROOT) -> None:
    """The whole config, then each exhibit's settings against its module's closed schema."""
    validate(config, schema_file)
    for exhibit_id, spec in config["exhibits"].items():
        validate(spec, exhibit_schema_path(spec["module"], root), prefix=f"exhibits.{exhibit_id}")
