"""Profile one page in-process against the benchmark's data, the way the bench's members see it.

    .venv/bin/python scripts/profile_page.py /discussions/threads/123/ [--repeat 50] [--html f]

Uses the `alongside_bench` database that `make bench-stack` builds (DEBUG off, the production
settings), signs in as one of its generated members (`--member lg42`, or the first with a group
and a conversation), warms the page up, then runs it `--repeat` times under pyinstrument and
prints where the time went, and the median time and queries per request.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/alongside_bench")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/7")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--member", default="")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--html", default="")
    parser.add_argument("--plain", action="store_true", help="time it without the profiler")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    from alongside.accounts.models import User
    from alongside.groups.models import Membership

    members = User.objects.filter(handle__startswith="lg").order_by("id")
    if args.member:
        member = members.get(handle=args.member)
    else:
        member = next(u for u in members[:500] if Membership.objects.filter(user=u).exists())
    client = Client()
    client.force_login(member)
    for _ in range(3):
        response = client.get(args.path)
    if response.status_code != 200:
        raise SystemExit(f"{args.path} answered {response.status_code} for {member.handle}")

    times, queries = [], []
    if args.plain:
        for _ in range(args.repeat):
            began = time.perf_counter()
            client.get(args.path)
            times.append((time.perf_counter() - began) * 1000)
        times.sort()
        print(
            f"{args.path} as {member.handle}: median {statistics.median(times):.1f} ms, "
            f"p90 {times[int(len(times) * 0.9)]:.1f} ms (in-process, not profiled)"
        )
        return
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(args.repeat):
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            client.get(args.path)
        times.append((time.perf_counter() - began) * 1000)
        queries.append(len(captured))
    profiler.stop()
    show_all = bool(os.environ.get("SHOW_ALL"))  # every frame, not only the app's
    print(profiler.output_text(unicode=True, color=False, show_all=show_all))
    if args.html:
        Path(args.html).write_text(profiler.output_html())
    print(
        f"{args.path} as {member.handle}: median {statistics.median(times):.1f} ms, "
        f"queries {min(queries)}-{max(queries)} (profiled, so slower than served)"
    )


if __name__ == "__main__":
    main()
