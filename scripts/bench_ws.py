"""Websockets under load: `make bench-ws` (a benchmark, not a test; not in CI).

1. Uses the PostgreSQL database `alongside_bench` (filled by `make bench-stack`) and picks
   --rooms group chat rooms from the loadgen data with --room-size real members each, every
   member a different person; signs each of them in by writing a session (deleted afterwards).
   Nothing else is written.
2. Starts two ASGI server processes, each the command `alongside serve` runs for websockets
   (uvicorn, alongside.asgi, alongside.bench_settings), on two ports, sharing the Redis channel
   layer on Redis db 9 (--redis-db).
3. From this process (not a server) opens the clients with the `websockets` library, as a
   browser's conversation page does: /ws/messages/<room>/ with the session cookie and an
   Origin header, offering permessage-deflate as browsers do (the server declines it). Each
   room's members are split between the two servers, so every message crosses processes
   through Redis.
4. Publishes into the rooms with the app's own `messaging.realtime.send_to_conversation` (what
   the `message.sent` handler calls once a message is saved), the event carrying the time it
   was due. The database write before it is measured by bench-stack's send_message endpoint;
   it is left out here so the benchmark writes no messages. `--publish layer` awaits
   `channel_layer.group_send` directly (same group, same event) to take the thread hop out.
5. Ramps the delivery rate (x1.5 a step, then two halvings of the gap) until a step falls
   behind (delivers under 95% of the offered rate, loses more than 0.1%, or has p99 over
   --p99-limit ms); then runs --duration seconds at 80% of the best step and reports
   deliveries/s, p50/p99 latency, losses, errors, connections held, and each server's RSS
   (/proc) before and with all connections open, and CPU use of everything involved.
6. Merges the result under "websockets" into docs/performance.json (or --out) and prints a
   Markdown table. Run it after bench-stack, which rewrites that file.

    .venv/bin/python scripts/bench_ws.py [--clients 1000] [--room-size 20] [--duration 30]
"""

import argparse
import asyncio
import contextlib
import importlib
import json
import math
import os
import platform
import resource
import signal
import socket
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench_stack import DB, ROOT, environment, psql, rss_mb, wait_for

PY = sys.executable
HOST = "127.0.0.1"
P99_LIMIT_MS = 500.0
KEEP_UP = 0.95  # a step keeps up when it delivers at least this share of the offered rate
MAY_LOSE = 0.001  # and loses at most this share of the deliveries
WARM_CLIENTS = 10  # per server, before the memory per connection is measured


# Pure parts (tests/core/test_bench_ws.py) -------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..1) of `values`; 0.0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(p * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass
class Step:
    """One stretch of publishing at a fixed rate and what arrived."""

    offered: float  # deliveries/s asked for
    seconds: float
    published: int = 0  # group sends made
    publish_seconds: float = 0.0
    expected: int = 0  # deliveries owed: connected members of the room at each send
    delivered: int = 0  # arrived by the end of the step's drain
    last_delivery_s: float = 0.0  # first send to last delivery
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    publish_errors: int = 0
    offered_messages: int = 0  # group sends asked for
    send_p50_ms: float = 0.0  # from when a send was due to when the channel layer took it
    send_p99_ms: float = 0.0

    @property
    def delivered_per_s(self) -> float:
        """Deliveries over the time the sends took (the step's length if they kept time);
        a backlog shows in the latencies and in what hadn't arrived by the end."""
        span = max(self.seconds, self.publish_seconds)
        return self.delivered / span if span > 0 else 0.0

    @property
    def lost(self) -> int:
        return max(0, self.expected - self.delivered)

    def verdict(self, p99_limit_ms: float = P99_LIMIT_MS) -> str:
        """'ok', or why the step fell behind."""
        if self.expected == 0:
            return "nothing expected"
        if (
            self.published < KEEP_UP * self.offered_messages
            or self.publish_seconds > self.seconds / KEEP_UP
            or self.publish_errors
        ):
            return "publisher fell behind"
        if self.lost > MAY_LOSE * self.expected:
            return "lost deliveries"
        if self.delivered_per_s < KEEP_UP * self.offered:
            return "deliveries fell behind"
        if self.p99_ms > p99_limit_ms:
            return "p99 over the limit"
        return "ok"

    def summary(self, p99_limit_ms: float = P99_LIMIT_MS) -> dict[str, Any]:
        return {
            **asdict(self),
            "delivered_per_s": round(self.delivered_per_s, 1),
            "lost": self.lost,
            "verdict": self.verdict(p99_limit_ms),
        }


