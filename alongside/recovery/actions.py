"""Every write to journeys, setbacks, milestones, check-ins and recovery capital."""

from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alongside.accounts.models import User, Visibility
from alongside.core.errors import ApplicationError
from alongside.core.events import publish
from alongside.recovery import barc, counting
from alongside.recovery.models import (
    CONGRATULATION_MAX,
    CheckIn,
    Congratulation,
    Journey,
    Milestone,
    Reaction,
    RecoveryCapital,
    Setback,
    Substance,
    TrendSharing,
    Trigger,
)
from alongside.recovery.selectors import member_today

EARLIEST = date(1900, 1, 1)
# Milestones reached longer ago than this are recorded quietly (e.g. a journey entered years
# after it began): nobody is congratulated on old news.
CELEBRATE_WITHIN = timedelta(days=2)
SUPPORT_CRAVING = 7  # a craving this strong (or using) offers support after a check-in
MAX_JOURNEYS = 10


class RecoveryError(ApplicationError):
    pass


def _check_start(start: date, today: date) -> None:
    if start > today:
        raise RecoveryError(_("The start date can't be in the future."))
    if start < EARLIEST:
        raise RecoveryError(_("Please check the year of the start date."))


def _journey_fields(fields: dict[str, Any]) -> dict[str, Any]:
    if fields.get("substance") not in Substance.values:
        raise RecoveryError(_("Choose what this journey is about."))
    if fields.get("sharing", Visibility.ONLY_ME) not in Visibility.values:
        raise RecoveryError(_("Choose who may see this journey."))
    if fields.get("substance") != Substance.OTHER:
        fields["substance_other"] = ""
    return fields


@transaction.atomic
def create_journey(*, user: User, start_date: date, **fields: Any) -> Journey:
    _check_start(start_date, member_today(user))
    if Journey.objects.filter(user=user).count() >= MAX_JOURNEYS:
        raise RecoveryError(_("You can keep up to %(n)d journeys.") % {"n": MAX_JOURNEYS})
    journey = Journey.objects.create(user=user, start_date=start_date, **_journey_fields(fields))
    transaction.on_commit(lambda: sweep_journey(journey_id=journey.pk))
    return journey


@transaction.atomic
def update_journey(*, user: User, journey: Journey, start_date: date, **fields: Any) -> Journey:
    """Change a journey's details; a changed start date corrects the current stretch."""
    journey = Journey.objects.select_for_update().get(pk=journey.pk, user=user)
    _check_start(start_date, member_today(user))
    last = journey.setbacks.order_by("-new_start").first()
    if last is not None and start_date < last.previous_start:
        raise RecoveryError(_("The start date can't be before your previous stretch began."))
    if start_date != journey.start_date:
        # A correction, not a setback: milestones of the old date are recomputed quietly.
        journey.milestones.filter(stretch_start=journey.start_date).delete()
        if last is not None:
            Setback.objects.filter(pk=last.pk).update(new_start=start_date)
    for name, value in _journey_fields(fields).items():
        setattr(journey, name, value)
    journey.start_date = start_date
    journey.full_clean()
    journey.save()
    transaction.on_commit(lambda: sweep_journey(journey_id=journey.pk, quietly=True))
    return journey


def delete_journey(*, user: User, journey: Journey) -> None:
    Journey.objects.filter(pk=journey.pk, user=user).delete()


@transaction.atomic
def record_setback(
    *,
    user: User,
    journey: Journey,
    new_start: date,
    reflection: str = "",
    tell_mentor: bool = False,
) -> Setback:
    """A new start date. The old stretch is kept, privately, and still counts."""
    journey = Journey.objects.select_for_update().get(pk=journey.pk, user=user)
    _check_start(new_start, member_today(user))
    if new_start < journey.start_date:
        raise RecoveryError(_("The new start date can't be before this stretch began."))
    setback = Setback.objects.create(
        journey=journey,
        previous_start=journey.start_date,
        new_start=new_start,
        reflection=reflection.strip(),
        tell_mentor=tell_mentor,
    )
    journey.start_date = new_start
    journey.save(update_fields=["start_date"])
    publish("journey.setback", setback_id=setback.pk, tell_mentor=tell_mentor)
    return setback


# Milestones


def _record_milestones(journey: Journey, today: date, *, quietly: bool) -> list[Milestone]:
    """Write the milestones this stretch has reached; return the new ones worth celebrating."""
    existing = set(
        journey.milestones.filter(stretch_start=journey.start_date).values_list("key", flat=True)
    )
    fresh = []
    for kind in counting.milestones_reached(journey.start_date, today):
        if kind.key in existing:
            continue
        reached_on = kind.reached_on(journey.start_date)
        recent = not quietly and today - reached_on <= CELEBRATE_WITHIN
        try:
            with transaction.atomic():
                milestone = Milestone.objects.create(
                    journey=journey,
                    key=kind.key,
                    stretch_start=journey.start_date,
                    reached_on=reached_on,
                    celebrated=recent and journey.sharing != Visibility.ONLY_ME,
                )
        except IntegrityError:
            continue  # another sweep wrote it first: it is theirs to announce
        if recent:
            fresh.append(milestone)
    # Only the newest is announced, should a member reach two on one day.
    if fresh:
        publish("milestone.reached", milestone_id=fresh[-1].pk)
    return fresh


