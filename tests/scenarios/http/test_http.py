"""The HTTP surface: signature checks on POST /slack/events, and GET /healthz."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from types import SimpleNamespace
from typing import cast
from urllib.parse import urlparse
from wsgiref.util import setup_testing_defaults

import pytest
from sqlmodel import Session, select

from concerto.handoff import WorkProcess
from concerto.web import WebApp
from storage.models import Action, Mission
from tests.conftest import CHANNEL, MARIE


def nothing_stored(box) -> bool:
    with Session(box.runtime.engine) as s:
        return s.exec(select(Action)).all() == [] and s.exec(select(Mission)).all() == []


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda d, body: d.post(body, FORM, signature="v0=" + "0" * 64), id="forged signature"),
        pytest.param(lambda d, body: d.post(body, FORM, timestamp=int(time.time()) - 600), id="stale timestamp"),
        pytest.param(
            lambda d, body: d.post(
                body,
                FORM,
                signature="v0=" + d.signer.generate_signature(timestamp=str(int(time.time())), body=body + "x")[3:],
            ),
            id="body changed after signing",
        ),
        pytest.param(lambda d, body: d.post(body, FORM, signature=""), id="no signature"),
    ],
)
def test_bad_requests_get_401_and_change_nothing(box, tamper):
    body = box.driver.command_body("/action", "Préparer le séminaire", user=MARIE, channel=CHANNEL)
    mark = box.slack.mark()
    reply = tamper(box.driver, body)
    assert reply.status == 401
    assert box.slack.since(mark) == []
    assert nothing_stored(box)


FORM = "application/x-www-form-urlencoded"


def test_signed_request_is_accepted(box):
    body = box.driver.command_body("/action", "Préparer le séminaire", user=MARIE, channel=CHANNEL)
    assert box.driver.post(body, FORM).status == 200
    assert not nothing_stored(box)


def test_url_verification_challenge(box):
    reply = box.driver.post(
        json.dumps({"type": "url_verification", "challenge": "c-123", "token": "t"}), "application/json"
    )
    assert reply.status == 200 and "c-123" in reply.body


def test_healthz_checks_the_database(box):
    with urllib.request.urlopen(box.url + "/healthz", timeout=5) as res:
        assert res.status == 200 and json.loads(res.read()) == {"status": "ok", "database": "ok"}


def test_healthz_says_starting_until_the_work_process_beside_is_ready(box):
    """A platform that waits for /healthz sends no command that would wait for the work process's start."""
    work = SimpleNamespace(ready=threading.Event())
    web = WebApp(box.runtime.app, box.runtime.engine, signing_secret="s", work=cast(WorkProcess, work))

    def health() -> tuple[str, dict]:
        environ: dict = {"PATH_INFO": "/healthz", "REQUEST_METHOD": "GET"}
        setup_testing_defaults(environ)
        answered: list[str] = []
        body = b"".join(web(environ, lambda status, _headers: answered.append(status)))
        return answered[0], json.loads(body)

    assert health() == ("503 Service Unavailable", {"status": "starting", "database": "ok", "work": "starting"})
    work.ready.set()
    assert health() == ("200 OK", {"status": "ok", "database": "ok"})


def test_healthz_reports_a_dead_database(box, monkeypatch):
    from sqlalchemy.exc import OperationalError

    def down(*_args, **_kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(box.runtime.engine, "connect", down)
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(box.url + "/healthz", timeout=5)
    assert err.value.code == 503


def test_a_body_over_the_limit_is_refused_unread(box):
    """The app itself (as the sandbox serves it, without concerto.front) answers 413 before reading 10 MB."""
    url = urlparse(box.url)
    with socket.create_connection((url.hostname, url.port), timeout=5) as s:
        s.sendall(b"POST /slack/events HTTP/1.1\r\nHost: concerto\r\nContent-Length: 10000000\r\n\r\n")
        assert s.recv(100).split(b" ")[1] == b"413"
