#!/usr/bin/python3
"""A real SMTP server on loopback for the tests (aiosmtpd). Each message it accepts is appended to
a JSON-lines file: envelope recipients, Message-ID, the platform's kind header, the incident id,
the decoded subject and body. Usage: smtp_capture.py PORT_FILE OUT_FILE [PORT]"""
import email
import email.header
import email.policy
import json
import os
import signal
import socket
import sys

from aiosmtpd.controller import Controller


class Capture:
    def __init__(self, path):
        self.path = path

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        record = {
            "to": envelope.rcpt_tos,
            "message_id": msg["Message-ID"],
            "kind": msg["X-Tongbao-Kind"],
            "incident": msg["X-Tongbao-Incident"],
            "subject": str(msg["Subject"]),
            "date": msg["Date"],
            "body": msg.get_body().get_content(),
        }
        with open(self.path, "a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            out.flush()
            os.fsync(out.fileno())
        return "250 Message accepted for delivery"


def main():
    port_file, out_file = sys.argv[1], sys.argv[2]
    port = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    if port == 0:  # a free port: the controller cannot bind port 0 itself
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
    controller = Controller(Capture(out_file), hostname="127.0.0.1", port=port)
    controller.start()
    bound = port
    with open(port_file + ".tmp", "w") as f:
        f.write(str(bound))
    os.rename(port_file + ".tmp", port_file)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.pause()


if __name__ == "__main__":
    main()