def sweep_journey(*, journey_id: int, quietly: bool = False) -> int:
    journey = Journey.objects.select_related("user").filter(pk=journey_id).first()
    if journey is None:
        return 0
    with transaction.atomic():
        return len(_record_milestones(journey, member_today(journey.user), quietly=quietly))


def sweep_milestones(*, now: datetime | None = None, batch: int = 1000) -> int:
    """Record every milestone reached by today, on each member's calendar. Safe to run twice:
    a milestone is unique per stretch, so a second run finds nothing new to announce."""
    now = now or timezone.now()
    found = 0
    last_id = 0
    while True:
        journeys = list(
            Journey.objects.select_related("user")
            .filter(pk__gt=last_id, user__is_active=True)
            .order_by("pk")[:batch]
        )
        if not journeys:
            return found
        recorded: dict[int, set[tuple[date, str]]] = {}
        for journey_id, start, key in Milestone.objects.filter(journey__in=journeys).values_list(
            "journey_id", "stretch_start", "key"
        ):
            recorded.setdefault(journey_id, set()).add((start, key))
        for journey in journeys:
            today = counting.local_today(journey.user.timezone, now)
            have = recorded.get(journey.pk, set())
            reached = counting.milestones_reached(journey.start_date, today)
            if any((journey.start_date, kind.key) not in have for kind in reached):
                with transaction.atomic():
                    found += len(_record_milestones(journey, today, quietly=False))
        last_id = journeys[-1].pk


@transaction.atomic
def congratulate(
    *, user: User, milestone: Milestone, reaction: str = "", message: str = ""
) -> Congratulation:
    message = message.strip()
    if reaction and reaction not in Reaction.values:
        raise RecoveryError(_("Choose one of the reactions."))
    if not reaction and not message:
        raise RecoveryError(_("Choose a reaction or write a few words."))
    if len(message) > CONGRATULATION_MAX:
        raise RecoveryError(
            _("Your message is too long: please keep it to %(limit_value)d characters.")
            % {"limit_value": CONGRATULATION_MAX}
        )
    congratulation, created = Congratulation.objects.update_or_create(
        milestone=milestone, sender=user, defaults={"reaction": reaction, "message": message}
    )
    if created:
        publish("milestone.congratulated", congratulation_id=congratulation.pk)
    return congratulation


# Check-ins


@transaction.atomic
def save_check_in(
    *,
    user: User,
    mood: int,
    craving: int,
    triggers: list[str],
    used: bool,
    gratitude: str = "",
    note: str = "",
) -> CheckIn:
    """Today's check-in, made or changed (only today's can change)."""
    if not 1 <= mood <= 5:
        raise RecoveryError(_("Choose your mood from 1 to 5."))
    if not 0 <= craving <= 10:
        raise RecoveryError(_("Choose a craving from 0 to 10."))
    if any(trigger not in Trigger.values for trigger in triggers):
        raise RecoveryError(_("Choose triggers from the list."))
    if len(gratitude) > 1000 or len(note) > 5000:
        raise RecoveryError(_("That's a lot to hold. Please keep it shorter."))
    today = member_today(user)
    check_in, _created = CheckIn.objects.update_or_create(
        user=user,
        day=today,
        defaults={
            "mood": mood,
            "craving": craving,
            "triggers": sorted(set(triggers)),
            "used": used,
            "gratitude": gratitude.strip(),
            "note": note.strip(),
            "updated_at": timezone.now(),
        },
    )
    publish("check_in.saved", check_in_id=check_in.pk)
    return check_in


def needs_support(check_in: CheckIn) -> bool:
    return check_in.used or check_in.craving >= SUPPORT_CRAVING


# Recovery capital


@transaction.atomic
def take_recovery_capital(*, user: User, answers: list[int]) -> RecoveryCapital:
    if len(answers) != len(barc.ITEMS) or any(not 1 <= a <= 6 for a in answers):
        raise RecoveryError(_("Please answer all ten statements."))
    today = member_today(user)
    last = RecoveryCapital.objects.filter(user=user).order_by("-taken_on").first()
    allowed = barc.next_allowed(last.taken_on if last else None)
    if allowed is not None and today < allowed:
        raise RecoveryError(
            _("You can take it again from %(date)s: once a month shows change best.")
            % {"date": date_format(allowed, "DATE_FORMAT")}
        )
    return RecoveryCapital.objects.create(
        user=user, answers=answers, total=sum(answers), taken_on=today
    )


def set_trend_sharing(*, user: User, with_mentor: bool) -> TrendSharing:
    sharing, _created = TrendSharing.objects.update_or_create(
        user=user, defaults={"with_mentor": with_mentor, "changed_at": timezone.now()}
    )
    return sharing
