"""The production stack under load: `make bench-stack` (a benchmark, not a test; not in CI).

1. Uses the PostgreSQL database `alongside_bench` on 127.0.0.1 (created, migrated and filled
   with `alongside loadgen --members N` when missing or with --rebuild; never `test`).
2. Logs in sampled members by writing their sessions into the session store.
3. Starts `alongside serve` (granian WSGI workers + uvicorn) on loopback with Redis, using
   alongside.bench_settings: the production settings plus an X-Query-Count header and a
   /bench/floor/ page (the base template, no database work).
4. Drives each endpoint with locust (headless, a separate process) at concurrency 1, 16 and
   64 for a fixed time; collects req/s, p50/p90/p99, errors and SQL queries per request.
5. Writes docs/performance.json (and prints a Markdown table for docs/performance.md).

    .venv/bin/python scripts/bench_stack.py [--members 100000] [--rebuild] [--duration 10]
"""

import argparse
import contextlib
import json
import math
import os
import platform
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DB = "alongside_bench"
# The writes last, so the reads see the loadgen's data: thousands of the reply endpoint's
# identical replies make forum search take its slow path (docs/performance.md, run 8).
ENDPOINTS = [
    "floor", "healthz", "home", "thread", "group", "meeting_search", "feed_json", "mentors",
    "conversation", "forum_search", "reply", "send_message",
]  # fmt: skip


def environment(port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
        "REDIS_URL": "redis://127.0.0.1:6379/7",
        # Encrypted fields are keyed from it: the data must be read with the key it was
        # written with (set BENCH_SECRET_KEY to reuse a database built by hand).
        "SECRET_KEY": os.environ.get(
            "BENCH_SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789"
        ),
        "DJANGO_SETTINGS_MODULE": "alongside.bench_settings",
        "BENCH_QUERY_COUNT": "1",
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
        "PORT": str(port),
    }


def psql(sql: str, database: str = "postgres") -> str:
    command = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-Atc", sql]
    done = subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603
    return done.stdout.strip()


def prepare(env: dict[str, str], members: int, rebuild: bool) -> float | None:
    exists = psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB}'") == "1"  # noqa: S608
    alongside = [str(Path(PY).with_name("alongside"))]
    if exists and not rebuild:  # keep the data, catch up with new migrations
        subprocess.run([*alongside, "migrate", "-v0"], env=env, check=True, cwd=ROOT)  # noqa: S603
        return None
    if exists:
        psql(f"DROP DATABASE {DB}")
    psql(f"CREATE DATABASE {DB}")
    subprocess.run([*alongside, "migrate", "-v0"], env=env, check=True, cwd=ROOT)  # noqa: S603
    began = time.monotonic()
    command = [*alongside, "loadgen", f"--members={members}"]
    subprocess.run(command, env=env, check=True, cwd=ROOT)  # noqa: S603
    return time.monotonic() - began


# Members signed in for the run. Each may send 30 messages a minute (messaging.limits): at
# ~120 sends/s, 200 members went over it, and the open loops' 400s were that limit at work.
SAMPLE = 1000


def targets(env: dict[str, str], sample: int = SAMPLE) -> dict:
    """Sessions for `sample` members with a group and a conversation, and what they'll read."""
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from alongside.accounts.models import User
    from alongside.discussions.models import Thread
    from alongside.groups.models import Membership
    from alongside.messaging.models import Participant
    from alongside.moderation.rules import NEW_ACCOUNT

    chosen = []
    # Past their first week, so writes meet the everyday limits rather than a new member's.
    settled = timezone.now() - NEW_ACCOUNT
    members = User.objects.filter(handle__startswith="lg", date_joined__lt=settled)
    for user in members.order_by("id")[: sample * 3]:
        membership = Membership.objects.filter(user=user, group__visibility="listed").first()
        talk = Participant.objects.filter(user=user, conversation__kind="direct").first()
        if membership is None or talk is None:
            continue
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "alongside.accounts.backends.HandleOrEmailBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        chosen.append(
            {
                "handle": user.handle,
                "session": session.session_key,
                "group": membership.group.slug,
                "conversation": talk.conversation_id,
            }
        )
        if len(chosen) == sample:
            break
    forum = Thread.objects.filter(board__kind="forum")
    return {
        "csrf": secrets.token_hex(16),
        "members": chosen,
        "long_threads": list(
            forum.filter(reply_count__gte=50, reply_count__lte=80).values_list("id", flat=True)[:50]
        ),
        "reply_threads": list(forum.order_by("id").values_list("id", flat=True)[:500]),
        "words": ["craving", "sleep", "family", "sponsor", "grateful", "weekend", "anxious"],
        "zips": ["97214", "98101", "94103", "60601", "10001", "02108", "80202", "77002"],
    }


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"server did not answer at {url}")


