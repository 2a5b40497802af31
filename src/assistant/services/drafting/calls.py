"""The drafting calls of a report, paced to what the server can take.

Concurrency starts at settings.concurrency (settings.local_concurrency for a server on this machine or the
LAN, which usually answers one request at a time) and comes down, never up, when the server shows it is
queueing: a part's first token arrives only after another part that was already in flight has finished
(it waited for that one's slot), a part gets no first token within first_token_timeout, or the server ends a
part's answer without a finish_reason while others are in flight (llama.cpp's Python server interrupts the
answer it is writing when another request arrives). A part that timed out or was cut is sent again later, with
fewer in flight. A part that times out MAX_REQUEUES + 1 times is given up (`give_up`: the report keeps what the
server did write and marks that part) when the server has answered another part of this report; when it has
answered none, the report fails with the timeout's line.
"""

from __future__ import annotations

import asyncio
import ipaddress
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from assistant.domain.models import ROLE_ZH
from assistant.services.llm import make_async_client
from assistant.services.llm_stream import StreamTimeout, astream_chat
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.services.drafting.work import Work
    from assistant.services.llm import ChatResult

MAX_REQUEUES = 3


def is_local(base_url: str | None) -> bool:
    """A server on this machine or a private network (127.0.0.1, localhost, 192.168.x.x, 10.x, *.local)."""
    host = (urlparse(base_url or "").hostname or "").lower()
    if not host:
        return False
    if host == "localhost" or host.endswith((".local", ".lan", ".localhost")):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_private or ip.is_link_local


def start_concurrency(settings: Settings) -> int:
    if is_local(settings.base_url):
        return min(settings.concurrency, settings.local_concurrency)
    return settings.concurrency


class Pace:
    """How many parts may be in flight; lowered when the server queues."""

    def __init__(self, settings: Settings, say: Callable[[str], None]) -> None:
        self.limit, self.say = start_concurrency(settings), say
        self.finished = 0  # parts whose answer has ended
        self.streaming = 0  # parts receiving tokens now
        self.answered = 0  # answers received in this report (every round)

    def first_token(self, finished_when_sent: int, in_flight_when_sent: int) -> None:
        self.streaming += 1
        # Waited for a part that was in flight when this one was sent: the server serves about as many at once
        # as are streaming now.
        if self.finished > finished_when_sent and in_flight_when_sent > 0 and self.streaming < self.limit:
            self.lower(self.streaming, "服务器在排队处理请求")

    def lower(self, to: int, why: str) -> None:
        to = max(1, to)
        if to < self.limit:
            self.limit = to
            self.say(f"{why}：同时发送的请求数降为 {to}")


def progress_line(w: Work, res: ChatResult, done: int, total: int) -> str:
    what = "重写" if w.attempts > 1 else "写完"
    rate = res.tokens / max(res.seconds - (res.first_token_s or 0.0), 1e-3)
    wait = f"，首字等待 {res.first_token_s:.1f} 秒" if res.first_token_s is not None else ""
    cut = "，达到篇幅上限被截断" if res.budget_cut else ""
    return (f"[{done}/{total}] {ROLE_ZH[w.role]}{what}：{len(res.text)} 字，{res.tokens} 个 token，"
            f"{rate:.1f} token/秒{wait}，共 {res.seconds:.1f} 秒{cut}")


async def call_parts(works: list[Work], settings: Settings, say: Callable[[str], None],
                     take: Callable[[Work, ChatResult], None], pace: Pace | None = None,
                     give_up: Callable[[Work, StreamTimeout], None] | None = None) -> None:
    """Send every part's messages (w.messages, max_tokens w.budget), paced; `take` gets each answer. Pass the
    same `pace` to every round of a report, so that a repair round starts where the first one left off.
    `give_up` gets a part the server kept timing out on, once it has answered another (else the timeout is raised)."""
    pace = pace or Pace(settings, say)
    pace.streaming = 0
    client = make_async_client(settings)
    pending: deque[Work] = deque(works)
    running: dict[asyncio.Task[ChatResult], Work] = {}
    timeouts: dict[int, int] = {}
    done, total = 0, len(works)

    def send(w: Work) -> None:
        finished, in_flight = pace.finished, len(running)
        task = asyncio.create_task(astream_chat(
            settings, w.messages, client=client, max_tokens=w.budget,
            on_first=lambda: pace.first_token(finished, in_flight), others_in_flight=lambda: len(running) > 1))
        running[task] = w

    try:
        while pending or running:
            while pending and len(running) < pace.limit:
                send(pending.popleft())
            ended, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for task in ended:
                w = running.pop(task)
                pace.finished += 1
                err = task.exception()
                if err is None:
                    pace.streaming -= 1
                    res = task.result()
                    take(w, res)
                    pace.answered += 1
                    w.attempts += 1
                    done += 1
                    say(progress_line(w, res, done, total))
                    continue
                if not isinstance(err, StreamTimeout):
                    raise err
                if not err.first:
                    pace.streaming -= 1
                n = timeouts[id(w)] = timeouts.get(id(w), 0) + 1
                if n > MAX_REQUEUES:
                    if give_up is None or pace.answered == 0:
                        raise err
                    give_up(w, err)
                    continue
                pace.lower(max(1, min(pace.limit, len(running) + 1) // 2), f"{ROLE_ZH[w.role]}：{err}")
                say(f"{ROLE_ZH[w.role]}重新排队（第 {n} 次）")
                pending.append(w)
    finally:
        for task in running:
            task.cancel()
        if running:
            await asyncio.gather(*running, return_exceptions=True)
        await client.close()
