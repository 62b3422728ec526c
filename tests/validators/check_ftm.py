#!/usr/bin/env python3
"""Validate a FollowTheMoney JSON-lines file written by Chancery's exporter.

Usage: check_ftm.py FILE.jsonl

Each line: {"id": ..., "schema": ..., "properties": {name: [strings]}}.

`ftm validate` silently drops values it cannot clean and exits 0, so this
script uses the followthemoney library (pinned in requirements.txt) directly
and treats as an error:
  - a line that is not a JSON object, a missing/duplicate/invalid id;
  - an unknown, abstract or missing schema;
  - an unknown property, or a read-only (stub/reverse) property;
  - a property value that is not a non-empty list of strings;
  - any error reported by `Schema.validate()` (value invalid for its type,
    or longer than the type's max_length);
  - any value that FtM's cleaning (`model.get_proxy(data, cleaned=False)`)
    drops or changes (e.g. date "2025-10-?" -> "2025-10", country "SY" ->
    "sy", name "Jane  Doe" -> "Jane Doe"), or a duplicate value;
  - a required property of the schema that is missing after cleaning;
  - an entity-typed property pointing to an id absent from the file, or to
    an entity whose schema is not the property's range (e.g.
    Occupancy.holder must be a Person).

Exit 0 printing `ftm: N entities valid`, else print at most 50 problems,
then the total count, and exit 1.
"""

import json
import sys

from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.types import registry

MAX_LINES = 50


def check_entity(data, where, problems, refs):
    """Check one parsed line. Returns (id, schema) or None."""
    if not isinstance(data, dict):
        problems.append(f"{where}: line is not a JSON object")
        return None
    eid = data.get("id")
    label = f"{where} {eid}" if isinstance(eid, str) else where
    if not isinstance(eid, str) or not eid:
        problems.append(f"{label}: missing or non-string id")
        return None
    if registry.entity.clean(eid) != eid:
        problems.append(f"{label}: id {eid!r} is not a valid FtM entity id "
                        f"([0-9a-zA-Z.-], max 200 chars)")
    extra = set(data) - {"id", "schema", "properties"}
    if extra:
        problems.append(f"{label}: unexpected top-level keys {sorted(extra)}")
    schema = model.get(data.get("schema") or "")
    if schema is None:
        problems.append(f"{label}: unknown schema {data.get('schema')!r}")
        return None
    label = f"{where} {eid} ({schema.name})"
    if schema.abstract:
        problems.append(f"{label}: schema is abstract")
    props = data.get("properties", {})
    if not isinstance(props, dict):
        problems.append(f"{label}: `properties` is not an object")
        return eid, schema

    ok_props = {}
    for name, values in props.items():
        prop = schema.get(name)
        if prop is None:
            problems.append(f"{label}: unknown property {name!r}")
            continue
        if prop.stub:
            problems.append(f"{label}: {name}: read-only (reverse) property")
            continue
        if (not isinstance(values, list) or not values
                or not all(isinstance(v, str) for v in values)):
            problems.append(f"{label}: {name}: value must be a non-empty list of "
                            f"strings, got {values!r}")
            continue
        ok_props[name] = values

    clean_data = {"id": eid, "schema": schema.name, "properties": ok_props}
    try:
        schema.validate(clean_data)
    except InvalidData as exc:
        errors = (getattr(exc, "errors", None) or {}).get("properties", {})
        for name, msg in errors.items():
            problems.append(f"{label}: {name}: Schema.validate: {msg}")
        if not errors:
            problems.append(f"{label}: Schema.validate: {exc}")

    try:
        proxy = model.get_proxy(clean_data, cleaned=False)
    except InvalidData as exc:
        # e.g. an entity property pointing at its own entity raises instead
        # of dropping; rebuild value by value to locate every such value.
        problems.append(f"{label}: FtM cleaning raised: {exc}")
        proxy = model.make_entity(schema)
        proxy.id = eid
        for name, values in ok_props.items():
            for value in values:
                try:
                    proxy.add(name, value)
                except InvalidData:
                    pass
    for name, values in ok_props.items():
        prop = schema.get(name)
        after = proxy.get(name, quiet=True)
        seen = set()
        before_count = len(problems)
        for value in values:
            if value in seen:
                problems.append(f"{label}: {name}: duplicate value {value!r}")
                continue
            seen.add(value)
            try:
                cleaned = prop.type.clean(value, format=prop.format, proxy=proxy)
            except InvalidData as exc:
                cleaned = f"<error: {exc}>"
            if cleaned is None or cleaned not in after:
                problems.append(f"{label}: {name}: value {value!r} dropped by "
                                f"FtM cleaning (cleaned: {cleaned!r})")
            elif cleaned != value:
                problems.append(f"{label}: {name}: value {value!r} changed by "
                                f"FtM cleaning to {cleaned!r}")
        if len(problems) == before_count and set(after) != set(values):
            problems.append(f"{label}: {name}: cleaning produced values not in the "
                            f"input: before {values!r}, after {after!r}")
        if prop.type == registry.entity:
            for value in values:
                refs.append((label, name, prop, value))

    for name in sorted(schema.required):
        if not proxy.has(name, quiet=True):
            problems.append(f"{label}: required property {name!r} missing")
    return eid, schema


def main(argv):
    if len(argv) != 2:
        print("usage: check_ftm.py FILE.jsonl", file=sys.stderr)
        return 2
    problems = []
    refs = []
    entities = {}
    count = 0
    try:
        fh = open(argv[1], "r", encoding="utf-8")
    except OSError as exc:
        print(f"ERROR cannot read {argv[1]}: {exc}")
        return 1
    with fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            count += 1
            where = f"line {lineno}"
            try:
                data = json.loads(line)
            except ValueError as exc:
                problems.append(f"{where}: invalid JSON: {exc}")
                continue
            res = check_entity(data, where, problems, refs)
            if res is None:
                continue
            eid, schema = res
            if eid in entities:
                problems.append(f"{where} {eid}: duplicate id")
            else:
                entities[eid] = schema

    for label, name, prop, target in refs:
        target_schema = entities.get(target)
        if target_schema is None:
            problems.append(f"{label}: {name}: dangling reference {target!r} "
                            f"(no such entity in the file)")
        elif prop.range is not None and not target_schema.is_a(prop.range):
            problems.append(f"{label}: {name}: {target!r} is a {target_schema.name}, "
                            f"but {prop.qname} expects a {prop.range.name}")

    if count == 0:
        problems.append("file contains no entities")
    if problems:
        for p in problems[:MAX_LINES]:
            print(p)
        if len(problems) > MAX_LINES:
            print(f"... and {len(problems) - MAX_LINES} more")
        print(f"ftm: {len(problems)} problem(s) in {count} entities")
        return 1
    print(f"ftm: {count} entities valid")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
