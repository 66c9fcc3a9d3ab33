"""The preview server: 127.0.0.1 only, three pages from memory, 404 for anything else, and a
clean stop (threads joined, port free) even with a browser's connections open."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from roadmap.errors import UsageError
from roadmap.preview.rendering import Refused, Rendered
from roadmap.preview.server import PreviewServer, State
from roadmap.report.render import PdfSource
from tests.preview.helpers import Events, get

REPORT = '<!DOCTYPE html>\n<html><head><title>Report one</title></head><body><p>one</p></body></html>\n'


def _rendered(html: str) -> Rendered:
    return Rendered(html, PdfSource(html, (), "0" * 32, "2025-09-30"))


@pytest.fixture
def server() -> Iterator[PreviewServer]:
    state = State("a.yaml")
    state.publish(_rendered(REPORT))
    srv = PreviewServer(state)
    srv.start()
    try:
        yield srv
    finally:
        srv.close()


@pytest.mark.parametrize("host", ["0.0.0.0", "", "::", "::1", "localhost", "192.168.1.10", "127.0.0.2"])
def test_refuses_every_address_but_loopback(host: str) -> None:
    with pytest.raises(UsageError, match=r"the preview serves on 127\.0\.0\.1 only"):
        PreviewServer(State("a.yaml"), host)


def test_binds_loopback_only(server: PreviewServer) -> None:
    assert server.server_address[0] == "127.0.0.1"
    assert server.url == f"http://127.0.0.1:{server.port}/"


def test_serves_the_report_with_its_refresh_script(server: PreviewServer) -> None:
    status, headers, body = get(server.port)
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert "<title>Report one</title>" in body and body.count("<script") == 1
    nonce = body.split('<script nonce="')[1].split('"')[0]
    assert f"script-src 'nonce-{nonce}'" in headers["content-security-policy"]
    assert get(server.port)[2] != body  # a new nonce for each response


@pytest.mark.parametrize("path", ["/index.html", "/report.html", "/favicon.ico", "/../../etc/passwd",
                                  "/%2e%2e/%2e%2e/etc/passwd", "//etc/passwd", "/examples/japan-2025.yaml",
                                  "/templates/report.css", "/last-good/../", "/events/x", "/.git/config",
                                  "/C:/Windows/win.ini", "file:///etc/passwd"])
def test_anything_else_is_not_found(server: PreviewServer, path: str) -> None:
    status, _headers, body = get(server.port, path)
    assert status == 404
    assert "root:" not in body and "<title>Report one</title>" not in body


def test_a_query_does_not_change_the_page(server: PreviewServer) -> None:
    assert get(server.port, "/?file=/etc/passwd")[0] == 200
    assert get(server.port, "/nothing?x=/")[0] == 404


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "HEAD", "OPTIONS"])
def test_only_get(server: PreviewServer, method: str) -> None:
    assert get(server.port, "/", method=method)[0] == 501


@pytest.mark.parametrize("host", ["evil.example:{port}", "127.0.0.1", "127.0.0.1:1", "", "localhost.evil:{port}"])
def test_answers_only_requests_addressed_to_it(server: PreviewServer, host: str) -> None:
    # A page on another site that names a host of its own resolving to 127.0.0.1 (DNS rebinding)
    # sends its own Host: refused.
    status, _headers, body = get(server.port, "/", host=host.format(port=server.port))
    assert status == 403
    assert "Report one" not in body
    assert get(server.port, "/", host=f"localhost:{server.port}")[0] == 200


def test_problems_replace_the_report_and_the_last_good_stays(server: PreviewServer) -> None:
    server.state.publish(Refused(("a.yaml:3:7: as_of: invalid date <b>",)))
    status, _headers, body = get(server.port)
    assert status == 200
    assert "a.yaml:3:7: as_of: invalid date &lt;b&gt;" in body
    assert '<a id="last-good" href="/last-good">' in body
    status, _headers, body = get(server.port, "/last-good")
    assert status == 200 and "<title>Report one</title>" in body


def test_no_last_good_before_a_good_render() -> None:
    state = State("a.yaml")
    state.publish(Refused(("a.yaml:1:1: title: missing",)))
    srv = PreviewServer(state)
    srv.start()
    try:
        assert get(srv.port, "/last-good")[0] == 404
        status, _headers, body = get(srv.port)
        assert status == 200 and "No good report yet" in body
    finally:
        srv.close()


def test_events_announce_each_new_version(server: PreviewServer) -> None:
    events = Events(server.port)
    try:
        assert events.version == 1
        server.state.publish(_rendered(REPORT.replace("one", "two")))
        assert events.next(1) == 2
        assert "<title>Report two</title>" in get(server.port)[2]
    finally:
        events.close()


def test_close_ends_open_connections_joins_threads_and_frees_the_port() -> None:
    before = set(threading.enumerate())
    state = State("a.yaml")
    state.publish(_rendered(REPORT))
    srv = PreviewServer(state)
    srv.start()
    port = srv.port
    events = Events(port)  # an open event stream
    idle = socket.create_connection(("127.0.0.1", port))  # a browser's spare connection: sends nothing
    time.sleep(0.2)
    started = time.monotonic()
    srv.close()
    assert time.monotonic() - started < 2.0  # not the 10 s an idle connection may wait
    assert set(threading.enumerate()) <= before
    events.close()
    idle.close()
    again = PreviewServer(State("a.yaml"), port=port)  # the port is free again
    again.server_close()


def test_a_port_in_use_is_a_usage_error(server: PreviewServer) -> None:
    with pytest.raises(UsageError, match=rf"cannot serve on 127\.0\.0\.1:{server.port}: .*--port 0"):
        PreviewServer(State("a.yaml"), port=server.port)