@dataclass
class Ramp:
    """Finds the highest rate that keeps up: grows by `factor` from `start` until a step
    fails (or `ceiling` is passed), then halves the gap between the best pass and the first
    failure `refine` times. `next_rate()` is None once it is done."""

    start: float
    factor: float = 1.5
    ceiling: float = 50_000.0
    refine: int = 2
    passed: list[tuple[float, float]] = field(default_factory=list)  # (offered, delivered/s)
    failed: list[float] = field(default_factory=list)
    _last: float | None = None
    _refined: int = 0

    def next_rate(self) -> float | None:
        if self._last is None:
            return self.start
        if not self.failed:
            grown = self._last * self.factor
            return grown if grown <= self.ceiling else None
        if self._refined >= self.refine:
            return None
        low = max((offered for offered, _ in self.passed), default=0.0)
        high = min(self.failed)
        if high - low <= 0.05 * high:
            return None
        return (low + high) / 2

    def record(self, offered: float, ok: bool, delivered_per_s: float) -> None:
        if self.failed:  # a bisection step
            self._refined += 1
        self._last = offered
        if ok:
            self.passed.append((offered, delivered_per_s))
        else:
            self.failed.append(offered)

    @property
    def best(self) -> float:
        """Deliveries/s actually made at the highest passing step (0 if none passed)."""
        if not self.passed:
            return 0.0
        return max(self.passed)[1]


def assign(room_sizes: Sequence[int], ports: Sequence[int]) -> list[list[int]]:
    """Ports for each room's members: alternating, so every room has members on every server
    and the servers hold the same number of clients (to within one)."""
    turn = 0
    plan = []
    for size in room_sizes:
        plan.append([ports[(turn + i) % len(ports)] for i in range(size)])
        turn += size
    return plan


def merge(path: Path, key: str, value: Any) -> dict[str, Any]:
    """`value` under `key` in the JSON object at `path` (made if missing); the rest kept."""
    document: dict[str, Any] = {}
    if path.exists():
        with contextlib.suppress(ValueError):
            loaded = json.loads(path.read_text())
            if isinstance(loaded, dict):
                document = loaded
    document[key] = value
    path.write_text(json.dumps(document, indent=2) + "\n")
    return document


