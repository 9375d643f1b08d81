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
import json
import sys

from two_hosts import QuietHandler, serve_on_two_hosts

PORT_FILE, LOG_FILE, CART_ID, LOCATION = sys.argv[1:5]


class Handler(QuietHandler):
    def do_any(self):
        self.log_request_to(LOG_FILE, authorization=self.headers.get("Authorization"))
        port = self.port()
        reply = json.dumps({"id": CART_ID.replace("{port}", port)}).encode()
        self.reply(201, reply, [("Content-Type", "application/json"), ("Location", LOCATION.replace("{port}", port))])

    do_GET = do_POST = do_PUT = do_DELETE = do_any


if __name__ == "__main__":
    serve_on_two_hosts(Handler, PORT_FILE, "capture_server.py")
