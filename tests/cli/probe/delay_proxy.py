#!/usr/bin/env python3
"""A TCP proxy on loopback that delays each connection's first request by a
random time, for jitter tests (this kernel has no tc netem).

  delay_proxy.py PORT_FILE UPSTREAM_PORT MIN_MS MAX_MS [SEED]

Each accepted connection waits uniform(MIN_MS, MAX_MS) before its first
bytes go upstream; then bytes flow both ways unchanged.
"""
import os
import random
import socket
import sys
import threading
import time


def pump(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(client, upstream_port, delay_s):
    try:
        first = client.recv(65536)
        time.sleep(delay_s)
        upstream = socket.create_connection(("127.0.0.1", upstream_port))
        upstream.sendall(first)
    except OSError:
        client.close()
        return
    threading.Thread(target=pump, args=(upstream, client), daemon=True).start()
    pump(client, upstream)


def main():
    port_file, upstream_port, low, high = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
    rng = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else 1)
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    with open(port_file + ".tmp", "w") as f:
        f.write(str(listener.getsockname()[1]))
    os.rename(port_file + ".tmp", port_file)
    while True:
        client, _ = listener.accept()
        delay = rng.uniform(low, high) / 1000.0
        threading.Thread(target=serve, args=(client, upstream_port, delay), daemon=True).start()


if __name__ == "__main__":
    main()