def markdown(report: dict[str, Any]) -> str:
    settings = report["settings"]
    c = report["connections"]
    lines = [
        f"Websockets: {c['held']} of {c['requested']} clients held in {settings['rooms']} rooms of "
        f"{settings['room_size']} across {len(report['servers'])} ASGI processes "
        f"(Redis channel layer, publish via {settings['publish']}).",
        "",
        "| phase | offered/s | delivered/s | p50 ms | p99 ms | max ms | lost | verdict |",
        "|---|---|---|---|---|---|---|---|",
    ]
    phases = [(f"ramp {i + 1}", s) for i, s in enumerate(report["ramp"])]
    if report.get("steady"):
        phases.append(("steady (80%)", report["steady"]))
    for name, s in phases:
        lines.append(
            f"| {name} | {s['offered']:.0f} | {s['delivered_per_s']:.0f} | {s['p50_ms']:.1f} | "
            f"{s['p99_ms']:.1f} | {s['max_ms']:.1f} | {s['lost']} | {s['verdict']} |"
        )
    lines += [
        "",
        "| server | clients | RSS idle MB | RSS 10 clients MB | RSS all clients MB "
        "| KB/connection | RSS after MB | CPU % |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for s in report["servers"]:
        lines.append(
            f"| :{s['port']} | {s['clients']} | {s['rss_before_mb']} | {s['rss_warm_mb']} | "
            f"{s['rss_connected_mb']} | "
            f"{s['kb_per_connection']} | {s['rss_after_mb']} | {s['steady_cpu_percent']} |"
        )
    return "\n".join(lines)


# Setup: members, sessions, servers ---------------------------------------------------------


def pick_rooms(rooms: int, room_size: int) -> list[dict[str, Any]]:
    """Group chat rooms from the loadgen data, each with `room_size` active members who are
    in no other chosen room."""
    from alongside.groups.models import Membership
    from alongside.messaging.models import Conversation

    taken: set[int] = set()
    chosen = []
    for conversation in Conversation.objects.filter(kind="group").order_by("id").iterator():
        members = list(
            Membership.objects.filter(
                group_id=conversation.group_id,
                user__is_active=True,
                user__handle__startswith="lg",
            )
            .exclude(user_id__in=taken)
            .order_by("user_id")
            .values_list("user_id", flat=True)[:room_size]
        )
        if len(members) < room_size:
            continue
        taken.update(members)
        chosen.append({"conversation": conversation.pk, "members": members})
        if len(chosen) == rooms:
            break
    if len(chosen) < rooms:
        raise SystemExit(f"only {len(chosen)} group rooms with {room_size} free members")
    return chosen


def sign_in(user_ids: Sequence[int]) -> dict[int, str]:
    """A session for each member, as logging in writes it (the configured session engine)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from alongside.accounts.models import User

    store = importlib.import_module(settings.SESSION_ENGINE).SessionStore
    sessions = {}
    for user in User.objects.filter(pk__in=user_ids):
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "alongside.accounts.backends.HandleOrEmailBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        sessions[user.pk] = session.session_key
    return sessions


def sign_out(session_keys: Sequence[str]) -> None:
    from django.conf import settings

    store = importlib.import_module(settings.SESSION_ENGINE).SessionStore
    for key in session_keys:
        store(key).delete()


def clear_channel_layer(redis_url: str) -> None:
    """Drop channel-layer keys left by earlier runs (groups naming channels of servers that
    are gone) in this benchmark's Redis db; nothing else there is touched."""
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match="asgi*", count=1000))
    if keys:
        client.delete(*keys)
    client.close()


def port_free(port: int) -> bool:
    with socket.socket() as probe:
        # As the servers do: connections of an earlier run waiting out TIME_WAIT don't count.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def start_servers(ports: Sequence[int], env: dict[str, str]) -> list[subprocess.Popen[bytes]]:
    """The websocket server `alongside serve` starts (its uvicorn command), once per port."""
    servers = []
    for port in ports:
        log = (ROOT / "var" / f"bench-ws-{port}.log").open("w")
        command = [
            PY, "-m", "uvicorn", "alongside.asgi:application", "--host", HOST,
            "--port", str(port), "--timeout-graceful-shutdown", "10", "--no-access-log",
            "--log-level", "warning", "--ws-per-message-deflate", "false",
        ]  # fmt: skip
        servers.append(
            subprocess.Popen(  # noqa: S603
                command, env=env, cwd=ROOT, stdout=log, stderr=log, start_new_session=True
            )
        )
    return servers


def stop_servers(servers: Sequence[subprocess.Popen[bytes]]) -> None:
    for server in servers:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
    for server in servers:
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def redis_cpu_seconds(redis_url: str) -> float:
    import redis

    client = redis.Redis.from_url(redis_url)
    info = client.info("cpu")
    client.close()
    return float(info["used_cpu_sys"]) + float(info["used_cpu_user"])


# The load: clients and publisher in one event loop -----------------------------------------


@dataclass
class Client:
    room: int
    port: int
    session: str
    socket: Any = None
    open: bool = False


