"""The IPTC's ninjs JSON Schemas, shipped in `schemas/` unchanged (iptc/newsinjson at 3ace397, May
2025): every document the site gives out, and later every one it takes in, is checked against the
version it claims. The schemas refer to GeoJSON's by its address; that one is shipped too, so
nothing is ever fetched."""

import functools
import json
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

SCHEMAS = Path(__file__).resolve().parent / "schemas"
FILES = {"2.2": "ninjs-schema_2.2.json", "3.1": "ninjs-schema_3.1.json"}


@functools.cache
def _registry() -> Registry:
    geojson = json.loads((SCHEMAS / "GeoJSON.json").read_text())
    return Registry().with_resource(geojson["$id"], Resource.from_contents(geojson))


@functools.cache
def validator(version: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / FILES[version]).read_text())
    return Draft202012Validator(schema, registry=_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors(document: dict, version: str) -> list[str]:
    """What is wrong with `document` as ninjs `version`, each as "path: message"; none if it is valid."""
    return [f"{path}: {message}" for path, message in problems(document, version)]


def problems(document: dict, version: str) -> list[tuple[str, str]]:
    """Each (path, message) that makes `document` invalid as ninjs `version`; the path as a reader
    writes it, `bodies[0].value`, or "(document)" for the whole."""
    return [
        (path_of(error.absolute_path), error.message)
        for error in sorted(
            validator(version).iter_errors(document), key=lambda error: [str(p) for p in error.absolute_path]
        )
    ]


def path_of(parts) -> str:
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(document)"