def rss_mb(pid: int) -> float:
    """Resident memory of one process, in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def describe(pid: int) -> str:
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    text = " ".join(w.decode() for w in words if w)
    for name in ("granian", "uvicorn", "serve"):
        if name in text:
            return name
    return text[:40]


def children(pid: int) -> list[int]:
    command = ["pgrep", "-P", str(pid)]
    out = subprocess.run(command, capture_output=True, text=True).stdout  # noqa: S603
    found = [int(p) for p in out.split()]
    return found + [g for c in found for g in children(c)]


def drain(host: str, timeout: float = 180) -> None:
    """Wait until the workers are free again (requests left running by the last phase end),
    so a slow endpoint cannot slow the next one's numbers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        began = time.monotonic()
        with contextlib.suppress(OSError):
            urllib.request.urlopen(host + "/healthz", timeout=timeout).close()  # noqa: S310
        if time.monotonic() - began < 0.05:
            return
        time.sleep(0.5)


def drive(
    endpoint: str, users: int, duration: int, host: str, target_file: str, rate: float = 0
) -> dict:
    """One phase: `users` closed-loop users, or with `rate` an open loop at that many req/s."""
    drain(host)
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        out_path = out.name
    env = {
        **os.environ, "BENCH_TARGETS": target_file, "BENCH_ENDPOINT": endpoint,
        "BENCH_OUT": out_path, "BENCH_RATE": str(rate), "BENCH_USERS": str(users),
    }  # fmt: skip
    command = [
        str(Path(PY).with_name("locust")), "-f", str(ROOT / "scripts" / "bench_locustfile.py"),
        "--headless", "--host", host, "--users", str(users), "--spawn-rate", str(users),
        "--run-time", f"{duration}s", "--only-summary", "--loglevel", "ERROR",
        "--stop-timeout", "5",
    ]  # fmt: skip
    began = time.monotonic()
    subprocess.run(command, env=env, cwd=ROOT, capture_output=True, check=False)  # noqa: S603
    elapsed = min(time.monotonic() - began, duration)
    samples = json.loads(Path(out_path).read_text())
    os.unlink(out_path)
    times = sorted(samples["times"])
    server = sorted(samples.get("server_ms", []))

    def pct(values: list[float], p: float) -> float:
        return round(values[min(len(values) - 1, int(len(values) * p))], 1) if values else 0.0

    queries = samples["queries"]
    return {
        "endpoint": endpoint, "mode": "open" if rate else "closed", "concurrency": users,
        "target_rps": rate or None, "requests": len(times),
        "rps": round(len(times) / elapsed, 1), "p50_ms": pct(times, 0.50),
        "p90_ms": pct(times, 0.90), "p99_ms": pct(times, 0.99),
        "server_p50_ms": pct(server, 0.50), "server_p99_ms": pct(server, 0.99),
        "errors": len(samples["errors"]),
        "error_examples": samples["errors"][:3], "statuses": samples["statuses"],
        "queries_min": min(queries) if queries else None,
        "queries_max": max(queries) if queries else None,
        "queries_median": statistics.median(queries) if queries else None,
    }  # fmt: skip


