#!/usr/bin/env python3
"""check_responses.py finds what it must: each case writes a small document and a response log,
runs the checker as CTest does, and looks at its exit status and the lines it prints."""
import json
import pathlib
import subprocess
import sys
import tempfile
import unittest

CHECKER = pathlib.Path(__file__).with_name("check_responses.py")

ERROR = {"$ref": "#/components/schemas/Error"}
DOCUMENT = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "servers": [{"url": "/"}],
    "paths": {
        "/api/v1/keys/{id}": {
            "get": {"responses": {
                "200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Issued"}}}},
                "4XX": {"description": "No", "content": {"application/json": {"schema": ERROR}}}}},
        },
        "/api/v1/keys/export": {
            "get": {"responses": {"200": {"description": "CSV", "content": {"text/csv; charset=utf-8": {}}}}},
        },
        "/api/v1/things": {
            "get": {"responses": {
                "200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                "default": {"description": "Else", "content": {"application/json": {"schema": ERROR}}}}},
            "post": {"responses": {
                "201": {"description": "One or many", "content": {"application/json": {"schema": {"oneOf": [
                    {"$ref": "#/components/schemas/Thing"},
                    {"type": "object", "properties": {"items": {"type": "array"}}}]}}}},
                "204": {"description": "Nothing"}}},
            "put": {"responses": {"200": {"description": "No schema", "content": {"application/json": {}}}}},
        },
    },
    "components": {"schemas": {
        "Error": {"type": "object", "required": ["error"], "additionalProperties": False,
                  "properties": {"error": {"type": "object"}}},
        "Key": {"type": "object", "additionalProperties": False, "required": ["id"],
                "properties": {"id": {"type": "integer"}}},
        # The api-keys mistake: a closed object cannot be extended through allOf.
        "Issued": {"allOf": [{"$ref": "#/components/schemas/Key"},
                             {"type": "object", "properties": {"key": {"type": "string"}}}]},
        "Thing": {"type": "object", "additionalProperties": False, "properties": {
            "at": {"type": "string", "nullable": True},
            "level": {"type": "integer"},
            "kind": {"type": "string", "enum": ["a", "b"], "nullable": True},
            "key": {"$ref": "#/components/schemas/Key"},
            "beside": {"type": "object", "nullable": True, "allOf": [{"$ref": "#/components/schemas/Key"}]},
            "other": {"anyOf": [{"$ref": "#/components/schemas/Key"},
                                {"type": "object", "nullable": True, "enum": [None]}]},
            "seen": {"type": "integer", "readOnly": True, "example": "not an integer"}}},
    }},
}


def check(*responses):
    with tempfile.TemporaryDirectory() as folder:
        folder = pathlib.Path(folder)
        (folder / "openapi.json").write_text(json.dumps(DOCUMENT))
        (folder / "log").mkdir()
        with open(folder / "log" / "1.jsonl", "w") as log:
            for method, target, status, content_type, body in responses:
                line = {"test": "Case.One", "method": method, "target": target, "status": status,
                        "content_type": content_type}
                if body is not None:
                    line["body"] = body if isinstance(body, str) else json.dumps(body)
                log.write(json.dumps(line) + "\n")
        run = subprocess.run([sys.executable, str(CHECKER), str(folder / "openapi.json"), str(folder / "log")],
                             capture_output=True, text=True)
        return run.returncode, [line for line in run.stdout.splitlines() if line.startswith("MISMATCH")]


JSON = "application/json; charset=utf-8"


class CheckResponses(unittest.TestCase):
    def test_valid_responses_pass(self):
        status, lines = check(
            ("GET", "/api/v1/things?x=1", 200, JSON, {"at": None, "kind": "a", "key": {"id": 1}, "other": None,
                                                      "seen": 3}),
            ("GET", "/api/v1/keys/7", 404, JSON, {"error": {"code": "not_found"}}),  # 4XX
            ("GET", "/api/v1/things", 418, JSON, {"error": {}}),  # default
            ("GET", "/api/v1/keys/export", 200, "text/csv; charset=utf-8", None),  # a literal path beats {id}
            ("POST", "/api/v1/things", 204, "", None),
            ("GET", "/index.html", 200, "text/html", None),  # outside the document
            ("DELETE", "/api/v1/things", 405, JSON, {"error": {}}))  # a method the path lacks
        self.assertEqual((status, lines), (0, []))

    def test_a_field_forbidden_by_a_closed_object_under_allof_is_named(self):
        status, lines = check(("GET", "/api/v1/keys/1", 200, JSON, {"id": 1, "key": "tbk_x"}))
        self.assertEqual(status, 1)
        self.assertEqual(len(lines), 1)
        self.assertIn("GET /api/v1/keys/{id} 200 /: Additional properties are not allowed ('key' was unexpected)", lines[0])
        self.assertIn("first in Case.One: GET /api/v1/keys/1", lines[0])

    def test_oneof_branches_that_both_match_are_a_mismatch(self):
        status, lines = check(("POST", "/api/v1/things", 201, JSON, {"at": "x"}))
        self.assertEqual(status, 1)
        self.assertIn("matches more than one oneOf branch", lines[0])

    def test_null_only_where_openapi_3_0_3_allows_it(self):
        status, lines = check(("GET", "/api/v1/things", 200, JSON, {"level": None, "beside": None, "kind": None}))
        self.assertEqual(status, 1)
        where = sorted(line.split(" 200 ")[1].split(":")[0] for line in lines)
        # nullable beside allOf has no type of its own to add null to; an enum must list null itself.
        self.assertEqual(where, ["/beside", "/kind", "/level"])

    def test_undeclared_statuses_and_server_errors_fail(self):
        status, lines = check(("POST", "/api/v1/things", 500, JSON, {"error": {}}),
                              ("GET", "/index.html", 502, "text/plain", None))
        self.assertEqual(status, 1)
        self.assertEqual(len(lines), 2)
        self.assertIn("POST /api/v1/things 500 (response): status not declared", lines[0])
        self.assertIn("GET /index.html 502 (response): a server error", lines[1])

    def test_bodies_the_document_does_not_describe_fail(self):
        status, lines = check(("POST", "/api/v1/things", 204, JSON, {"x": 1}),
                              ("PUT", "/api/v1/things", 200, JSON, {"x": 1}),
                              ("GET", "/api/v1/keys/export", 200, JSON, {"x": 1}),
                              ("GET", "/api/v1/things", 200, JSON, "{not json"))
        self.assertEqual(status, 1)
        self.assertEqual(len(lines), 4)
        self.assertIn("a application/json body where the document declares none", lines[0])
        self.assertIn("declared without a schema", lines[1])
        self.assertIn("Content-Type application/json is not among the declared text/csv", lines[2])
        self.assertIn("the body is not JSON", lines[3])

    def test_the_same_mismatch_in_many_responses_is_one_line(self):
        status, lines = check(*[("GET", "/api/v1/keys/%d" % i, 200, JSON, {"id": "x"}) for i in range(5)])
        self.assertEqual(status, 1)
        self.assertEqual(len(lines), 1)
        self.assertIn("[5x,", lines[0])


if __name__ == "__main__":
    unittest.main()
