#!/usr/bin/env python3
"""A shop whose answers a flow captures, for the capture tests; loopback only.

  capture_server.py PORT_FILE LOG_FILE CART_ID LOCATION

Listens on 127.0.0.1 and 127.0.0.2 on the same free port (another host on
this machine, the one a hostile answer points at), writes the port to
PORT_FILE, and answers every request with 201 {"id": CART_ID} and
"Location: LOCATION", "{port}" in either replaced by the port. Each request
is appended to LOG_FILE as one JSON line: the address it reached, method,
path, Authorization header and body.
"""
import http.server
import json
import os
import socket
import socketserver
import sys
import threading

PORT_FILE, LOG_FILE, CART_ID, LOCATION = sys.argv[1:5]
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
                 "authorization": self.headers.get("Authorization"),
                 "body": body.decode("utf-8", "replace")}
        with LOCK, open(LOG_FILE, "a") as f:
            f.write(json.dumps(entry) + "\n")
        reply = json.dumps({"id": CART_ID.replace("{port}", port)}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Location", LOCATION.replace("{port}", port))
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
    sys.exit("capture_server.py: no port free on both 127.0.0.1 and 127.0.0.2")


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
