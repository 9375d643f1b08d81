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
import sys
import urllib.parse

from two_hosts import QuietHandler, serve_on_two_hosts

PORT_FILE, LOG_FILE = sys.argv[1:3]


class Handler(QuietHandler):
    def do_any(self):
        self.log_request_to(LOG_FILE, headers={k.lower(): v for k, v in self.headers.items()})
        url = urllib.parse.urlsplit(self.path)
        parts = url.path.split("/")
        if url.path == "/loop" or (len(parts) == 3 and parts[1] == "redirect"):
            code = 302 if url.path == "/loop" else int(parts[2])
            target = "/loop" if url.path == "/loop" else urllib.parse.parse_qs(url.query)["to"][0].replace("{port}", self.port())
            self.reply(code, headers=[("Location", target)])
            return
        self.reply(200, b'{"ok": true}', [("Content-Type", "application/json")])

    do_GET = do_POST = do_PUT = do_DELETE = do_any


if __name__ == "__main__":
    serve_on_two_hosts(Handler, PORT_FILE, "redirect_server.py")
