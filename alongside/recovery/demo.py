"""Demo journeys: varied substances and pathways, a month of check-ins for river, recent
milestones among river's connections to celebrate, and recovery capital over time."""

import random
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from alongside.accounts.models import User
from alongside.recovery import counting
from alongside.recovery.models import (
    CheckIn,
    Congratulation,
    Journey,
    Milestone,
    RecoveryCapital,
)

# handle: (substance, pathway, days or relativedelta back, sharing, show substance)
JOURNEYS = {
    "river": ("alcohol", "12-step", 47, "connections", True),
    "sam": ("alcohol", "12-step", relativedelta(years=6, days=12), "members", True),
    "alex": ("opioids", "medication", 3, "me", False),
    "jordan": ("stimulants", "smart", relativedelta(years=3, months=2), "members", False),
    "quinn": ("alcohol", "secular", 91, "connections", True),
    "kai": ("cannabis", "harm-reduction", relativedelta(years=1, days=1), "connections", False),
    "priya": ("nicotine", "other", 8, "connections", True),
    "eli": ("gambling", "faith", 200, "me", False),
    "marisol": ("alcohol", "faith", relativedelta(years=2, months=5), "members", True),
    "dev": ("opioids", "medication", 75, "connections", False),
    "jamie": ("alcohol", "12-step", 31, "connections", True),
}
GRATITUDE = [
    "My sister called just to check in.",
    "Coffee with Sam after the Tuesday group.",
    "A long walk by the river before work.",
    "Sleeping through the night.",
    "My dog, always.",
    "Getting through a hard shift without drinking.",
]


def load() -> str:
    now = timezone.now()
    users = {u.handle: u for u in User.objects.filter(handle__in=JOURNEYS)}
    made = 0
    for handle, (substance, pathway, back, sharing, show) in JOURNEYS.items():
        user = users.get(handle)
        if user is None or Journey.objects.filter(user=user).exists():
            continue
        today = counting.local_today(user.timezone, now)
        start = today - (timedelta(days=back) if isinstance(back, int) else back)
        journey = Journey.objects.create(
            user=user,
            substance=substance,
            pathway=pathway,
            start_date=start,
            sharing=sharing,
            show_substance=show,
        )
        for kind in counting.milestones_reached(start, today):
            reached = kind.reached_on(start)
            Milestone.objects.create(
                journey=journey,
                key=kind.key,
                stretch_start=start,
                reached_on=reached,
                celebrated=sharing != "me" and (today - reached).days <= 2,
            )
        made += 1

    river = users.get("river")
    if river is not None and not CheckIn.objects.filter(user=river).exists():
        rng = random.Random(47)  # noqa: S311  (demo data, deterministic)
        today = counting.local_today(river.timezone, now)
        for back in range(30, 0, -1):
            if rng.random() < 0.15:
                continue  # some days are just days
            progress = (30 - back) / 30
            CheckIn.objects.create(
                user=river,
                day=today - timedelta(days=back),
                mood=max(1, min(5, round(2.5 + 2 * progress + rng.uniform(-1, 1)))),
                craving=max(0, min(10, round(7 - 5 * progress + rng.uniform(-2, 2)))),
                triggers=rng.sample(
                    ["stress", "people", "boredom", "halt", "places"], k=rng.randint(0, 2)
                ),
                used=False,
                gratitude=rng.choice(GRATITUDE),
                note="",
            )
        RecoveryCapital.objects.create(
            user=river,
            answers=[4, 3, 3, 3, 3, 4, 3, 4, 3, 4],
            total=34,
            taken_on=today - timedelta(days=40),
        )
        RecoveryCapital.objects.create(
            user=river,
            answers=[5, 4, 4, 3, 4, 4, 4, 5, 4, 5],
            total=42,
            taken_on=today - timedelta(days=6),
        )
        sam = users.get("sam")
        first_month = Milestone.objects.filter(journey__user=river, key="d30").first()
        if sam is not None and first_month is not None:
            Congratulation.objects.get_or_create(
                milestone=first_month,
                sender=sam,
                defaults={
                    "reaction": "proud",
                    "message": "30 days! Proud of you, one day at a time.",
                },
            )
    return f"{made} journeys"
