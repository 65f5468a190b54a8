"""The periodic guardrails: reminders, the mentors' monthly self-check and the dependency
guard. Each is idempotent (notification keys), so a job that runs twice tells nobody twice."""

from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from alongside.mentoring import selectors
from alongside.mentoring.handlers import tell
from alongside.mentoring.models import CheckInCall, MentorProfile, Mentorship

REMIND_WITHIN = timedelta(hours=1)
NUDGE_EVERY = timedelta(weeks=4)


def remind_check_ins(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    calls = CheckInCall.objects.filter(
        status=CheckInCall.Status.SCHEDULED,
        scheduled_for__gt=now,
        scheduled_for__lte=now + REMIND_WITHIN,
        mentorship__status=Mentorship.Status.ACTIVE,
    ).select_related("mentorship__mentor", "mentorship__mentee")
    sent = 0
    for call in calls:
        mentorship = call.mentorship
        url = reverse("mentoring:mentorship", args=[mentorship.pk]) + "#check-ins"
        for recipient, other in (
            (mentorship.mentor, mentorship.mentee),
            (mentorship.mentee, mentorship.mentor),
        ):
            tell(
                recipient=recipient,
                verb="mentoring.check_in_soon",
                actor=other,
                url=url,
                key=f"mentoring.check_in_soon:{call.pk}:{recipient.pk}",
            )
            sent += 1
    return sent


def ask_about_wellbeing(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    asked = 0
    for profile in MentorProfile.objects.select_related("user").filter(user__is_active=True):
        if selectors.wellbeing_due(profile.user, now):
            tell(
                recipient=profile.user,
                verb="mentoring.wellbeing_due",
                actor=None,
                url=reverse("mentoring:wellbeing"),
                key=f"mentoring.wellbeing:{profile.user_id}:{now:%Y-%m}",
            )
            asked += 1
    return asked


def encourage_wider_networks(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    mentorships = Mentorship.objects.filter(
        status=Mentorship.Status.ACTIVE, started_at__lte=now - selectors.NARROW_AFTER
    ).select_related("mentee")
    nudged = 0
    for mentorship in mentorships:
        if mentorship.dependency_nudged_at and mentorship.dependency_nudged_at > now - NUDGE_EVERY:
            continue
        if not selectors.network_is_narrow(mentorship.mentee, [mentorship], now):
            continue
        with transaction.atomic():
            Mentorship.objects.filter(pk=mentorship.pk).update(dependency_nudged_at=now)
            tell(
                recipient=mentorship.mentee,
                verb="mentoring.widen_network",
                actor=None,
                url=reverse("mentoring:index") + "#widen",
                key=f"mentoring.widen:{mentorship.pk}:{now:%Y-%m-%d}",
            )
        nudged += 1
    return nudged
