#!/usr/bin/python3
"""A NUT upsd that answers LIST VAR with the lines of a file, for replies a
real driver will not give (hostile variable names, values out of range).
Usage: fake_upsd.py PORT_FILE REPLY_FILE."""
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
    request = conn.recv(1024).decode(errors="replace").split()
    ups = request[2] if len(request) > 2 else "kit1"
    with open(sys.argv[2], "rb") as f:
        body = f.read()
    conn.sendall(b"BEGIN LIST VAR %s\n%sEND LIST VAR %s\n" % (ups.encode(), body, ups.encode()))
    conn.close()
