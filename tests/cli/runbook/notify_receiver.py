#!/usr/bin/env python3
"""ntfy, Slack and Matrix as evt.notify meets them, on loopback only.

  notify_receiver.py serve LOG_FILE PORT_FILE
      Appends every request to LOG_FILE as one JSON line (method, path,
      headers, body) and answers 200 with "{}" as those servers do.
  notify_receiver.py check LOG_FILE EXPECTED_FILE RUN_ID
      Fails, saying where, unless LOG_FILE holds exactly the requests of
      EXPECTED_FILE (a JSON list, in order): the same method and path, each
      expected header with exactly that value, and the same body (compared
      as JSON when "json" is given, else as text in "text"). "{RUN_ID}" in
      an expected string stands for RUN_ID.
"""
import http.server
import json
import os
import sys


def serve(log, port_file):
    class Receiver(http.server.BaseHTTPRequestHandler):
        def handle_any(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with open(log, "a") as f:
                f.write(json.dumps({"method": self.command, "path": self.path,
                                    "headers": {k.lower(): v for k, v in self.headers.items()},
                                    "body": body.decode("utf-8")}) + "\n")
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        do_POST = do_PUT = do_GET = handle_any

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_port))
    os.rename(port_file + ".tmp", port_file)
    server.serve_forever()


def substitute(value, run_id):
    if isinstance(value, str):
        return value.replace("{RUN_ID}", run_id)
    if isinstance(value, list):
        return [substitute(v, run_id) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, run_id) for k, v in value.items()}
    return value


def check(log, expected_file, run_id):
    with open(log) as f:
        got = [json.loads(line) for line in f]
    with open(expected_file) as f:
        expected = substitute(json.load(f), run_id)
    problems = []
    if len(got) != len(expected):
        problems.append(f"{len(got)} requests, expected {len(expected)}: {[g['method'] + ' ' + g['path'] for g in got]}")
    for i, (g, e) in enumerate(zip(got, expected)):
        where = f"request {i + 1} ({e['method']} {e['path']})"
        if (g["method"], g["path"]) != (e["method"], e["path"]):
            problems.append(f"{where}: got {g['method']} {g['path']}")
        for name, value in e.get("headers", {}).items():
            if g["headers"].get(name.lower()) != value:
                problems.append(f"{where}: header {name}: got {g['headers'].get(name.lower())!r}, expected {value!r}")
        for name in e.get("absent_headers", []):
            if name.lower() in g["headers"]:
                problems.append(f"{where}: header {name} should be absent")
        if "json" in e:
            try:
                body = json.loads(g["body"])
            except ValueError as err:
                body = f"not JSON ({err}): {g['body']!r}"
            if body != e["json"]:
                problems.append(f"{where}: body {body!r}, expected {e['json']!r}")
        elif g["body"] != e["text"]:
            problems.append(f"{where}: body {g['body']!r}, expected {e['text']!r}")
    if problems:
        sys.exit("notify_receiver: " + "\n  ".join(problems))


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2], sys.argv[3])
    else:
        check(sys.argv[2], sys.argv[3], sys.argv[4])
