#!/usr/bin/env python3
"""Checks every response the tests received against the OpenAPI document.

Usage: check_responses.py OPENAPI_JSON LOG_DIR

LOG_DIR holds the JSON lines support/http_client writes when TONGBAO_RESPONSE_LOG names it (one
object a response: test, method, target, status, content_type, body for JSON answers). Each
response is matched to the document's operation (the path template under the first server's
URL, then the method) and to the response the operation declares for its status (the exact
code, then 4XX and the like, then default); its media type must be one the response declares and
a JSON body must be valid against that media type's schema, read as OpenAPI 3.0.3 reads it:
`nullable: true` adds null to the schema's `type` (and only there: beside `allOf` or `$ref`
without a `type` it allows nothing, and an `enum` must list null itself); `example`, `readOnly`, `writeOnly`, `discriminator`,
`xml`, `externalDocs` and `x-` extensions do not constrain.

Fails, printing one line per distinct mismatch (method, path template, status, the JSON pointer
into the body, the validator's message, how often and in which test), when a response breaks its
schema, when an operation answers a status the document does not declare (a 500 always does),
when a JSON answer comes from a response declared without a JSON schema, or when a request
outside the document's operations gets a server error (5xx). Needs only Debian's python3-jsonschema.
"""
import collections
import json
import pathlib
import re
import sys
import urllib.parse

import jsonschema

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Keywords of an OpenAPI 3.0 Schema Object that only annotate.
ANNOTATIONS = {"example", "readOnly", "writeOnly", "discriminator", "xml", "externalDocs", "deprecated"}


def convert(schema):
    """One OpenAPI 3.0 Schema Object as the JSON Schema (draft 4) it means."""
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key in ANNOTATIONS or key.startswith("x-") or key == "nullable":
            continue
        if key in ("properties", "patternProperties") and isinstance(value, dict):
            out[key] = {name: convert(s) for name, s in value.items()}
        elif key in ("items", "additionalProperties", "not") and isinstance(value, dict):
            out[key] = convert(value)
        elif key in ("allOf", "anyOf", "oneOf") and isinstance(value, list):
            out[key] = [convert(s) for s in value]
        else:
            out[key] = value
    if schema.get("nullable") is True and "type" in schema:
        out["type"] = [schema["type"], "null"]
    return out


def media_type(content_type):
    return content_type.split(";")[0].strip().lower()


def is_json(mime):
    return mime == "application/json" or mime.endswith("+json")


class Document:
    def __init__(self, path):
        self.doc = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
        servers = self.doc.get("servers") or [{"url": "/"}]
        self.prefix = urllib.parse.urlparse(servers[0]["url"]).path.rstrip("/")
        self.components = {
            kind: {name: (convert(s) if kind == "schemas" else s) for name, s in entries.items()}
            for kind, entries in self.doc.get("components", {}).items()
        }
        # Literal paths before templated ones, and templates with more literal segments first.
        self.templates = []
        for template in self.doc.get("paths", {}):
            segments = template.split("/")
            pattern = "^" + "/".join(
                "[^/]+" if re.fullmatch(r"\{[^}]+\}", s) else re.escape(s) for s in segments) + "$"
            literal = sum(1 for s in segments if not s.startswith("{"))
            self.templates.append((-literal, template, re.compile(pattern)))
        self.templates.sort()
        self.validators = {}

    def resolve(self, obj):
        while isinstance(obj, dict) and "$ref" in obj:
            node = self.doc
            for part in obj["$ref"].lstrip("#/").split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
            obj = node
        return obj

    def template_of(self, target):
        path = urllib.parse.urlsplit(target).path
        if self.prefix and not path.startswith(self.prefix + "/"):
            return None
        path = path[len(self.prefix):]
        for _, template, pattern in self.templates:
            if pattern.match(path):
                return template
        return None

    def operations(self):
        for template, item in self.doc.get("paths", {}).items():
            for method in item:
                if method in METHODS:
                    yield method.upper(), template

    def validator(self, schema):
        key = id(schema)  # the document's own schema objects, alive as long as it is
        if key not in self.validators:
            # References ("#/components/...") resolve within the converted schema itself.
            root = dict(convert(schema))
            root["components"] = self.components
            if "$ref" in root:
                root = {"allOf": [{"$ref": root["$ref"]}], "components": self.components}
            self.validators[key] = jsonschema.Draft4Validator(root)
        return self.validators[key]


