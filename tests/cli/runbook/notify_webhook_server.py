#!/usr/bin/env python3
"""On-call's webhook for the notify tests, on loopback only.

  notify_webhook_server.py KEY LOG_FILE PORT_FILE STATUS_FILE

Appends each POST to LOG_FILE as one JSON line (whether its
X-Evt-Signature is the HMAC-SHA256 of the body under KEY, and the body),
and answers with the HTTP status in STATUS_FILE (default 204; 401 when the
signature is wrong).
"""
import hashlib
import hmac
import http.server
import json
import os
import sys

KEY, LOG, PORT_FILE, STATUS_FILE = sys.argv[1].encode(), sys.argv[2], sys.argv[3], sys.argv[4]


class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        expected = "sha256=" + hmac.new(KEY, body, hashlib.sha256).hexdigest()
        ok = hmac.compare_digest(expected, self.headers.get("X-Evt-Signature", ""))
        with open(LOG, "a") as f:
            f.write(json.dumps({"signature_ok": ok, "body": json.loads(body)}) + "\n")
        status = 204
        if os.path.exists(STATUS_FILE):
            with open(STATUS_FILE) as f:
                status = int(f.read())
        self.send_response(status if ok else 401)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Hook)
with open(PORT_FILE + ".tmp", "w") as f:
    f.write(str(server.server_port))
os.rename(PORT_FILE + ".tmp", PORT_FILE)
server.serve_forever()