class MemoryWatch(threading.Thread):
    """The largest resident size each server process reached while under load."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root, self.peak, self.stopped = root, {}, threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(0.5):
            for pid in [self.root, *children(self.root)]:
                self.peak[pid] = max(self.peak.get(pid, 0.0), rss_mb(pid))

    def report(self) -> list[dict]:
        return [
            {"pid": pid, "what": describe(pid), "peak_rss_mb": round(peak, 1)}
            for pid, peak in sorted(self.peak.items())
        ]


def print_row(r: dict) -> None:
    mode = f"c={r['concurrency']}" if r["mode"] == "closed" else f"open {r['target_rps']}/s"
    print(
        f"{r['endpoint']:<15} {mode:<14} {r['rps']:>7} req/s  p50 {r['p50_ms']}  p90 "
        f"{r['p90_ms']}  p99 {r['p99_ms']} ms  server p50 {r['server_p50_ms']} ms  errors "
        f"{r['errors']}  queries {r['queries_min']}-{r['queries_max']}",
        flush=True,
    )


def main() -> None:
    global DB
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default=DB)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--concurrency", default="1,16,64")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--endpoints", default=",".join(ENDPOINTS))
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--out", default=str(ROOT / "docs" / "performance.json"))
    parser.add_argument("--open-shares", default="0.5,0.8")
    parser.add_argument("--open-users", type=int, default=100)
    args = parser.parse_args()
    if args.database in {"test", "postgres"} or args.database.startswith("test_"):
        raise SystemExit("Use a database of its own for benchmarks.")
    DB = args.database
    env = environment(args.port)
    loadgen_seconds = prepare(env, args.members, args.rebuild)
    plan = targets(env)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as target_file:
        json.dump(plan, target_file)
    log = (ROOT / "var" / "bench-server.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        [str(Path(PY).with_name("alongside")), "serve", "--workers", str(args.workers),
         "--port", str(args.port), "--ws-port", str(args.port + 1)],
        env=env, cwd=ROOT, start_new_session=True, stdout=log, stderr=log,
    )  # fmt: skip
    print(f"Server output in {log.name}", flush=True)
    host = f"http://127.0.0.1:{args.port}"
    results = []
    memory = {}
    watch = MemoryWatch(server.pid)
    try:
        wait_for(host + "/healthz", timeout=300)  # collectstatic first: a minute when busy
        for endpoint in args.endpoints.split(","):  # warm every worker's caches, unmeasured
            if endpoint != "forum_search":
                drive(endpoint, 4, 2, host, target_file.name)
        watch.start()
        for endpoint in args.endpoints.split(","):
            closed = []
            for users in [int(c) for c in args.concurrency.split(",")]:
                closed.append(drive(endpoint, users, args.duration, host, target_file.name))
                print_row(closed[-1])
            results += closed
            # Closed loops hide queueing: the latency that counts comes from an open loop at
            # a fixed share of the best closed-loop rate.
            best = max(r["rps"] for r in closed)
            for share in args.open_shares.split(",") if best else []:
                rate = round(best * float(share), 1)
                # Enough users that each sends at most 2 requests/s: a user whose answer is
                # late catches up at once, and its latency still counts from when it was due.
                users = max(1, min(args.open_users, math.ceil(rate / 2)))
                result = drive(endpoint, users, args.duration, host, target_file.name, rate)
                result["share_of_max"] = float(share)
                results.append(result)
                print_row(result)
        watch.stopped.set()
        memory = {
            "peak_under_load": watch.report(),
            "processes_rss_mb": [
                {"pid": p, "what": describe(p), "rss_mb": round(rss_mb(p), 1)}
                for p in [server.pid, *children(server.pid)]
            ],
        }
    finally:
        watch.stopped.set()
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        os.unlink(target_file.name)
    closed = [r for r in results if r["mode"] == "closed"]
    floor = {r["concurrency"]: r["rps"] for r in closed if r["endpoint"] == "floor"}
    health = {r["concurrency"]: r["rps"] for r in closed if r["endpoint"] == "healthz"}
    for r in closed:
        c = r["concurrency"]
        r["ratio_to_floor"] = round(r["rps"] / floor[c], 3) if floor.get(c) else None
        r["ratio_to_healthz"] = round(r["rps"] / health[c], 3) if health.get(c) else None
    best: dict[str, float] = {}
    for r in closed:
        best[r["endpoint"]] = max(best.get(r["endpoint"], 0.0), r["rps"])
    for name in best:  # throughput as the best closed-loop rate, against the baselines'
        for r in results:
            if r["endpoint"] == name:
                r["max_rps"] = best[name]
                r["max_ratio_to_floor"] = (
                    round(best[name] / best["floor"], 3) if best.get("floor") else None
                )
                r["max_ratio_to_healthz"] = (
                    round(best[name] / best["healthz"], 3) if best.get("healthz") else None
                )
    counts = {
        table: int(psql(f"SELECT count(*) FROM {table}", DB))  # noqa: S608
        for table in ["accounts_user", "discussions_thread", "discussions_post",
                      "messaging_message", "meetings_directorymeeting", "recovery_checkin",
                      "mentoring_mentorprofile", "groups_group"]
    }  # fmt: skip
    report = {
        "machine": {
            "cpus": os.cpu_count(), "platform": platform.platform(),
            "python": platform.python_version(), "postgresql": psql("SHOW server_version"),
            "load_average_after": os.getloadavg(),
        },
        "settings": {
            "workers": args.workers, "duration_s": args.duration,
            "sampled_members": len(plan["members"]), "loadgen_seconds": loadgen_seconds,
        },
        "data": counts, "memory": memory, "results": results,
    }  # fmt: skip
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n")
    print("\n| endpoint | load | req/s | x floor | x healthz | p50 | p90 | p99 | server p50 | "
          "errors | queries |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        q = f"{r['queries_min']}-{r['queries_max']}" if r["queries_min"] is not None else "-"
        load = f"c={r['concurrency']}" if r["mode"] == "closed" else f"open {r['target_rps']}/s"
        print(
            f"| {r['endpoint']} | {load} | {r['rps']} | {r.get('ratio_to_floor', '')} | "
            f"{r.get('ratio_to_healthz', '')} | {r['p50_ms']} | {r['p90_ms']} | {r['p99_ms']} | "
            f"{r['server_p50_ms']} | {r['errors']} | {q} |"
        )


if __name__ == "__main__":
    main()