def declared_response(responses, status):
    for key in (str(status), f"{str(status)[0]}XX", "default"):
        for declared in responses:
            if declared.upper() == key.upper():
                return declared
    return None


def pointer(path):
    """The JSON pointer of a place in the body, any array index shown as * (one line for all)."""
    return "/" + "/".join("*" if isinstance(p, int) else str(p).replace("~", "~0").replace("/", "~1")
                          for p in path)


def describe(error):
    """The validator's message, without the whole body a oneOf or anyOf would repeat."""
    if error.validator in ("oneOf", "anyOf"):
        if not error.context:
            return f"matches more than one {error.validator} branch (they must exclude each other)"
        best = jsonschema.exceptions.best_match(error.context)
        return (f"matches no {error.validator} branch; the closest fails at "
                f"{pointer(list(error.absolute_path) + list(best.relative_path))}: {describe(best)}")
    return error.message if len(error.message) <= 300 else error.message[:300] + "…"


def main():
    doc = Document(sys.argv[1])
    log_dir = pathlib.Path(sys.argv[2])
    records = []
    for file in sorted(log_dir.glob("*.jsonl")) if log_dir.is_dir() else []:
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                records.append(json.loads(line))

    problems = collections.OrderedDict()  # (method, template, status, where, message) -> [count, test]
    seen_operations = set()
    seen_statuses = set()
    outside = 0

    def problem(record, template, where, message):
        key = (record["method"], template or urllib.parse.urlsplit(record["target"]).path,
               record["status"], where, message)
        entry = problems.setdefault(key, [0, record.get("test", "?"), record["target"]])
        entry[0] += 1

    for record in records:
        method, status = record["method"].upper(), record["status"]
        template = doc.template_of(record["target"])
        item = doc.doc["paths"].get(template) if template else None
        operation = item.get(method.lower()) if item else None
        if operation is None:
            # Not an operation of the document (the web application's files, a method the path
            # lacks): the route coverage test answers for those; only a server error is wrong.
            outside += 1
            if status >= 500:
                problem(record, template, "", "a server error (the request is not a documented operation)")
            continue
        seen_operations.add((method, template))
        declared = declared_response(operation.get("responses", {}), status)
        if declared is None:
            problem(record, template, "", "status not declared for this operation")
            continue
        seen_statuses.add((method, template, declared))
        response = doc.resolve(operation["responses"][declared])
        content = response.get("content") or {}
        mime = media_type(record.get("content_type", ""))
        body = record.get("body")
        if not content:
            if body:
                problem(record, template, "", f"a {mime} body where the document declares none")
            continue
        if not mime:
            if record.get("status") != 304:
                problem(record, template, "", "no Content-Type where the document declares a body")
            continue
        media = None
        for declared_type, entry in content.items():
            d = media_type(declared_type)
            if d == mime or d == "*/*" or (d.endswith("/*") and mime.startswith(d[:-1])):
                media = entry
                break
        if media is None:
            problem(record, template, "", f"Content-Type {mime} is not among the declared {', '.join(content)}")
            continue
        if not is_json(mime):
            continue
        schema = media.get("schema")
        if schema is None:
            problem(record, template, "", f"a {mime} answer declared without a schema")
            continue
        try:
            instance = json.loads(body if body is not None else "")
        except ValueError as e:
            problem(record, template, "", f"the body is not JSON: {e}")
            continue
        for error in doc.validator(schema).iter_errors(instance):
            problem(record, template, pointer(error.absolute_path), describe(error))

    all_operations = set(doc.operations())
    print(f"{len(records)} responses recorded; {len(records) - outside} to {len(seen_operations)} of the "
          f"{len(all_operations)} documented operations ({len(seen_statuses)} declared responses seen), "
          f"{outside} outside the document")
    unseen = sorted(all_operations - seen_operations, key=lambda o: (o[1], o[0]))
    if records and unseen:
        print("not exercised by these tests: " + ", ".join(f"{m} {t}" for m, t in unseen))
    for (method, template, status, where, message), (count, test, target) in problems.items():
        print(f"MISMATCH {method} {template} {status} {where or '(response)'}: {message} "
              f"[{count}x, first in {test}: {method} {target}]")
    if problems:
        print(f"{len(problems)} distinct mismatches between the responses and {sys.argv[1]}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
