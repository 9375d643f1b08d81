"""What the probe tests' servers share: a request log, and one handler
served on 127.0.0.1 and 127.0.0.2 on the same free port (two hosts on this
machine, so a test can tell an answer from a hostile host's); loopback only.
"""
import http.server
import json
import os
import socketserver
import sys
import threading

_LOCK = threading.Lock()


class QuietHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def port(self):
        return str(self.server.server_address[1])

    def log_request_to(self, log_file, **fields):
        """Reads the body and appends the request to log_file as one JSON
        line: the address it reached, method, path, body and `fields`."""
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length) if length else b""
        entry = {"address": self.server.server_address[0], "method": self.command, "path": self.path, **fields,
                 "body": body.decode("utf-8", "replace")}
        with _LOCK, open(log_file, "a") as f:
            f.write(json.dumps(entry) + "\n")

    def reply(self, code, body=b"", headers=()):
        self.send_response(code)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def _bind_pair(handler, name):
    for _ in range(50):
        first = _Server(("127.0.0.1", 0), handler)
        try:
            second = _Server(("127.0.0.2", first.server_address[1]), handler)
            return first, second
        except OSError:
            first.server_close()
    sys.exit(name + ": no port free on both 127.0.0.1 and 127.0.0.2")


def serve_on_two_hosts(handler, port_file, name):
    """Serves until killed; the port goes to port_file once both listen."""
    servers = _bind_pair(handler, name)
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    with open(port_file + ".tmp", "w") as f:
        f.write(str(servers[0].server_address[1]))
    os.rename(port_file + ".tmp", port_file)
    threading.Event().wait()
