#!/usr/bin/env python3
"""Validate a STIX 2.1 bundle written by Chancery's exporter.

Usage: check_stix.py FILE.json

Two passes:

1. The OASIS reference validator (stix2-validator, pinned in requirements.txt)
   in strict mode: every "SHOULD" warning is an error.  Disabled checks:
     103 uuid-check          -- our ids are deterministic UUIDv5, not v4;
     202 relationship-types  -- e.g. location -located-at-> location is
                                permitted by the spec but not "suggested".
   Because passing any --disable list makes the validator silently skip
   checks 305/306 (extension-description, extension-properties), they are
   re-enabled explicitly.

2. Our own bundle checks: ids unique; every `*_ref` string and every item
   of every `*_refs` list, at any depth (relationships, created_by_ref,
   note/report object_refs, inside extensions, ...), resolves to an object
   of the same bundle; every `extension-definition--...` key of an
   `extensions` dictionary resolves too, except well-known third-party
   definitions (OpenCTI's) that consumers know without the object.

Exit 0 and print `stix: N objects valid` on success; otherwise print every
problem (each message carries the object id) and exit 1.
"""

import json
import os
import pathlib
import sys

import stix2validator.validator as _sv
from referencing import Registry
from stix2validator import ValidationOptions, validate_instance

DISABLED = ["103", "202"]
# 305 extension-description, 306 extension-properties: see module docstring.
ENABLED = ["305", "306"]

# Extension definitions that consumers know by id; they need not be bundled.
KNOWN_EXTERNAL_EXTENSIONS = {
    # OpenCTI's definition used with "extension_type": "new-sdo" for `event`
    # (and its property extension on OpenCTI-exported objects).
    "extension-definition--ea279b3e-5c71-4632-ac08-831c66a786ba",
}

# TLP 1.0 marking definitions predefined by STIX 2.1 section 7.2.1.4.
PREDEFINED_MARKINGS = {
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",  # TLP:WHITE
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",  # TLP:GREEN
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",  # TLP:AMBER
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",  # TLP:RED
}


# --- speed-up -------------------------------------------------------------
# stix2-validator builds a fresh jsonschema validator and `referencing`
# registry for every object, and every `$ref` then re-crawls that registry:
# about 330 objects/s.  We reuse one validator per schema file, built on a
# registry preloaded with every schema file of the schema directory, crawled
# once.  The schemas, format checker and validator class are the validator's
# own, so results are the same (check: CHECK_STIX_SLOW=1 runs it untouched).
_VALIDATORS = {}
_REGISTRIES = {}


def _preloaded_registry(schema_dir):
    registry = _REGISTRIES.get(schema_dir)
    if registry is None:
        registry = Registry(retrieve=lambda uri: _sv.retrieve_from_filesystem(uri, schema_dir))
        for path in sorted(pathlib.Path(schema_dir).rglob("*.json")):
            if "examples" in path.parts:
                continue
            uri = path.as_uri()
            registry = registry.with_resource(uri, _sv.retrieve_from_filesystem(uri, schema_dir))
        registry = registry.crawl()
        _REGISTRIES[schema_dir] = registry
    return registry


def _cached_load_validator(schema_path, schema, schema_dir):
    key = (schema_path, schema_dir)
    validator = _VALIDATORS.get(key)
    if validator is None:
        if schema_path not in _sv._PATCHED_SCHEMAS:
            _sv._PATCHED_SCHEMAS[schema_path] = _sv.patch_schema(schema, schema_path)
        patched = _sv._PATCHED_SCHEMAS[schema_path]
        registry = _preloaded_registry(schema_dir).with_resource(
            schema_path, _sv.DRAFT202012.create_resource(patched)).crawl()
        validator = _sv.STIXValidator(
            patched, registry=registry,
            format_checker=_sv.Draft202012Validator.FORMAT_CHECKER)
        _VALIDATORS[key] = validator
    return validator


if not os.environ.get("CHECK_STIX_SLOW"):
    _sv.load_validator = _cached_load_validator
# ---------------------------------------------------------------------------


def walk_refs(value, path, out):
    """Collect (path, ref) for every *_ref / *_refs value below `value`."""
    if isinstance(value, dict):
        for key, sub in value.items():
            sub_path = f"{path}.{key}" if path else key
            if key.endswith("_ref") and isinstance(sub, str):
                out.append((sub_path, sub))
            elif key.endswith("_refs") and isinstance(sub, list):
                for n, item in enumerate(sub):
                    if isinstance(item, str):
                        out.append((f"{sub_path}[{n}]", item))
                    else:
                        walk_refs(item, f"{sub_path}[{n}]", out)
            elif key == "extensions" and isinstance(sub, dict):
                for ext_id in sub:
                    if ext_id.startswith("extension-definition--"):
                        out.append((f"{sub_path}<key>", ext_id))
                walk_refs(sub, sub_path, out)
            else:
                walk_refs(sub, sub_path, out)
    elif isinstance(value, list):
        for n, item in enumerate(value):
            walk_refs(item, f"{path}[{n}]", out)


def bundle_problems(bundle):
    problems = []
    objects = bundle.get("objects")
    if not isinstance(objects, list):
        return ["bundle has no `objects` list"]
    ids = set()
    for n, obj in enumerate(objects):
        oid = obj.get("id") if isinstance(obj, dict) else None
        if not isinstance(oid, str):
            problems.append(f"objects[{n}]: object without a string id")
            continue
        if oid in ids:
            problems.append(f"{oid}: duplicate id")
        ids.add(oid)
    known = ids | KNOWN_EXTERNAL_EXTENSIONS | PREDEFINED_MARKINGS
    for obj in objects:
        if not isinstance(obj, dict):
            continue
        refs = []
        walk_refs(obj, "", refs)
        for path, ref in refs:
            if ref not in known:
                problems.append(f"{obj.get('id')}: {path} -> {ref}: dangling reference "
                                f"(no such object in the bundle)")
    return problems


def main(argv):
    if len(argv) != 2:
        print("usage: check_stix.py FILE.json", file=sys.stderr)
        return 2
    try:
        with open(argv[1], "rb") as fh:
            bundle = json.load(fh)
    except (OSError, ValueError) as exc:
        print(f"ERROR cannot read {argv[1]}: {exc}")
        return 1
    if not isinstance(bundle, dict) or bundle.get("type") != "bundle":
        print("ERROR top-level JSON value is not a STIX bundle")
        return 1

    problems = []
    options = ValidationOptions(strict=True, disabled=list(DISABLED),
                                enabled=list(ENABLED))
    try:
        result = validate_instance(bundle, options)
        problems += [f"stix2-validator: {e}" for e in result.errors]
        problems += [f"stix2-validator warning: {w}" for w in result.warnings]
        if not result.is_valid and not problems:
            problems.append("stix2-validator: bundle invalid (no message)")
    except Exception as exc:  # the validator raises on malformed input
        problems.append(f"stix2-validator: {type(exc).__name__}: {exc}")

    problems += [f"refs: {p}" for p in bundle_problems(bundle)]

    if problems:
        for p in problems:
            print(p)
        print(f"stix: {len(problems)} problem(s)")
        return 1
    print(f"stix: {len(bundle.get('objects', []))} objects valid")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
