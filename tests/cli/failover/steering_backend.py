#!/usr/bin/python3
"""A small HTTP backend for the steering tests (issues 29, 30): every answer
carries `X-Served-By: NAME`, so a client counts who served it without
trusting the proxy's own counters.

Usage: steering_backend.py NAME PORT_FILE [--port N]
  Listens on 127.0.0.1 (port N, or a free one), writes the port to
  PORT_FILE once listening, serves until killed.

Any path answers 200 "NAME\\n". Behaviour can be changed per request with
query parameters, or for every later request through /_control:
  ?delay_ms=N      wait N ms before answering
  ?status=C        answer with HTTP status C instead of 200
  ?error_rate=F    answer 500 on a fraction F of requests (seeded: see below)
  GET /_control?delay_ms=N&status=C&error_rate=F   sets the defaults
  GET /_control?reset=1                             back to plain 200s
  GET /_count      the number of requests served (not counting /_ ones)
The error draw uses random.Random(seed) with the seed from EVT_TEST_SEED
(printed on stderr at start), so a failing run replays.
"""
import http.server
import os
import random
import sys
import threading
import time
import urllib.parse


class State:
    def __init__(self, name, seed):
        self.name = name
        self.lock = threading.Lock()
        self.count = 0
        self.defaults = {}
        self.rng = random.Random(seed)


def make_handler(state):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body are two writes: without this, Nagle's algorithm
        # holds the body until the peer's delayed ACK, 40 ms a request.
        disable_nagle_algorithm = True

        def log_message(self, *args):
            pass

        def answer(self, code, body):
            data = body.encode()
            self.send_response(code)
            self.send_header("X-Served-By", state.name)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def control(self, params):
            with state.lock:
                if "reset" in params:
                    state.defaults = {}
                for key in ("delay_ms", "status", "error_rate"):
                    if key in params:
                        state.defaults[key] = params[key]
                return "%s\n" % sorted(state.defaults.items())

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            params = {k: v[-1] for k, v in urllib.parse.parse_qs(url.query).items()}
            if url.path == "/_control":
                return self.answer(200, self.control(params))
            if url.path == "/_count":
                with state.lock:
                    return self.answer(200, "%d\n" % state.count)
            with state.lock:
                state.count += 1
                settings = dict(state.defaults)
                settings.update(params)
                draw = state.rng.random()
            try:
                delay_ms = float(settings.get("delay_ms", 0))
                code = int(settings.get("status", 200))
                error_rate = float(settings.get("error_rate", 0))
            except ValueError:
                return self.answer(400, "bad delay_ms, status or error_rate\n")
            if delay_ms > 0:
                time.sleep(delay_ms / 1000)
            if draw < error_rate:
                code = 500
            self.answer(code, "%s\n" % state.name)

        do_HEAD = do_GET

    return Handler


def main():
    if len(sys.argv) not in (3, 5) or (len(sys.argv) == 5 and sys.argv[3] != "--port"):
        sys.stderr.write("usage: steering_backend.py NAME PORT_FILE [--port N]\n")
        return 2
    name, port_file = sys.argv[1], sys.argv[2]
    port = int(sys.argv[4]) if len(sys.argv) == 5 else 0
    seed = int(os.environ.get("EVT_TEST_SEED") or random.SystemRandom().randrange(1 << 31))
    sys.stderr.write("steering_backend %s: seed %d (EVT_TEST_SEED replays it)\n" % (name, seed))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), make_handler(State(name, seed)))
    server.daemon_threads = True
    tmp = port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(tmp, port_file)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
