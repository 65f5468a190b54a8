"""How fast /mentors/ ranks 10,000 mentors: `make bench` (a benchmark, not a test).

Builds a throwaway SQLite database (or uses DATABASE_URL) with N mentors of varied profiles,
then times `selectors.recommendations` for one mentee and the cohort matcher for 50 mentees.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta

MENTORS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000


def main() -> None:
    os.environ.setdefault("DEBUG", "true")
    if "DATABASE_URL" not in os.environ:
        folder = tempfile.mkdtemp(prefix="alongside-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from alongside.accounts.models import Pathway, Profile, User
    from alongside.mentoring import actions, selectors
    from alongside.mentoring.choices import SLOT_KEYS, Experience, HelpArea, Language
    from alongside.mentoring.models import MentorProfile

    rng = random.Random(7)  # noqa: S311  (made-up data, not secrets)
    slots = sorted(SLOT_KEYS)
    zones = ["America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York"]
    start = User.objects.count()
    users = User.objects.bulk_create(
        User(handle=f"bench{start + i}", email=f"bench{start + i}@example.invalid",
             timezone=rng.choice(zones))
        for i in range(MENTORS)
    )  # fmt: skip
    Profile.objects.bulk_create(Profile(user=u) for u in users)
    now = timezone.now()
    MentorProfile.objects.bulk_create(
        MentorProfile(
            user=u,
            pathways=rng.sample(Pathway.values, 2),
            languages=rng.sample(Language.values, rng.randint(1, 2)),
            experiences=rng.sample(Experience.values, 3),
            help_with=rng.sample(HelpArea.values, 3),
            gender=rng.choice(["", "woman", "man", "non-binary"]),
            availability=rng.sample(slots, rng.randint(2, 8)),
            capacity=rng.randint(1, 4),
            agreement_accepted_at=now - timedelta(days=rng.randint(1, 900)),
        )
        for u in users
    )
    mentee = User.objects.create(handle=f"benchmentee{start}", email="m@example.invalid")
    Profile.objects.create(user=mentee)
    actions.save_preferences(
        user=mentee, pathway="12-step", languages=["en", "es"], experiences=["alcohol"],
        help_with=["cravings"], availability=slots[:6],
    )  # fmt: skip

    timings = []
    for _ in range(7):
        began = time.perf_counter()
        found = selectors.recommendations(mentee)
        timings.append((time.perf_counter() - began) * 1000)
    print(f"recommendations over {MENTORS} mentors: p50 {statistics.median(timings):.0f} ms, "
          f"best {min(timings):.0f} ms ({len(found)} shown)")  # fmt: skip

    cohort = User.objects.bulk_create(
        User(handle=f"benchcohort{start}_{i}", email=f"c{i}@example.invalid") for i in range(50)
    )
    Profile.objects.bulk_create(Profile(user=u) for u in cohort)
    for u in cohort:
        actions.save_preferences(
            user=u, pathway=rng.choice(Pathway.values), languages=["en"],
            availability=rng.sample(slots, 4), open_to_introductions=True,
        )  # fmt: skip
    began = time.perf_counter()
    preview = selectors.cohort_preview(joined_within_days=1)
    print(f"cohort of 50 over {MENTORS} mentors: {(time.perf_counter() - began) * 1000:.0f} ms "
          f"({len(preview.pairings)} matched)")  # fmt: skip


if __name__ == "__main__":
    main()
