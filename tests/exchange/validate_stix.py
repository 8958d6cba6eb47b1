#!/usr/bin/env python3
"""Validates a STIX 2.1 document against the OASIS STIX 2.1 JSON Schemas (stix2.1-schemas/).

Usage: validate_stix.py SCHEMA_DIR FILE. Every object is checked against the schema of its type,
then the bundle as a whole. Prints each violation and exits 1 if there is any; an object of a type
the schemas do not know is a violation too (Tongbao writes none).
"""
import json
import pathlib
import sys

import jsonschema


def main():
    schema_dir = pathlib.Path(sys.argv[1])
    document = json.loads(pathlib.Path(sys.argv[2]).read_text(encoding="utf-8"))
    store = {}
    by_path = {}
    for path in schema_dir.rglob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        store[schema["$id"]] = schema
        by_path[path.relative_to(schema_dir).as_posix()] = schema

    def validator(schema):
        resolver = jsonschema.RefResolver(base_uri=schema["$id"], referrer=schema, store=store)
        return jsonschema.Draft202012Validator(schema, resolver=resolver,
                                               format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)

    errors = []
    objects = document.get("objects", []) if isinstance(document, dict) else []
    for index, obj in enumerate(objects):
        kind = obj.get("type", "") if isinstance(obj, dict) else ""
        schema = None
        for folder in ("sdos", "sros", "observables", "common"):
            schema = by_path.get(f"{folder}/{kind}.json")
            if schema:
                break
        if schema is None:
            errors.append(f"objects[{index}]: no schema for type {kind!r}")
            continue
        for e in validator(schema).iter_errors(obj):
            errors.append(f"objects[{index}] ({kind} {obj.get('id')}): {'/'.join(map(str, e.path))}: {e.message}")
    for e in validator(by_path["common/bundle.json"]).iter_errors(document):
        errors.append(f"bundle: {'/'.join(map(str, e.path))}: {e.message[:300]}")
    for line in errors:
        print(line)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
