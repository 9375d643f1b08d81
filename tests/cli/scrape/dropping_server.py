#!/usr/bin/python3
"""A NUT server that drops the connection in the middle of its reply.
Usage: dropping_server.py PORT_FILE."""
import os
import socket
import sys

listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(8)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(listener.getsockname()[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
while True:
    conn, _ = listener.accept()
    conn.recv(1024)
    conn.sendall(b'BEGIN LIST VAR kit1\nVAR kit1 battery.charge "87"\n')
    conn.close()
