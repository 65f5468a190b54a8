"""How fast the meeting finder searches 100,000 meetings (`make bench`; a benchmark, not a
test). Builds a throwaway SQLite database (or uses DATABASE_URL) with meetings spread over
North American cities, then times searches near a ZIP code with filters and prints the ranking
query's plan, which must read the covering index (directory_near_idx, the bounding box first)
without scanning the table."""

import os
import random
import statistics
import sys
import tempfile
import time

MEETINGS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
CITIES = [
    (45.52, -122.68, "America/Los_Angeles"), (47.61, -122.33, "America/Los_Angeles"),
    (37.77, -122.42, "America/Los_Angeles"), (34.05, -118.24, "America/Los_Angeles"),
    (33.45, -112.07, "America/Phoenix"), (39.74, -104.99, "America/Denver"),
    (41.88, -87.63, "America/Chicago"), (29.76, -95.37, "America/Chicago"),
    (40.71, -74.01, "America/New_York"), (42.36, -71.06, "America/New_York"),
    (25.76, -80.19, "America/New_York"), (43.65, -79.38, "America/Toronto"),
    (49.28, -123.12, "America/Vancouver"), (53.55, -113.49, "America/Edmonton"),
    (19.43, -99.13, "America/Mexico_City"), (61.22, -149.90, "America/Anchorage"),
]  # fmt: skip


def main() -> None:
    # Production settings: DEBUG's query log would be timed too.
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
    if "DATABASE_URL" not in os.environ:
        folder = tempfile.mkdtemp(prefix="alongside-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    import django

    django.setup()
    from datetime import time as clock

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from alongside.meetings import finder, places
    from alongside.meetings.models import DirectoryMeeting, FeedSource

    rng = random.Random(11)  # noqa: S311  (made-up data, not secrets)
    source, _created = FeedSource.objects.get_or_create(
        slug="bench", defaults={"name": "Benchmark", "location": "-"}
    )
    start = DirectoryMeeting.objects.count()
    # A database that already holds enough meetings (a second run) is searched as it is.
    wanted = max(MEETINGS - start, 0)
    codes = ["O", "C", "D", "SP", "B", "ST", "W", "M", "BE", "S", "X", "ONL"]
    batch = []
    for i in range(wanted):
        lat, lon, zone = rng.choice(CITIES)
        day, hour, minute = rng.randrange(7), rng.randrange(6, 23), rng.choice([0, 15, 30])
        types = sorted(rng.sample(codes, 3))
        attendance = rng.choice(["in_person", "in_person", "online", "hybrid"])
        batch.append(
            DirectoryMeeting(
                source=source, feed_slug=f"m{start + i}", slug=f"bench-{start + i}",
                name=f"Meeting {start + i}", day=day, time=clock(hour, minute),
                week_minute=day * 1440 + hour * 60 + minute, timezone=zone,
                attendance=attendance, latitude=lat + rng.gauss(0, 0.35),
                longitude=lon + rng.gauss(0, 0.45), types=types,
                types_text="," + ",".join(types) + ",", search_text=f"meeting {start + i}",
                fingerprint="-",
            )
        )  # fmt: skip
        if len(batch) == 5000:
            DirectoryMeeting.objects.bulk_create(batch)
            batch = []
    DirectoryMeeting.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        # What autovacuum does after a bulk load: statistics, and the visibility map that lets
        # PostgreSQL answer from the index alone.
        table = DirectoryMeeting._meta.db_table
        cursor.execute(
            f"VACUUM ANALYZE {table}" if connection.vendor == "postgresql" else "ANALYZE"
        )
    point = places.resolve("97214")
    searches = {
        "near 97214, 10 mi": finder.Search(point=point, distance=10),
        "near 97214, 25 mi, tonight, open": finder.Search(
            point=point, distance=25, day=(timezone.now().weekday() + 1) % 7,
            time_of_day="evening", types=("O",),
        ),
        "online, evening, women": finder.Search(
            attendance="online", time_of_day="evening", types=("W",), day=3
        ),
    }  # fmt: skip
    print(f"{DirectoryMeeting.objects.count()} meetings in the finder")
    for label, search in searches.items():
        timings = []
        for _ in range(40):
            began = time.perf_counter()
            _results, total = finder.search(search, timezone.now())
            timings.append((time.perf_counter() - began) * 1000)
        timings.sort()
        p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
        print(f"{label}: p50 {statistics.median(timings):.1f} ms, p99 {p99:.1f} ms, {total} found")
    ranking = finder.candidates(searches["near 97214, 10 mi"]).values_list(*finder.RANKED)
    sql, params = ranking[: finder.MAX_CANDIDATES].query.sql_with_params()
    with connection.cursor() as cursor:
        plan = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        cursor.execute(plan + sql, params)
        print("plan:", " | ".join(str(row[-1]) for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
