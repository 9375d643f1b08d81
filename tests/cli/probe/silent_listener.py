#!/usr/bin/env python3
"""Listens on a loopback port and never accepts: connects complete in the
kernel's backlog, and nothing is ever said. For timeout tests.

  silent_listener.py PORT_FILE
"""
import os
import signal
import socket
import sys

s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(64)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(s.getsockname()[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
signal.pause()
