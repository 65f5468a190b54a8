"""How fast forum search answers on an existing database (a benchmark, not a test): times
`forum.selectors.search(member, word)` in-process for sampled members who belong to groups and
prints p50/p99 per word, the queries it ran, and with --explain the EXPLAIN ANALYZE of each.

    DATABASE_URL=postgres://.../alongside_bench .venv/bin/python scripts/bench_search.py
    ... scripts/bench_search.py --runs 50 --members 3 --explain sleep

Read-only: it never writes to the database."""

import argparse
import os
import statistics
import time

WORDS = ["craving", "sleep", "family", "sponsor", "grateful", "weekend", "anxious"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("words", nargs="*", default=WORDS)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--members", type=int, default=1, help="members sampled (with groups)")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from alongside.accounts.models import User
    from alongside.forum.selectors import search
    from alongside.groups.models import Membership

    with_groups = (
        Membership.objects.values_list("user_id", flat=True).distinct().order_by("user_id")
    )
    step = max(1, with_groups.count() // (args.members + 1))
    members = [User.objects.get(pk=with_groups[step * (n + 1)]) for n in range(args.members)]
    for member in members:
        groups = Membership.objects.filter(user=member).count()
        print(f"member {member.pk} ({groups} groups), {connection.vendor}")
        for word in args.words:
            with CaptureQueriesContext(connection) as captured:
                found = search(member, word)
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                search(member, word)
                times.append((time.perf_counter() - start) * 1000)
            times.sort()
            p99 = times[min(len(times) - 1, round(len(times) * 0.99))]
            print(
                f"  {word:10} p50 {statistics.median(times):6.1f} ms  p99 {p99:6.1f} ms  "
                f"best {times[0]:6.1f} ms  "
                f"{len(found)} found, {len(captured)} queries"
            )
            if args.explain:
                for query in captured.captured_queries:
                    print(f"    -- {query['sql'][:60]!r}")
                    if not query["sql"].lstrip().upper().startswith(("SELECT", "(SELECT")):
                        continue
                    with connection.cursor() as cursor:
                        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
                        print("\n".join(f"    {row[0]}" for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
