#!/usr/bin/python3
"""A TCP proxy on loopback that slows what the client sends (an uplink
that is slow upstream), so a test's kill -9 lands in the middle of an upload
rather than after it: uploads to a store on loopback are otherwise done in
milliseconds.

  throttle_proxy.py TARGET_PORT BYTES_PER_SECOND PORT_FILE

Listens on 127.0.0.1 on a free port, writes it to PORT_FILE, and forwards
every connection to 127.0.0.1:TARGET_PORT: client to server at
BYTES_PER_SECOND, server to client as fast as it comes. Dies with its parent
(PR_SET_PDEATHSIG)."""
import ctypes
import os
import signal
import socket
import sys
import threading
import time

CHUNK = 16384


def pump(src, dst, rate):
    try:
        while True:
            data = src.recv(CHUNK)
            if not data:
                break
            dst.sendall(data)
            if rate:
                time.sleep(len(data) / rate)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(client, target_port, rate):
    try:
        upstream = socket.create_connection(("127.0.0.1", target_port))
    except OSError:
        client.close()
        return
    threading.Thread(target=pump, args=(client, upstream, rate), daemon=True).start()
    threading.Thread(target=pump, args=(upstream, client, 0), daemon=True).start()


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: throttle_proxy.py TARGET_PORT BYTES_PER_SECOND PORT_FILE")
    target_port, rate, port_file = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
    ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    tmp = port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(listener.getsockname()[1]))
    os.replace(tmp, port_file)
    while True:
        client, _ = listener.accept()
        serve(client, target_port, rate)


if __name__ == "__main__":
    main()
