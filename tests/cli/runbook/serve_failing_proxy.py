#!/usr/bin/env python3
"""A receiver that fails until told not to: answers 500 to every POST until
the file READY exists, then forwards each POST to the target URL and answers
what it answered. Counts the requests it failed in FAILED (one line each).
Writes its port to PORT_FILE. Usage: serve_failing_proxy.py READY TARGET PORT_FILE FAILED"""
import http.server
import os
import sys
import urllib.request

ready, target, port_file, failed = sys.argv[1:5]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if not os.path.exists(ready):
            with open(failed, "a") as f:
                f.write("500\n")
            self.send_response(500)
            self.end_headers()
            return
        req = urllib.request.Request(target, data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                code, answer = resp.status, resp.read()
        except urllib.error.HTTPError as e:
            code, answer = e.code, e.read()
        self.send_response(code)
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