class Load:
    def __init__(self, rooms: list[dict[str, Any]], clients: list[Client], publish: str) -> None:
        self.rooms = rooms
        self.clients = clients
        self.publish_mode = publish
        self.connected = [0] * len(rooms)
        self.latencies: dict[int, list[float]] = defaultdict(list)
        self.last_delivery: dict[int, float] = {}
        self.expected: dict[int, int] = defaultdict(int)
        self.connect_errors: list[str] = []
        self.dropped_connections: list[str] = []
        self.readers: list[asyncio.Task[None]] = []

    async def connect(
        self, clients: Sequence[Client], cookie_name: str, compression: bool, parallel: int = 50
    ) -> float:
        from websockets.asyncio.client import connect

        gate = asyncio.Semaphore(parallel)

        async def one(client: Client) -> None:
            url = (
                f"ws://{HOST}:{client.port}/ws/messages/{self.rooms[client.room]['conversation']}/"
            )
            async with gate:
                try:
                    client.socket = await connect(
                        url,
                        origin=f"http://{HOST}:{client.port}",
                        additional_headers={"Cookie": f"{cookie_name}={client.session}"},
                        open_timeout=60,
                        ping_interval=None,  # browsers only answer the server's pings
                        max_queue=None,
                        compression="deflate" if compression else None,
                    )
                except Exception as error:
                    self.connect_errors.append(f"{type(error).__name__}: {error}")
                    return
            client.open = True
            self.connected[client.room] += 1
            self.readers.append(asyncio.create_task(self.read(client)))

        began = time.monotonic()
        await asyncio.gather(*(one(c) for c in clients))
        return time.monotonic() - began

    async def read(self, client: Client) -> None:
        reason = "closed by the server"
        try:
            async for raw in client.socket:
                now = time.time()
                event = json.loads(raw)
                step = event.get("step")
                if step is None:
                    continue
                self.latencies[step].append((now - event["sent"]) * 1000)
                self.last_delivery[step] = now
        except Exception as error:
            reason = f"{type(error).__name__}: {error}"
        if client.open:  # not closed by us
            client.open = False
            self.connected[client.room] -= 1
            self.dropped_connections.append(reason)

    async def send(self, conversation_id: int, event: dict[str, Any]) -> None:
        if self.publish_mode == "layer":
            from channels.layers import get_channel_layer

            from alongside.messaging.realtime import conversation_group

            layer = get_channel_layer()
            assert layer is not None
            await layer.group_send(
                conversation_group(conversation_id), {"type": "conversation.event", "event": event}
            )
        else:
            from asgiref.sync import sync_to_async

            from alongside.messaging.realtime import send_to_conversation

            await sync_to_async(send_to_conversation, thread_sensitive=False)(
                conversation_id, event
            )

    async def step(self, number: int, offered: float, seconds: float, in_flight: int = 64) -> Step:
        """Publish for `seconds` at `offered` deliveries/s, then wait for the stragglers."""
        open_rooms = [r for r in range(len(self.rooms)) if self.connected[r] > 0]
        result = Step(offered=round(offered, 1), seconds=seconds)
        if not open_rooms:
            return result
        per_message = sum(self.connected[r] for r in open_rooms) / len(open_rooms)
        messages_per_s = offered / per_message
        result.offered_messages = max(1, round(messages_per_s * seconds))
        gate = asyncio.Semaphore(in_flight)
        pending: set[asyncio.Task[None]] = set()
        errors: list[str] = []
        sends: list[float] = []

        async def publish(room: int, due: float, sequence: int) -> None:
            event = {"type": "message.new", "id": sequence, "sent": due, "step": number}
            try:
                await self.send(self.rooms[room]["conversation"], event)
                sends.append((time.time() - due) * 1000)
            except Exception as error:
                errors.append(f"{type(error).__name__}: {error}")
            finally:
                gate.release()

        began = time.time() + 0.05
        ends = began + seconds
        for sequence in range(result.offered_messages):
            due = began + sequence / messages_per_s
            if time.time() > ends + 1:  # a second behind: stop, the step has failed
                break
            if (wait := due - time.time()) > 0:
                await asyncio.sleep(wait)
            await gate.acquire()
            room = open_rooms[sequence % len(open_rooms)]
            self.expected[number] += self.connected[room]
            task = asyncio.create_task(publish(room, due, sequence))
            pending.add(task)
            task.add_done_callback(pending.discard)
            result.published += 1
        if pending:
            await asyncio.wait(pending)
        sent_by = time.time()
        deadline = sent_by + max(2.0, 2 * P99_LIMIT_MS / 1000)
        while len(self.latencies[number]) < self.expected[number] and time.time() < deadline:
            await asyncio.sleep(0.05)
        latencies = self.latencies[number]
        result.publish_seconds = round(sent_by - began, 3)
        result.expected = self.expected[number]
        result.delivered = len(latencies)
        result.last_delivery_s = round(self.last_delivery.get(number, began) - began, 3)
        result.p50_ms = round(percentile(latencies, 0.50), 1)
        result.p99_ms = round(percentile(latencies, 0.99), 1)
        result.max_ms = round(max(latencies, default=0.0), 1)
        result.publish_errors = len(errors)
        result.send_p50_ms = round(percentile(sends, 0.50), 1)
        result.send_p99_ms = round(percentile(sends, 0.99), 1)
        self.latencies[number] = []  # keep memory flat across steps
        return result

    async def close_all(self) -> None:
        async def close(client: Client) -> None:
            client.open = False
            with contextlib.suppress(Exception):
                await asyncio.wait_for(client.socket.close(), timeout=5)

        await asyncio.gather(*(close(c) for c in self.clients if c.socket is not None))
        for reader in self.readers:
            reader.cancel()
        await asyncio.gather(*self.readers, return_exceptions=True)


