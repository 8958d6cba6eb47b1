#!/usr/bin/python3
"""A stand-in SMS gateway on loopback for the tests: accepts POSTs, appends each as a JSON line
(path, Idempotency-Key header, body) to a file, and answers 202. A repeated Idempotency-Key is
recorded but flagged, as a real gateway would drop it. Usage: sms_gateway.py PORT_FILE OUT_FILE"""
import http.server
import json
import os
import sys

seen = set()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8")
        key = self.headers.get("Idempotency-Key")
        record = {"path": self.path, "idempotency_key": key, "repeat": key in seen, "body": json.loads(body)}
        seen.add(key)
        with open(sys.argv[2], "a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.send_response(202)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
server.serve_forever()
