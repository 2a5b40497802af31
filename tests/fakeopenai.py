"""An OpenAI-compatible HTTP server for tests, started on 127.0.0.1 (shared by every area).

The real openai client talks to it over HTTP; nothing is patched. It serves
  POST /v1/chat/completions  (with and without `stream`, SSE like OpenAI's)
  POST /v1/embeddings        (float lists or base64, deterministic vectors)
  GET  /v1/models
and records every request. Answers come from, in order: the FIFO queue (`srv.queue(...)`), the
`responder` callable (request body -> Reply | str), else `default` (a string).

    from fakeopenai import FakeOpenAI, Reply
    with FakeOpenAI() as srv:
        srv.queue(Reply(status=503), "你好")          # a 503, then an answer
        srv.queue(Reply(content="半句", drop_after=1))  # a stream whose connection drops mid-answer
        srv.queue(Reply(content="好", short_body=40))   # a body shorter than its Content-Length
        srv.queue(Reply(content="又一句。", endless=True))  # a stream that never stops
    FakeOpenAI(slots=1, token_delay=0.01): one chat request answered at a time (the others wait, as on a
    llama.cpp server with one slot), each streamed piece (chunk_size characters, one "token") 10 ms apart.
    FakeOpenAI(slots=1, interrupt=True): besides, the answer being streamed is cut (no finish_reason, then
    [DONE]) when another request waits, as llama.cpp's Python server does by default.
    A streamed answer stops at the request's max_tokens pieces with finish_reason "length", as real servers do.
        settings = Settings(base_url=srv.base_url, api_key="sk-test", retries=2)

Import it from a test directory's conftest.py with
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/
The `fake_openai` fixture below can be re-exported from a conftest: `from fakeopenai import fake_openai`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import struct
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Reply:
    """One scripted answer. status != 200 sends an OpenAI-style error body instead of content."""

    content: str = ""
    finish_reason: str = "stop"
    status: int = 200
    error: str | None = None  # the error message for status != 200
    error_code: str | None = None
    delay: float = 0.0  # seconds before the answer starts
    chunk_delay: float = 0.0  # seconds between streamed chunks
    chunk_size: int = 8  # characters per streamed chunk
    headers: dict[str, str] = field(default_factory=dict)
    raw_body: str | None = None  # send this body verbatim (to test malformed answers)
    no_done: bool = False  # stream: close without "data: [DONE]"
    # stream: send this many characters of the content, then drop the connection inside the chunked body (HTTP/1.1,
    # as real servers stream), so the client sees an incomplete read, not a normal end
    drop_after: int | None = None
    # non-streamed answer: announce a Content-Length this many bytes larger than the body, then close
    short_body: int = 0
    # stream: repeat the content for ever, ignoring max_tokens (a server that never stops), until the client hangs up
    endless: bool = False


Responder = Callable[[dict[str, Any]], "Reply | str | None"]


def text_of(body: dict[str, Any]) -> str:
    """All message contents of a chat request joined, for responders that route on prompt text."""
    return "\n".join(str(m.get("content") or "") for m in body.get("messages", []))


def _vector(text: str, dim: int) -> list[float]:
    # A stable pseudo-embedding: same text, same vector, in every process.
    out: list[float] = []
    i = 0
    while len(out) < dim:
        h = hashlib.blake2b(f"{i}:{text}".encode(), digest_size=64).digest()
        out.extend((b - 127.5) / 127.5 for b in h)
        i += 1
    v = out[:dim]
    n = sum(x * x for x in v) ** 0.5 or 1.0
    return [x / n for x in v]


class FakeOpenAI:
    def __init__(
        self,
        *,
        api_key: str | None = None,
        models: list[str] | None = None,
        default: str = "好的。",
        embedding_dim: int = 16,
        reject_response_formats: set[str] | None = None,
        slots: int | None = None,
        token_delay: float = 0.0,
        interrupt: bool = False,
    ) -> None:
        self.api_key = api_key  # when set, any other bearer token gets 401
        self.models = models  # when set, any other model gets 404 model_not_found
        self.default = default
        self.embedding_dim = embedding_dim
        # e.g. {"json_schema"}: answer 400 like DeepSeek does for json_schema
        self.reject_response_formats = reject_response_formats or set()
        self.responder: Responder | None = None
        self.requests: list[dict[str, Any]] = []
        self.errors: list[str] = []  # server-side exceptions other than a client hanging up
        self._queue: deque[Reply | str] = deque()
        self._lock = threading.Lock()
        self._in_flight = 0
        self.max_in_flight = 0
        self._server: _Server | None = None
        # slots: chat requests served at once (None: all); token_delay: seconds per streamed piece by default
        self.slots = threading.Semaphore(slots) if slots else None
        self.token_delay = token_delay
        # interrupt (with slots): a streamed answer is ended with [DONE] and no finish_reason as soon as another
        # chat request waits for a slot, as llama.cpp's Python server does (its interrupt_requests setting)
        self.interrupt = interrupt
        self.waiting = 0
        self.interrupted = 0
        self._thread: threading.Thread | None = None

    # ---- scripting -------------------------------------------------------------------------
    def queue(self, *replies: Reply | str) -> None:
        with self._lock:
            self._queue.extend(replies)

    @property
    def chat_requests(self) -> list[dict[str, Any]]:
        return [r["body"] for r in self.requests if r["path"].endswith("/chat/completions")]

    def _next_reply(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            r: Reply | str | None = self._queue.popleft() if self._queue else None
        if r is None and self.responder is not None:
            r = self.responder(body)
        if r is None:
            r = self.default
        return Reply(content=r) if isinstance(r, str) else r

    # ---- lifecycle -------------------------------------------------------------------------
    @property
    def port(self) -> int:
        assert self._server is not None, "server not started"
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> FakeOpenAI:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = _Server(("127.0.0.1", 0), handler)
        self._server.fake = self
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- accounting used by the handler -----------------------------------------------------
    def _enter(self) -> None:
        with self._lock:
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1


class _Server(ThreadingHTTPServer):
    fake: FakeOpenAI
    request_queue_size = 128  # the default backlog of 5 drops concurrent connects (retried after 1 s)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hung up (a timeout test, a rejected key) is expected; anything else is kept for
        # the test to see instead of being printed into a captured stderr.
        import sys

        exc = sys.exc_info()[1]
        if not isinstance(exc, (BrokenPipeError, ConnectionResetError)):
            self.fake.errors.append(repr(exc))


class _Handler(BaseHTTPRequestHandler):
    fake: FakeOpenAI
    protocol_version = "HTTP/1.0"  # one request per connection: simple and enough for tests

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass

    # -- helpers --
    def _json(self, status: int, obj: Any, headers: dict[str, str] | None = None, short: int = 0) -> None:
        data = json.dumps(obj, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data) + short))  # short > 0: the body ends early
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, message: str, code: str | None = None, headers: dict | None = None) -> None:
        typ = {401: "invalid_request_error", 404: "invalid_request_error", 429: "rate_limit_error"}.get(
            status, "server_error" if status >= 500 else "invalid_request_error"
        )
        self._json(status, {"error": {"message": message, "type": typ, "param": None, "code": code}}, headers)

    def _auth_ok(self) -> bool:
        if self.fake.api_key is None:
            return True
        if self.headers.get("Authorization", "") == f"Bearer {self.fake.api_key}":
            return True
        self._error(401, "Incorrect API key provided.", "invalid_api_key")
        return False

    # -- routes --
    def do_GET(self) -> None:  # noqa: N802
        self.fake.requests.append({"path": self.path, "body": {}})
        if not self._auth_ok():
            return
        if self.path.rstrip("/").endswith("/models"):
            ids = self.fake.models or ["fake-model"]
            self._json(200, {"object": "list", "data": [{"id": i, "object": "model", "owned_by": "fake"} for i in ids]})
        else:
            self._error(404, f"no route {self.path}")

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except json.JSONDecodeError:
            self._error(400, "body is not JSON")
            return
        self.fake.requests.append({"path": self.path, "body": body})
        if not self._auth_ok():
            return
        model = body.get("model")
        if self.fake.models is not None and model not in self.fake.models:
            self._error(404, f"The model `{model}` does not exist.", "model_not_found")
            return
        self.fake._enter()
        try:
            if self.path.endswith("/chat/completions") and self.fake.slots is not None:
                with self.fake._lock:
                    self.fake.waiting += 1
                with self.fake.slots:  # wait for a free slot, like a server with one model instance
                    with self.fake._lock:
                        self.fake.waiting -= 1
                    self._chat(body)
            elif self.path.endswith("/chat/completions"):
                self._chat(body)
            elif self.path.endswith("/embeddings"):
                self._embeddings(body)
            else:
                self._error(404, f"no route {self.path}")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)
        finally:
            self.fake._leave()

    def _chat(self, body: dict[str, Any]) -> None:
        rf = (body.get("response_format") or {}).get("type")
        if rf in self.fake.reject_response_formats:
            self._error(400, f"This response_format type is unavailable now: {rf}")
            return
        reply = self.fake._next_reply(body)
        if reply.delay:
            time.sleep(reply.delay)
        if reply.status != 200:
            self._error(reply.status, reply.error or f"HTTP {reply.status}", reply.error_code, reply.headers)
            return
        if reply.raw_body is not None:
            data = reply.raw_body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        cid = "chatcmpl-fake"
        created = int(time.time())
        model = body.get("model", "fake-model")
        if not body.get("stream"):
            self._json(
                200,
                {
                    "id": cid,
                    "object": "chat.completion",
                    "created": created,
                    "model": model,
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": reply.content},
                            "finish_reason": reply.finish_reason,
                        }
                    ],
                    "usage": {"prompt_tokens": len(text_of(body)), "completion_tokens": len(reply.content),
                              "total_tokens": len(text_of(body)) + len(reply.content)},
                },
                short=reply.short_body,
            )
            return
        chunked = reply.drop_after is not None
        if chunked:
            self.protocol_version = "HTTP/1.1"  # chunked framing, so that a drop is an incomplete body
            self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

        def event(delta: dict[str, Any], finish: str | None) -> None:
            chunk = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": model,
                     "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
            data = f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode()
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n" if chunked else data)
            self.wfile.flush()

        event({"role": "assistant", "content": ""}, None)
        text, n = reply.content, max(1, reply.chunk_size)
        if reply.drop_after is not None:
            text = text[: reply.drop_after]
        pieces = [text[i : i + n] for i in range(0, len(text), n)]
        finish = reply.finish_reason
        budget = body.get("max_tokens")
        if not reply.endless and budget and len(pieces) > budget:
            pieces, finish = pieces[:budget], "length"  # a real server stops at max_tokens
        delay = reply.chunk_delay or self.fake.token_delay
        sent = 0
        while sent < len(pieces) or (reply.endless and text and sent < 100_000):
            if delay:
                time.sleep(delay)
            event({"content": pieces[sent % len(pieces)]}, None)
            sent += 1
            if self.fake.interrupt and self.fake.waiting:
                self.fake.interrupted += 1
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                return
        if chunked:
            return  # the connection closes here, inside the chunked body: no finish_reason, no last chunk
        event({}, finish or None)  # "" sends no finish_reason at all
        if not reply.no_done:
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()

    def _embeddings(self, body: dict[str, Any]) -> None:
        inputs = body.get("input", [])
        if isinstance(inputs, str):
            inputs = [inputs]
        dim = int(body.get("dimensions") or self.fake.embedding_dim)
        as_b64 = body.get("encoding_format") == "base64"
        data = []
        for i, t in enumerate(inputs):
            v = _vector(str(t), dim)
            emb: Any = base64.b64encode(struct.pack(f"<{dim}f", *v)).decode() if as_b64 else v
            data.append({"object": "embedding", "index": i, "embedding": emb})
        self._json(200, {"object": "list", "data": data, "model": body.get("model", "fake-embed"),
                         "usage": {"prompt_tokens": 0, "total_tokens": 0}})


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as srv:
        yield srv
