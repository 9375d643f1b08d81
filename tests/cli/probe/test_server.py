#!/usr/bin/env python3
"""A small HTTP(S) server for evt-probe's tests, on loopback only.

  test_server.py PORT_FILE [--tls CERT KEY]

Binds 127.0.0.1 on a free port, writes the port to PORT_FILE, and serves:
  /ok                    200 "ok"
  /status/NNN            status NNN
  /delay/MS              200 after MS milliseconds
  /headers?Name=value    200 with those response headers (repeatable)
  /redirect/N            302 to /redirect/N-1, and /redirect/0 is /ok
  /big/N                 200 with N bytes of body
  /echo                  200 with the request method and body
"""
import http.server
import socketserver
import ssl
import sys
import time
import urllib.parse


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def route(self):
        url = urllib.parse.urlsplit(self.path)
        parts = url.path.strip("/").split("/")
        if parts[0] == "ok":
            return self.reply(200, b"ok\n", [("Content-Type", "text/plain")])
        if parts[0] == "status" and len(parts) == 2:
            return self.reply(int(parts[1]), b"status " + parts[1].encode() + b"\n")
        if parts[0] == "delay" and len(parts) == 2:
            time.sleep(int(parts[1]) / 1000.0)
            return self.reply(200, b"late\n")
        if parts[0] == "headers":
            return self.reply(200, b"headers\n", urllib.parse.parse_qsl(url.query))
        if parts[0] == "redirect" and len(parts) == 2:
            n = int(parts[1])
            target = "/ok" if n <= 0 else "/redirect/%d" % (n - 1)
            return self.reply(302, b"", [("Location", target)])
        if parts[0] == "big" and len(parts) == 2:
            return self.reply(200, b"x" * int(parts[1]))
        if parts[0] == "echo":
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length) if length else b""
            return self.reply(200, self.command.encode() + b" " + body)
        return self.reply(404, b"not found\n")

    def do_GET(self):
        self.route()

    do_HEAD = do_GET
    do_POST = do_GET
    do_PUT = do_GET


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    request_queue_size = 256


def main():
    port_file = sys.argv[1]
    server = Server(("127.0.0.1", 0), Handler)
    if len(sys.argv) == 5 and sys.argv[2] == "--tls":
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[3], sys.argv[4])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    import os
    os.rename(port_file + ".tmp", port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
