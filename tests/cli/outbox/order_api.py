#!/usr/bin/python3
"""The shop's order API for evt-outbox's tests: the far side of the http
destination, on 127.0.0.1 only.

POST <any path but /_control> commits an order. It requires
"Authorization: Bearer <token>" (401 otherwise, nothing committed) and an
Idempotency-Key header (400 without one). A key is committed once: the same
key again answers 200 with the first answer and commits nothing; the same
key with another body answers 422. With --no-idempotency it behaves like a
shop that ignores the header: every POST commits.

GET /stats answers {"keys": {KEY: {"commits": N, "posts": N, "post_ms": [...]}},
"commits": N, "posts": N, "unauthorized": N}: what the tests count.

POST /_control with a JSON object changes how the next orders are answered
(no token needed: loopback only, the tests' own switchboard):
  {"fail": 503, "count": N}        answer N orders (or all, without count) with that status
  {"status": 429, "retry_after": "2", "count": N}   the same with a Retry-After header
  {"reject_id": KEY, "status": 400}  answer that key with the status and a JSON error
  {"delay_ms": D}                  commit, then wait D ms before answering
  {"drop_after_commit": N}         commit the next N orders, then close the connection unanswered
  {"down_ms": D}                   for D ms close every order's connection before reading it
  {"reset": true}                  back to answering every order normally
"""
import argparse
import json
import os
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
STATE = {"keys": {}, "commits": 0, "posts": 0, "unauthorized": 0}
FAULTS = {}
BODIES = {}


def now_ms():
    return int(time.time() * 1000)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    token = ""
    idempotency = True

    def log_message(self, fmt, *args):  # quiet: the tests read /stats
        pass

    def answer(self, status, obj, headers=None):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def drop(self):
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def do_GET(self):
        if self.path != "/stats":
            return self.answer(404, {"error": "not found"})
        with LOCK:
            return self.answer(200, STATE)

    def do_POST(self):
        if self.path == "/_control":
            return self.control()
        with LOCK:
            down_until = FAULTS.get("down_until", 0)
        if now_ms() < down_until:
            return self.drop()
        body = self.read_body()
        if self.headers.get("Authorization") != "Bearer " + self.token:
            with LOCK:
                STATE["unauthorized"] += 1
            return self.answer(401, {"error": "invalid or missing bearer token"})
        key = self.headers.get("Idempotency-Key")
        if not key:
            return self.answer(400, {"error": "Idempotency-Key header required"})
        try:
            json.loads(body)
        except ValueError:
            return self.answer(400, {"error": "body is not JSON"})
        with LOCK:
            entry = STATE["keys"].setdefault(key, {"commits": 0, "posts": 0, "post_ms": []})
            entry["posts"] += 1
            entry["post_ms"].append(now_ms())
            STATE["posts"] += 1
            fault = self.take_fault(key)
        if fault is not None:
            status, headers = fault
            return self.answer(status, {"error": "told to fail", "status": status}, headers)
        with LOCK:
            if self.idempotency and key in BODIES:
                if BODIES[key] != body:
                    return self.answer(422, {"error": "Idempotency-Key reused with another body"})
                return self.answer(200, {"order": key, "replayed": True})
            BODIES[key] = body
            entry["commits"] += 1
            STATE["commits"] += 1
            delay = FAULTS.get("delay_ms", 0)
            drop = FAULTS.get("drop_after_commit", 0)
            if drop:
                FAULTS["drop_after_commit"] = drop - 1
        if delay:
            time.sleep(delay / 1000)
        if drop:
            return self.drop()
        return self.answer(201, {"order": key, "committed": True})

    def take_fault(self, key):
        """(status, headers) when this order is to fail; LOCK held."""
        reject = FAULTS.get("reject", {})
        if key in reject:
            return reject[key], {}
        fail = FAULTS.get("fail")
        if fail is None:
            return None
        if fail.get("count") is not None:
            if fail["count"] <= 0:
                return None
            fail["count"] -= 1
        headers = {"Retry-After": fail["retry_after"]} if fail.get("retry_after") is not None else {}
        return fail["status"], headers

    def control(self):
        try:
            order = json.loads(self.read_body())
        except ValueError:
            return self.answer(400, {"error": "control body is not JSON"})
        with LOCK:
            if order.get("reset"):
                FAULTS.clear()
            if "fail" in order or ("status" in order and "reject_id" not in order):
                FAULTS["fail"] = {"status": int(order.get("fail", order.get("status"))),
                                  "count": order.get("count"), "retry_after": order.get("retry_after")}
            if "reject_id" in order:
                FAULTS.setdefault("reject", {})[order["reject_id"]] = int(order.get("status", 400))
            if "delay_ms" in order:
                FAULTS["delay_ms"] = int(order["delay_ms"])
            if "drop_after_commit" in order:
                FAULTS["drop_after_commit"] = int(order["drop_after_commit"])
            if "down_ms" in order:
                FAULTS["down_until"] = now_ms() + int(order["down_ms"])
        return self.answer(200, {"ok": True})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--token-file", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--no-idempotency", action="store_true")
    args = parser.parse_args()
    with open(args.token_file) as f:
        Handler.token = f.read().strip()
    Handler.idempotency = not args.no_idempotency
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(tmp, args.port_file)  # a reader never sees half a port
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
