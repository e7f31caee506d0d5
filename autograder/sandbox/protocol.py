"""Messages between the grader and its children: one JSON object per line, size capped.

JSON and nothing else crosses the boundary: the parent never unpickles what a child sends.
"""
from __future__ import annotations

import json
import socket
import time
from typing import Optional

MAX_MESSAGE_BYTES = 16 * 1024 * 1024


class ProtocolError(Exception):
    """The other side sent something that is not a well-formed message."""


class Timeout(Exception):
    """No complete message arrived before the deadline."""


class Closed(Exception):
    """The other side closed the connection (for a child: it exited or was killed)."""


def send(sock: socket.socket, message: dict) -> None:
    sock.sendall(json.dumps(message, allow_nan=True, separators=(",", ":")).encode("utf-8") + b"\n")


class Reader:
    """Reads newline-framed JSON messages from a socket with a deadline per read."""

    def __init__(self, sock: socket.socket, max_bytes: int = MAX_MESSAGE_BYTES):
        self.sock = sock
        self.max_bytes = max_bytes
        self.buffer = bytearray()

    def read(self, deadline: Optional[float] = None) -> dict:
        """The next message; `deadline` is a time.monotonic() value."""
        while True:
            end = self.buffer.find(b"\n")
            if end >= 0:
                line = bytes(self.buffer[:end])
                del self.buffer[: end + 1]
                return _decode(line)
            if len(self.buffer) > self.max_bytes:
                raise ProtocolError(f"a message longer than {self.max_bytes} bytes")
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise Timeout()
                self.sock.settimeout(remaining)
            else:
                self.sock.settimeout(None)
            try:
                chunk = self.sock.recv(1 << 16)
            except socket.timeout:
                raise Timeout() from None
            except OSError as exc:
                raise Closed(str(exc)) from None
            if not chunk:
                raise Closed("end of stream")
            self.buffer += chunk


def _decode(line: bytes) -> dict:
    try:
        message = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ProtocolError(f"not a JSON message: {type(exc).__name__}") from None
    if not isinstance(message, dict):
        raise ProtocolError("a message must be a JSON object")
    return message
