"""A real HTTP server on 127.0.0.1 that answers each request as scripted.

    with MisbehavingPeer() as peer:
        peer.script(error(503, retry_after="2"), valid(page_bytes))
        client = PeerClient(peer.base_url, ...)

Every request is recorded (method, path, headers, body) so tests can count retries
and verify signatures. Unscripted requests get a 599 "unscripted" answer.
"""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # wait this long before the status line (a hang)
    drip_interval: float | None = None  # send the body one drip_size piece at a time
    drip_size: int = 1
    content_length: int | None = None  # announce this instead of len(body)
    chunked: bool = False  # Transfer-Encoding: chunked, no Content-Length


def valid(body: bytes) -> Reply:
    return Reply(body=body, headers={"Content-Type": "application/json"})


def error(status: int, *, retry_after: str | None = None, body: bytes = b"nope") -> Reply:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return Reply(status=status, body=body, headers=headers)


def hang(seconds: float) -> Reply:
    return Reply(delay=seconds, body=b"{}")


def slow_drip(body: bytes, *, interval: float) -> Reply:
    return Reply(body=body, drip_interval=interval)


def truncated(body: bytes) -> Reply:
    """Announces the full length but closes the connection halfway."""
    return Reply(body=body[: len(body) // 2], content_length=len(body))


def oversized(size: int, *, chunked: bool = False) -> Reply:
    return Reply(body=b"x" * size, chunked=chunked)


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self):
        self._answer()

    def do_POST(self):
        self._answer()

    def log_message(self, format, *args):  # keep test output clean
        pass

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        reply = self.server.peer.record_and_pop(
            RecordedRequest(self.command, self.path, dict(self.headers.items()), body)
        )
        self.close_connection = True
        # The client hanging up mid-answer is what some tests want.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._send(reply)

    def _send(self, reply: Reply):
        stopping = self.server.peer.stopping
        if reply.delay and stopping.wait(reply.delay):
            return
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            length = reply.content_length
            self.send_header("Content-Length", str(len(reply.body) if length is None else length))
        self.send_header("Connection", "close")
        self.end_headers()
        pieces = _pieces(reply.body, reply.drip_size if reply.drip_interval else 64 * 1024)
        for piece in pieces:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if reply.chunked else piece)
            self.wfile.flush()
            if reply.drip_interval and stopping.wait(reply.drip_interval):
                return
        if reply.chunked:
            self.wfile.write(b"0\r\n\r\n")


def _pieces(body: bytes, size: int):
    return [body[i : i + size] for i in range(0, len(body), size)]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # do not wait for handlers still "hanging" on shutdown
    peer: MisbehavingPeer

    def handle_error(self, request, client_address):
        pass  # a client hanging up mid-answer is expected here


class MisbehavingPeer:
    def __init__(self):
        self.requests: list[RecordedRequest] = []
        self.stopping = threading.Event()
        self._replies: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.peer = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def script(self, *replies: Reply) -> None:
        with self._lock:
            self._replies.extend(replies)

    def record_and_pop(self, request: RecordedRequest) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self._replies:
                return self._replies.popleft()
        return Reply(status=599, body=b"unscripted request")

    def __enter__(self) -> MisbehavingPeer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