def snapshot(servers: Sequence[subprocess.Popen[bytes]], redis_url: str) -> dict[str, float]:
    taken = {f"server:{s.pid}": cpu_seconds(s.pid) for s in servers}
    taken["load"] = sum(os.times()[:2])
    taken["redis"] = redis_cpu_seconds(redis_url)
    taken["wall"] = time.monotonic()
    return taken


def cpu_percent(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    wall = after["wall"] - before["wall"]
    return {
        key: round(100 * (after[key] - before[key]) / wall, 1)
        for key in before
        if key != "wall" and wall > 0
    }


async def run(args: argparse.Namespace, plan: dict[str, Any]) -> dict[str, Any]:
    servers = plan["servers"]
    load = Load(plan["rooms"], plan["clients"], args.publish)
    rss_before = {s.pid: round(rss_mb(s.pid), 1) for s in servers}
    # The first sockets pay for what each process sets up once (database connection, thread
    # pool, channel-layer pool): the marginal cost per connection is measured after them.
    first = load.clients[: WARM_CLIENTS * len(servers)]
    connect_seconds = await load.connect(first, plan["cookie_name"], not args.no_compression)
    await asyncio.sleep(1)
    rss_warm = {s.pid: round(rss_mb(s.pid), 1) for s in servers}
    connect_seconds += await load.connect(
        load.clients[len(first) :], plan["cookie_name"], not args.no_compression
    )
    await asyncio.sleep(2)  # let the servers settle before reading their memory
    rss_connected = {s.pid: round(rss_mb(s.pid), 1) for s in servers}
    held = sum(c.open for c in load.clients)
    print(
        f"{held} of {len(load.clients)} clients connected in {connect_seconds:.1f} s "
        f"({len(load.connect_errors)} refused)",
        flush=True,
    )
    await load.step(0, args.start_rate / 2, 2)  # warm-up, unmeasured
    ramp = Ramp(start=args.start_rate, ceiling=args.ceiling)
    steps = []
    number = 1
    while (rate := ramp.next_rate()) is not None and number <= args.max_steps:
        result = await load.step(number, rate, args.step_seconds)
        verdict = result.verdict(args.p99_limit)
        ramp.record(rate, verdict == "ok", result.delivered_per_s)
        steps.append(result.summary(args.p99_limit))
        print(
            f"ramp {number:>2}: offered {rate:>7.0f}/s  delivered {result.delivered_per_s:>7.0f}/s"
            f"  p50 {result.p50_ms:>6.1f}  p99 {result.p99_ms:>7.1f} ms  lost {result.lost}"
            f"  (sends p99 {result.send_p99_ms} ms)  {verdict}",
            flush=True,
        )
        number += 1
        if any(s.poll() is not None for s in servers):
            break
        await asyncio.sleep(1)  # let a backlog clear before the next step
    steady = None
    cpu: dict[str, float] = {}
    if ramp.best > 0 and all(s.poll() is None for s in servers):
        before = snapshot(servers, plan["redis_url"])
        result = await load.step(number, 0.8 * ramp.best, args.duration)
        cpu = cpu_percent(before, snapshot(servers, plan["redis_url"]))
        steady = result.summary(args.p99_limit)
        print(
            f"steady : offered {result.offered:>7.0f}/s  delivered "
            f"{result.delivered_per_s:>7.0f}/s  p50 {result.p50_ms:>6.1f}  p99 "
            f"{result.p99_ms:>7.1f} ms  lost {result.lost}  {steady['verdict']}",
            flush=True,
        )
    rss_after = {s.pid: round(rss_mb(s.pid), 1) for s in servers}
    still_open = sum(c.open for c in load.clients)
    await load.close_all()
    by_port: dict[int, int] = defaultdict(int)
    for client in load.clients:
        if client.socket is not None:
            by_port[client.port] += 1
    report_servers = []
    for server, port in zip(servers, plan["ports"], strict=True):
        n = by_port[port]
        grown = rss_connected[server.pid] - rss_warm[server.pid]
        later = n - WARM_CLIENTS
        report_servers.append(
            {
                "port": port,
                "pid": server.pid,
                "clients": n,
                "rss_before_mb": rss_before[server.pid],
                "rss_connected_mb": rss_connected[server.pid],
                "rss_after_mb": rss_after[server.pid],
                "rss_warm_mb": rss_warm[server.pid],
                "kb_per_connection": round(grown * 1024 / later, 1) if later > 0 else None,
                "steady_cpu_percent": cpu.get(f"server:{server.pid}"),
                "exited": server.poll(),
            }
        )
    return {
        "connections": {
            "requested": len(load.clients),
            "held": held,
            "held_at_end": still_open,
            "refused": len(load.connect_errors),
            "refused_examples": sorted(set(load.connect_errors))[:3],
            "dropped": len(load.dropped_connections),
            "dropped_examples": sorted(set(load.dropped_connections))[:3],
            "connect_seconds": round(connect_seconds, 2),
        },
        "servers": report_servers,
        "ramp": steps,
        "max_deliveries_per_s": round(ramp.best, 1),
        "steady": steady,
        "steady_cpu_percent": {
            "load_process": cpu.get("load"),
            "redis": cpu.get("redis"),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=DB)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--room-size", type=int, default=20)
    parser.add_argument("--ports", default="8121,8122")
    parser.add_argument("--redis-db", type=int, default=9)
    parser.add_argument(
        "--redis-query",
        default="",
        help="added to REDIS_URL, e.g. socket_timeout=10, to try "
        "channel-layer options without editing the settings",
    )
    parser.add_argument(
        "--settings",
        default="alongside.bench_settings",
        help="settings module for the servers and the publisher, e.g. one that imports "
        "alongside.bench_settings and changes CHANNEL_LAYERS (put it on PYTHONPATH)",
    )
    parser.add_argument(
        "--no-compression",
        action="store_true",
        help="clients don't offer permessage-deflate (browsers do)",
    )
    parser.add_argument("--publish", choices=["app", "layer"], default="app")
    parser.add_argument("--start-rate", type=float, default=500, help="deliveries/s")
    parser.add_argument("--ceiling", type=float, default=50_000, help="deliveries/s")
    parser.add_argument("--step-seconds", type=float, default=5)
    parser.add_argument("--max-steps", type=int, default=14)
    parser.add_argument("--duration", type=float, default=30, help="seconds at 80%%")
    parser.add_argument("--p99-limit", type=float, default=P99_LIMIT_MS, help="ms")
    parser.add_argument("--out", default=str(ROOT / "docs" / "performance.json"))
    args = parser.parse_args()
    if args.database in {"test", "postgres"} or args.database.startswith("test_"):
        raise SystemExit("Use a database of its own for benchmarks.")
    if psql(f"SELECT 1 FROM pg_database WHERE datname = '{args.database}'") != "1":  # noqa: S608
        raise SystemExit(f"No database {args.database}: run `make bench-stack` first.")
    ports = [int(p) for p in args.ports.split(",")]
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)  # servers inherit it
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, args.clients * 2 + 256)), hard))
    env = environment(ports[0])
    env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.database}"
    env["REDIS_URL"] = f"redis://127.0.0.1:6379/{args.redis_db}"
    if args.redis_query:
        env["REDIS_URL"] += f"?{args.redis_query}"
    env.pop("PORT", None)
    env["DJANGO_SETTINGS_MODULE"] = args.settings
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings

    busy = [port for port in ports if not port_free(port)]
    if busy:  # another server would answer in ours' place
        raise SystemExit(f"port(s) {busy} already in use: pass other --ports")
    began = time.monotonic()
    rooms = pick_rooms(args.clients // args.room_size, args.room_size)
    members = [uid for room in rooms for uid in room["members"]]
    clear_channel_layer(env["REDIS_URL"])
    sessions = sign_in(members)
    from django.db import connection

    connection.close()  # the servers get the database to themselves
    clients = [
        Client(room=r, port=port, session=sessions[uid])
        for r, (room, room_ports) in enumerate(
            zip(rooms, assign([len(x["members"]) for x in rooms], ports), strict=True)
        )
        for uid, port in zip(room["members"], room_ports, strict=True)
    ]
    print(f"{len(sessions)} members signed in, {time.monotonic() - began:.0f} s", flush=True)
    (ROOT / "var").mkdir(exist_ok=True)
    began = time.monotonic()
    load_before = os.getloadavg()
    servers: list[subprocess.Popen[bytes]] = []
    try:
        servers = start_servers(ports, env)
        print(f"Server output in var/bench-ws-<port>.log; {len(clients)} clients", flush=True)
        for port in ports:
            wait_for(f"http://{HOST}:{port}/healthz", timeout=180)
        if any(server.poll() is not None for server in servers):
            raise SystemExit("a server stopped: see var/bench-ws-<port>.log")
        print(f"servers up in {time.monotonic() - began:.0f} s", flush=True)
        plan = {
            "rooms": rooms, "clients": clients, "servers": servers, "ports": ports,
            "cookie_name": settings.SESSION_COOKIE_NAME, "redis_url": env["REDIS_URL"],
        }  # fmt: skip
        try:
            import uvloop

            runner = asyncio.Runner(loop_factory=uvloop.new_event_loop)
        except ImportError:
            runner = asyncio.Runner()
        with runner:
            measured = runner.run(run(args, plan))
    finally:
        stop_servers(servers)
        sign_out(list(sessions.values()))
    report = {
        "machine": {
            "cpus": os.cpu_count(), "platform": platform.platform(),
            "python": platform.python_version(), "load_average_before": load_before,
            "load_average_after": os.getloadavg(),
        },
        "settings": {
            "clients": len(clients), "rooms": len(rooms), "room_size": args.room_size,
            "ports": ports, "publish": args.publish, "compression": not args.no_compression,
            "redis_query": args.redis_query, "settings_module": args.settings,
            "step_seconds": args.step_seconds,
            "duration_s": args.duration, "p99_limit_ms": args.p99_limit,
            "server": "uvicorn alongside.asgi:application (as `alongside serve`), "
                      "channels_redis",
        },
        **measured,
    }  # fmt: skip
    steady = report["steady"] or {}
    report["targets"] = {
        "1000_connections_under_200_mb_each": len(clients) >= 1000
        and report["connections"]["held"] == len(clients)
        and all(s["rss_connected_mb"] < 200 for s in report["servers"]),
        "1500_deliveries_per_s_p99_under_500_ms": bool(steady)
        and steady["delivered_per_s"] >= 1500
        and steady["p99_ms"] < 500
        and steady["verdict"] == "ok",
    }
    merge(Path(args.out), "websockets", report)
    print()
    print(markdown(report))


if __name__ == "__main__":
    main()
