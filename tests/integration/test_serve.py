"""`alongside serve` starts the production pair: WSGI workers for pages, ASGI for websockets."""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import websockets

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, deadline: float) -> urllib.request.http.client.HTTPResponse:
    while True:
        try:
            return urllib.request.urlopen(url, timeout=2)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture
def served(tmp_path):
    port, ws_port = free_port(), free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alongside.settings",
        "ALONGSIDE_TESTING": "",
        "DEBUG": "false",
        "SECRET_KEY": "serve-test-secret-key-" + "x" * 40,
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "REDIS_URL": "",
    }
    cli = [sys.executable, "-m", "alongside.cli"]
    subprocess.run([*cli, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    process = subprocess.Popen(
        [*cli, "serve", "--port", str(port), "--ws-port", str(ws_port), "--workers", "2"],
        env=env,
        cwd=ROOT,
    )
    yield port, ws_port
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)  # both servers stop when asked


def test_serve_answers_pages_static_files_and_websockets(served):
    port, ws_port = served
    deadline = time.monotonic() + 30
    health = wait_for(f"http://127.0.0.1:{port}/healthz", deadline)
    assert health.status == 200
    assert b'"database": "ok"' in health.read()

    page = urllib.request.urlopen(f"http://127.0.0.1:{port}/help/", timeout=5)
    html = page.read().decode()
    assert "988" in html
    assert "Strict-Transport-Security" in page.headers or page.headers["Content-Security-Policy"]
    # Static files come hashed from whitenoise, with long cache headers.
    css_path = html.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    assert ".css" in css_path and css_path != "/static/alongside/alongside.css"
    css = urllib.request.urlopen(f"http://127.0.0.1:{port}{css_path}", timeout=5)
    assert css.status == 200
    assert "max-age" in css.headers["Cache-Control"]

    async def anonymous_socket() -> int:
        while True:
            try:
                async with websockets.connect(
                    f"ws://127.0.0.1:{ws_port}/ws/member/", origin="http://127.0.0.1"
                ):
                    return 101
            except websockets.InvalidStatus as refused:
                return refused.response.status_code
            except OSError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.2)

    # The ASGI process answers, and turns an anonymous member socket away.
    assert asyncio.run(anonymous_socket()) == 403
