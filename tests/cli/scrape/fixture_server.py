#!/usr/bin/python3
"""A vendor console for evt-scrape's tests, on loopback: a login that sets a
session cookie, sessions that can be expired to force a re-login, Link
pagination, a 429 with Retry-After, an HTML page with __NEXT_DATA__, bad
answers, redirects (to a URL in ?to=), gzip bombs, and hostile exposition
names. /stats says which paths received credentials. Usage: fixture_server.py PORT_FILE. Writes the port it got to
PORT_FILE once it listens."""
import gzip
import json
import secrets
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

SESSIONS = set()
STATS = {"logins": 0, "failed_logins": 0, "limited_hits": 0, "unauthorized": 0, "credentials": []}
CREDENTIAL_HEADERS = ("Authorization", "X-API-Key", "Cookie")
BOMBS = {}
ITEMS = [{"id": f"kiosk{i}", "state": ["UP", "DOWN"][i % 2], "sales": 10 * i} for i in range(1, 8)]

# Upstream names evt-scrape must not print raw: a quoted name holding a
# newline and a forged series, dotted names, label names that are not
# Prometheus names, and labels and a series that collide with evt's own.
HOSTILE_PROM = """# TYPE ok_metric gauge
ok_metric{kiosk="k1"} 1
{"evil\\nup{source=\\"ups\\"} 1"} 7
{"dotted.name.total", "label.with.dots"="x", "9lives"="y"} 3
# TYPE up gauge
up 0
up{source="upstream"} 1
# TYPE evt_scrape_up gauge
evt_scrape_up 0
plain{source="theirs", exported_source="also"} 5
"""


def bomb(kind):
    """40 MiB of text that gzips to about 140 KiB (made once)."""
    if kind not in BOMBS:
        if kind == "prom":
            text = b"# " + b"x" * 78 + b"\n"
            data = text * (40 * 1024 * 1024 // len(text)) + b"a 1\n"
        else:
            data = b'{"a": 1' + b" " * (40 * 1024 * 1024) + b"}"
        BOMBS[kind] = gzip.compress(data, compresslevel=6)
    return BOMBS[kind]


NEXT_PAGE = """<!DOCTYPE html><html><head><title>Console</title></head><body>
<div id="__next"></div>
<script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":{"cdn":{"hit_ratio":0.93,"spend_cents":1234}}}}</script>
</body></html>"""


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body, content_type="application/json", headers=()):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def note_credentials(self):
        if any(self.headers.get(h) for h in CREDENTIAL_HEADERS):
            STATS["credentials"].append(urlparse(self.path).path)

    def redirect(self, status, query):
        self.send_response(status)
        self.send_header("Location", query["to"][0])
        self.send_header("Content-Length", "0")
        self.end_headers()

    def session_ok(self):
        cookies = self.headers.get("Cookie", "")
        for part in cookies.split(";"):
            name, _, value = part.strip().partition("=")
            if name == "sid" and value in SESSIONS:
                return True
        return False

    def do_POST(self):
        self.note_credentials()
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        url = urlparse(self.path)
        if url.path == "/redirect307":
            return self.redirect(307, parse_qs(url.query))
        if self.path == "/login":
            try:
                creds = json.loads(body)
            except ValueError:
                creds = {}
            if creds.get("user") == "admin" and creds.get("password") == "s3cret":
                sid = secrets.token_hex(8)
                SESSIONS.add(sid)
                STATS["logins"] += 1
                return self.reply(200, '{"ok":true}', headers=[("Set-Cookie", f"sid={sid}; Path=/; HttpOnly")])
            STATS["failed_logins"] += 1
            return self.reply(401, '{"error":"bad credentials"}')
        if self.path == "/admin/expire":
            SESSIONS.clear()
            return self.reply(200, "{}")
        self.reply(404, "{}")

    def do_GET(self):
        self.note_credentials()
        url = urlparse(self.path)
        query = parse_qs(url.query)
        if url.path in ("/redirect", "/redirect307"):
            return self.redirect(302 if url.path == "/redirect" else 307, query)
        if url.path == "/linkaway":
            return self.reply(200, json.dumps({"items": ITEMS[:1]}), headers=[("Link", f'<{query["to"][0]}>; rel="next"')])
        if url.path == "/keyed.prom":
            if self.headers.get("X-API-Key") != "k3y":
                return self.reply(401, "no key\n", "text/plain")
            return self.reply(200, "# TYPE keyed gauge\nkeyed 1\n", "text/plain; version=0.0.4")
        if url.path in ("/bomb.prom", "/bomb.json"):
            kind = "prom" if url.path.endswith("prom") else "json"
            ctype = "text/plain; version=0.0.4" if kind == "prom" else "application/json"
            return self.reply(200, bomb(kind), ctype, headers=[("Content-Encoding", "gzip")])
        if url.path == "/big.prom":
            line = "# " + "y" * 1021 + "\n"
            return self.reply(200, line * (9 * 1024) + "big 1\n", "text/plain; version=0.0.4")
        if url.path == "/hostile.prom":
            return self.reply(200, HOSTILE_PROM, "text/plain; version=0.0.4")
        if url.path == "/stats":
            return self.reply(200, json.dumps(STATS))
        if url.path == "/api/status":
            if not self.session_ok():
                STATS["unauthorized"] += 1
                return self.reply(401, '{"error":"login required"}')
            return self.reply(200, json.dumps({"lte": {"rsrp": -97, "band": "n78"}, "wan": {"rx_bytes": 123456789, "link": "UP"}}))
        if url.path == "/api/items":
            page = int(query.get("page", ["1"])[0])
            size = 3
            chunk = ITEMS[(page - 1) * size: page * size]
            headers = []
            if page * size < len(ITEMS):
                port = self.server.server_address[1]
                headers.append(("Link", f'<http://127.0.0.1:{port}/api/items?page={page + 1}>; rel="next"'))
            return self.reply(200, json.dumps({"items": chunk}), headers=headers)
        if url.path == "/api/limited":
            STATS["limited_hits"] += 1
            if STATS["limited_hits"] % 2 == 1:
                return self.reply(429, '{"error":"slow down"}', headers=[("Retry-After", "1")])
            return self.reply(200, '{"queue": 4}')
        if url.path == "/page.html":
            return self.reply(200, NEXT_PAGE, "text/html; charset=utf-8")
        if url.path == "/nodata.html":
            return self.reply(200, "<html><body><p>Please enable JavaScript</p></body></html>", "text/html")
        if url.path == "/bad.json":
            return self.reply(200, '{"lte": {"rsrp": -97,,}}')
        if url.path == "/broken.prom":
            return self.reply(200, "# TYPE a gauge\na 1\nb{x=\"1\" 2\n", "text/plain; version=0.0.4")
        self.reply(404, '{"error":"not found"}')


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    import os
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    server.serve_forever()


if __name__ == "__main__":
    main()
