#!/usr/bin/env python3
"""Redirects to another host, for the redirect tests; loopback only.

  redirect_server.py PORT_FILE LOG_FILE

Listens on 127.0.0.1 and 127.0.0.2 on the same free port (two origins on
this machine), writes the port to PORT_FILE. /redirect/CODE?to=URL answers
CODE with "Location: URL" ("{port}" in it replaced by the port); /loop
answers 302 to itself; any other path answers 200 {"ok": true}. Each request is appended to LOG_FILE as one
JSON line: the address it reached, method, path, headers (names lowercase)
and body.
"""
import http.server
import json
import os
import socketserver
import sys
import threading
import urllib.parse

PORT_FILE, LOG_FILE = sys.argv[1:3]
LOCK = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_any(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length) if length else b""
        port = str(self.server.server_address[1])
        entry = {"address": self.server.server_address[0], "method": self.command, "path": self.path,
                 "headers": {k.lower(): v for k, v in self.headers.items()},
                 "body": body.decode("utf-8", "replace")}
        with LOCK, open(LOG_FILE, "a") as f:
            f.write(json.dumps(entry) + "\n")
        url = urllib.parse.urlsplit(self.path)
        parts = url.path.split("/")
        if url.path == "/loop" or (len(parts) == 3 and parts[1] == "redirect"):
            code = 302 if url.path == "/loop" else int(parts[2])
            target = "/loop" if url.path == "/loop" else urllib.parse.parse_qs(url.query)["to"][0].replace("{port}", port)
            self.send_response(code)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        reply = b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    do_GET = do_POST = do_PUT = do_DELETE = do_any


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def bind_pair():
    for _ in range(50):
        first = Server(("127.0.0.1", 0), Handler)
        try:
            second = Server(("127.0.0.2", first.server_address[1]), Handler)
            return first, second
        except OSError:
            first.server_close()
    sys.exit("redirect_server.py: no port free on both 127.0.0.1 and 127.0.0.2")


def main():
    servers = bind_pair()
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    with open(PORT_FILE + ".tmp", "w") as f:
        f.write(str(servers[0].server_address[1]))
    os.rename(PORT_FILE + ".tmp", PORT_FILE)
    threading.Event().wait()


if __name__ == "__main__":
    main()
