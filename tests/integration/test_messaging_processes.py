"""Conversations across real processes: two uvicorn servers sharing a database and Redis.

A member's socket is held by one ASGI process while the message is sent through another, as
behind a load balancer in production, so the "something new" event must travel through the
Redis channel layer. The servers run on a scratch database of the kind the suite runs on: a
SQLite file, or a fresh PostgreSQL database when DATABASE_URL names PostgreSQL.
"""

import asyncio
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
import websockets

from tests.conftest import unavailable

pytestmark = pytest.mark.redis

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
STARTUP_SECONDS = 180  # two Django processes starting on a busy 2-core machine
EVENT_SECONDS = 10

SETUP = """
import json
from django.test import Client
from alongside.accounts.actions import (
    accept_connection, confirm_email, register_member, request_connection,
)
from alongside.accounts.tokens import make_confirmation_token
from alongside.messaging.actions import start_conversation

def member(handle):
    user = register_member(
        handle=handle, email=f"{handle}@example.org", password="a-long-passphrase"
    )
    confirm_email(token=make_confirmation_token(user))
    return user

def session(user):
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value

river, sam, outsider = member("river"), member("sam"), member("outsider")
accept_connection(user=sam, connection=request_connection(requester=river, addressee=sam))
conversation = start_conversation(user=river, other=sam)
print(json.dumps({
    "conversation": conversation.pk,
    "river": session(river),
    "sam": session(sam),
    "outsider": session(outsider),
}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A scratch database of the suite's kind, which every process can open."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres", "pgsql")):
        yield f"sqlite:///{tmp_path / 'messaging.sqlite3'}"
        return
    import psycopg

    server = os.environ.get("TEST_POSTGRES_URL", url.rsplit("/", 1)[0] + "/postgres")
    name = f"alongside_messaging_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect(server, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        unavailable(f"no PostgreSQL at {server}: {error}")
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.rsplit("/", 1)[0] + f"/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@dataclass
class World:
    conversation: int
    sessions: dict[str, str]
    a: int  # the port of the process holding the sockets
    b: int  # the port of the process the message is sent through


@pytest.fixture
def world(database_url: str, redis_url: str, tmp_path: Path) -> Iterator[World]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alongside.settings",
        "ALONGSIDE_TESTING": "true",  # plain static files: no collectstatic needed
        "DEBUG": "false",
        "SECRET_KEY": "messaging-processes-secret-key-" + "x" * 40,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": "messaging-processes",
        "ALLOWED_HOSTS": HOST,
        "EMAIL_URL": "",
        "PYTHONUNBUFFERED": "1",
    }
    cli = [sys.executable, "-m", "alongside.cli"]

    def run(*args: str) -> str:
        result = subprocess.run(
            [*cli, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=180
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    run("migrate", "--no-input", "-v0")
    made = json.loads(run("shell", "-c", SETUP).strip().splitlines()[-1])

    ports = free_port(), free_port()
    processes: list[subprocess.Popen[bytes]] = []
    logs = []
    try:
        for port in ports:
            log = (tmp_path / f"uvicorn-{port}.log").open("wb")
            logs.append(log)
            command = [
                sys.executable, "-m", "uvicorn", "alongside.asgi:application",
                "--host", HOST, "--port", str(port), "--log-level", "warning",
                "--no-access-log", "--timeout-graceful-shutdown", "5",
            ]  # fmt: skip
            processes.append(
                subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
            )
        deadline = time.monotonic() + STARTUP_SECONDS
        for port, process in zip(ports, processes, strict=True):
            wait_until_up(port, process, deadline)
        yield World(
            conversation=made["conversation"],
            sessions={who: made[who] for who in ("river", "sam", "outsider")},
            a=ports[0],
            b=ports[1],
        )
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        for log in logs:
            log.close()


def wait_until_up(port: int, process: subprocess.Popen[bytes], deadline: float) -> None:
    while True:
        if process.poll() is not None:
            pytest.fail(f"uvicorn on port {port} exited with {process.returncode}")
        try:
            status, _headers, _body = request(port, "GET", "/healthz")
        except OSError:
            status = 0
        if status == 200:
            return
        if time.monotonic() > deadline:
            pytest.fail(f"uvicorn on port {port} did not answer /healthz in time")
        time.sleep(0.2)


def request(
    port: int, method: str, path: str, *, headers: dict[str, str] | None = None, body: str = ""
) -> tuple[int, http.client.HTTPMessage, str]:
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


def send_message(port: int, *, session: str, conversation: int, body: str) -> int:
    """Send as a browser without JavaScript would: the page, its CSRF token, the form."""
    page = f"/messages/{conversation}/"
    status, headers, html = request(port, "GET", page, headers={"Cookie": f"sessionid={session}"})
    assert status == 200, html[:500]
    cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", ""))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert cookie and token
    status, headers, html = request(
        port,
        "POST",
        f"{page}send/",
        headers={
            "Cookie": f"sessionid={session}; csrftoken={cookie.group(1)}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://{HOST}:{port}",
        },
        body=urlencode({"csrfmiddlewaretoken": token.group(1), "body": body}),
    )
    assert status == 302, html[:500]
    location = re.fullmatch(rf"{page}#message-(\d+)", headers["Location"])
    assert location, headers["Location"]
    return int(location.group(1))


def socket_to(port: int, conversation: int, session: str) -> websockets.connect:
    return websockets.connect(
        f"ws://{HOST}:{port}/ws/messages/{conversation}/",
        origin=f"http://{HOST}:{port}",
        additional_headers={"Cookie": f"sessionid={session}"},
        open_timeout=EVENT_SECONDS,
        close_timeout=2,
    )


async def next_event(connection: websockets.ClientConnection, kind: str) -> dict:
    """The next event of this kind (others, like read receipts, may come first)."""
    async with asyncio.timeout(EVENT_SECONDS):
        while True:
            event = json.loads(await connection.recv())
            if event.get("type") == kind:
                return event


def test_a_message_sent_through_one_process_reaches_a_socket_on_the_other(world: World):
    async def scenario() -> tuple[int, dict]:
        async with socket_to(world.a, world.conversation, world.sessions["river"]) as river:
            sent = await asyncio.to_thread(
                send_message,
                world.b,
                session=world.sessions["sam"],
                conversation=world.conversation,
                body="Heading to the meeting at seven, want to come?",
            )
            return sent, await next_event(river, "message.new")

    sent, event = asyncio.run(scenario())
    # Only the id travels; the page fetches what its reader may see.
    assert event == {"type": "message.new", "id": sent}

    # What river's page fetches when told, from process A, is the message sam sent through B.
    status, _headers, html = request(
        world.a,
        "GET",
        f"/messages/{world.conversation}/updates/?after=0",
        headers={"Cookie": f"sessionid={world.sessions['river']}"},
    )
    assert status == 200
    assert f'id="message-{sent}"' in html and "Heading to the meeting at seven" in html


def test_an_outsiders_socket_is_refused_and_hears_nothing(world: World):
    async def refused(session: str, conversation: int) -> int:
        try:
            async with socket_to(world.a, conversation, session):
                return 101
        except websockets.InvalidStatus as error:
            return error.response.status_code

    # The consumer closes before accepting (code 4404, as for a conversation that doesn't
    # exist); over a real server a close before the handshake is an HTTP 403, the same answer
    # either way, so the outsider can't even tell whether the conversation exists.
    assert asyncio.run(refused(world.sessions["outsider"], world.conversation)) == 403
    assert asyncio.run(refused(world.sessions["river"], world.conversation + 1000)) == 403
    assert asyncio.run(refused("", world.conversation)) == 403

    async def member_still_hears() -> tuple[int, dict]:
        async with socket_to(world.a, world.conversation, world.sessions["sam"]) as sam:
            sent = await asyncio.to_thread(
                send_message,
                world.b,
                session=world.sessions["river"],
                conversation=world.conversation,
                body="Yes, see you there.",
            )
            return sent, await next_event(sam, "message.new")

    sent, event = asyncio.run(member_still_hears())
    assert event == {"type": "message.new", "id": sent}
