"""Slow and oversized clients against the real `concerto web`: they must never hold the threads that ack
Slack (concerto.front reads every body on the event loop, under a size limit and a deadline)."""

from __future__ import annotations

import socket
import statistics
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from tests.processes.harness import Web

SLOW = 40  # connections that announce a body and send it a byte a second, unsigned
HEAD = (
    b"POST /slack/events HTTP/1.1\r\nHost: concerto\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    b"Content-Length: 100000\r\n\r\n"
)


def address(web: Web) -> tuple[str, int]:
    return "127.0.0.1", int(web.env["PORT"])


class SlowClients:
    """SLOW connections in flight until stopped (at most `limit` seconds): each sends HEAD, then a byte a
    second; one the server answers or closes is opened again, as an attacker would. `answers`: the status
    lines the server sent them."""

    def __init__(self, web: Web, limit: float = 60) -> None:
        self.web, self.deadline = web, time.monotonic() + limit
        self.stopping = threading.Event()
        self.answers: list[bytes] = []
        self.sockets = [self._open() for _ in range(SLOW)]
        self.thread = threading.Thread(target=self._drip, daemon=True)
        self.thread.start()

    def _open(self) -> socket.socket:
        s = socket.create_connection(address(self.web), timeout=5)
        s.sendall(HEAD)
        s.setblocking(False)
        return s

    def _drip(self) -> None:
        while not self.stopping.wait(1) and time.monotonic() < self.deadline:
            for i, s in enumerate(self.sockets):
                try:
                    answer = s.recv(100)  # b"" once the server closed it
                except BlockingIOError:  # nothing from the server yet: one more byte
                    try:
                        s.send(b"a")
                        continue
                    except OSError:
                        answer = b""
                except OSError:
                    answer = b""
                if answer:
                    self.answers.append(answer.split(b"\r\n")[0])
                s.close()
                self.sockets[i] = self._open()

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join()
        for s in self.sockets:
            s.close()


def ack_latency(web: Web) -> float:
    """Seconds until a signed `/action list` was acknowledged (inf if it never was)."""
    started = time.monotonic()
    try:
        reply = web.driver.command("/action", "list", user="U0MARIE", channel="C0MISSION")
    except OSError:  # no answer within the driver's 10 s
        return float("inf")
    return time.monotonic() - started if reply.status == 200 else float("inf")


def test_slow_clients_do_not_stop_the_acks(web):
    """40 unsigned connections trickling a 100 kB body hold no thread: a burst of 40 signed commands
    from 4 clients is acknowledged within Slack's 3 s (p99), and /healthz answers meanwhile. (Under the
    gthread workers, no ack went out.)"""
    slow = SlowClients(web)
    try:
        time.sleep(1)  # every slow connection has sent its headers and a first byte
        with ThreadPoolExecutor(4) as clients:
            latencies = list(clients.map(lambda _: ack_latency(web), range(40)))
        with urllib.request.urlopen(web.base + "/healthz", timeout=3) as res:
            assert res.status == 200
        time.sleep(5)  # past the front's deadline: the first slow connections were answered
    finally:
        slow.stop()
    assert all(t < float("inf") for t in latencies), f"{latencies.count(float('inf'))} of 40 never acknowledged"
    assert statistics.quantiles(latencies, n=100)[98] < 3.0, sorted(latencies)[-5:]
    assert slow.answers and {answer.split(b" ")[1] for answer in slow.answers} == {b"408"}, set(slow.answers)


def status_before_the_body(web: Web, head: bytes, body: bytes = b"") -> int:
    """The status the server answers to `head` (and `body`, sent whole) before anything more is sent."""
    with socket.create_connection(address(web), timeout=5) as s:
        s.sendall(head + body)
        return int(s.recv(100).split(b" ")[1])


def test_a_body_over_the_limit_gets_413_unread(web):
    """10 MB announced, none of it sent: 413 at once. A chunked body (no length announced) gets 413 as
    soon as it grows past 1 MiB."""
    declared = status_before_the_body(web, HEAD.replace(b"100000", b"10000000"))
    mebibyte = (b"%x\r\n%s\r\n" % (64 * 1024, b"a" * 64 * 1024)) * 16
    chunked = status_before_the_body(
        web, HEAD.replace(b"Content-Length: 100000", b"Transfer-Encoding: chunked"), mebibyte + b"1\r\na\r\n"
    )
    assert (declared, chunked) == (413, 413)
