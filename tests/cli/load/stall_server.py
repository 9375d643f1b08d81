#!/usr/bin/python3
"""An HTTP/1.1 keep-alive server for evt-load's tests, on loopback only.

  stall_server.py PORT_FILE [--stall S --every P] [--delay MS] [--reset-every N]
                  [--count-file FILE]

Binds 127.0.0.1 on a free port, writes the port to PORT_FILE once it
listens, and answers every request with 200 "ok" at once, except:

  --stall S --every P  the whole server freezes for S seconds once every P
                       seconds (the first freeze starts P - S seconds after
                       start): a response due inside a freeze is held back
                       until the freeze ends, like a stop-the-world GC
                       pause. This is the server that coordinated omission
                       hides: a closed-loop client stops sending while it
                       waits, so the freeze touches only its few in-flight
                       requests.
  --delay MS           every response waits MS milliseconds (a slow server,
                       so a small --max-in-flight bites).
  --reset-every N      every Nth request (counted over the whole server)
                       gets a response head and no body, then its
                       connection is closed with SO_LINGER 0: the client
                       sees a TCP reset mid-response. (A reset before any
                       byte of the answer would be hidden: libcurl resends
                       a request whose reused connection died silently.)
  --count-file FILE    on SIGTERM/SIGINT and every second, FILE holds
                       "requests N resets M connections C".

Only the Python standard library, so it runs wherever /usr/bin/python3 does.
"""
import argparse
import asyncio
import os
import signal
import socket
import struct
import time

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\n"
RESPONSE = HEAD + b"ok\n"


class Stats:
    def __init__(self):
        self.requests = 0
        self.resets = 0
        self.connections = 0

    def line(self):
        return "requests %d resets %d connections %d\n" % (
            self.requests, self.resets, self.connections)


def seconds_until_thaw(now, start, stall, every):
    """How long a response due at `now` must wait for the freeze to end."""
    if stall <= 0:
        return 0.0
    phase = (now - start) % every
    freeze_begins = every - stall
    return every - phase if phase >= freeze_begins else 0.0


async def read_request(reader):
    """Reads one request (head and Content-Length body); False at EOF."""
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    close = False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value.strip())
        elif name == b"connection" and value.strip().lower() == b"close":
            close = True
    if length:
        await reader.readexactly(length)
    return close


async def reset_mid_response(writer):
    writer.write(HEAD)
    await writer.drain()
    # Let the head reach the client before the reset discards what is queued.
    await asyncio.sleep(0.01)
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def serve(reader, writer, args, start, stats):
    stats.connections += 1
    try:
        while True:
            close = await read_request(reader)
            stats.requests += 1
            if args.reset_every and stats.requests % args.reset_every == 0:
                stats.resets += 1
                await reset_mid_response(writer)
                return
            wait = args.delay / 1000.0 + seconds_until_thaw(
                time.monotonic(), start, args.stall, args.every)
            if wait > 0:
                await asyncio.sleep(wait)
            writer.write(RESPONSE)
            await writer.drain()
            if close:
                break
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, ValueError):
        pass
    writer.close()


def write_counts(path, stats):
    if path:
        with open(path + ".tmp", "w") as f:
            f.write(stats.line())
        # rename: a reader never sees a half-written line
        os.replace(path + ".tmp", path)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port_file")
    parser.add_argument("--stall", type=float, default=0.0)
    parser.add_argument("--every", type=float, default=0.0)
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--reset-every", type=int, default=0)
    parser.add_argument("--count-file")
    args = parser.parse_args()
    if args.stall > 0 and not 0 < args.stall < args.every:
        parser.error("--stall S needs --every P with 0 < S < P")

    stats = Stats()
    start = time.monotonic()
    server = await asyncio.start_server(
        lambda r, w: serve(r, w, args, start, stats), "127.0.0.1", 0, backlog=1024)
    with open(args.port_file, "w") as f:
        f.write("%d\n" % server.sockets[0].getsockname()[1])

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    while not stop.is_set():
        write_counts(args.count_file, stats)
        try:
            await asyncio.wait_for(stop.wait(), 1.0)
        except asyncio.TimeoutError:
            pass
    write_counts(args.count_file, stats)
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
