"""Every write in support now: asking, alerting, "I'm here", widening, closing, the on-call
roster and crisis flags."""

from collections.abc import Iterable
from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import Block, Connection, Role, User
from alongside.core.audit import log_action
from alongside.core.errors import ApplicationError
from alongside.core.events import publish
from alongside.mentoring.choices import SLOT_KEYS
from alongside.support import rules
from alongside.support.models import (
    Audience,
    CrisisFlag,
    OnCallVolunteer,
    SupportRecipient,
    SupportRequest,
)

MAX_MESSAGE = 500
DEFAULT_AUDIENCES = [Audience.MENTOR, Audience.CONNECTIONS, Audience.ON_CALL]


class SupportError(ApplicationError):
    pass


class SupportLimited(SupportError):
    pass


def _limit(user: User) -> None:
    """A few requests an hour is plenty for anyone; past that, the crisis lines still show."""
    for window, most in ((3600, rules.REQUESTS_PER_HOUR), (86400, rules.REQUESTS_PER_DAY)):
        key = f"limit:support:{window}:{user.pk}"
        if cache.add(key, 1, timeout=window):
            continue
        try:
            used = cache.incr(key)
        except ValueError:
            cache.add(key, 1, timeout=window)
            continue
        if used > most:
            raise SupportLimited(
                _(
                    "You've asked several times in a short while, and we haven't been able to "
                    "reach more people just now. You deserve support right away: please call "
                    "or text 988, or call 911 if you're in danger."
                )
            )


def _blocked_ids(user: User) -> set[int]:
    pairs = Block.objects.filter(Q(blocker=user) | Q(blocked=user)).values_list(
        "blocker_id", "blocked_id"
    )
    return {uid for pair in pairs for uid in pair} - {user.pk}


def on_call_now(now: datetime, *, exclude: Iterable[int] = ()) -> list[int]:
    """Approved volunteers whose weekly slots cover this moment."""
    volunteers = (
        OnCallVolunteer.objects.filter(active=True, approved_at__isnull=False, user__is_active=True)
        .exclude(user_id__in=list(exclude))
        .values_list("user_id", "slots", "user__timezone")
    )
    return [uid for uid, slots, zone in volunteers if rules.on_shift(slots, zone, now)]


def _recipients(
    requester: User, audiences: list[str], group_id: int | None, now: datetime
) -> dict[int, str]:
    from alongside.groups.models import Membership
    from alongside.mentoring.models import Mentorship

    chosen: dict[int, str] = {}

    def add(user_ids: Iterable[int], reason: str) -> None:
        for user_id in user_ids:
            chosen.setdefault(user_id, reason)

    if Audience.MENTOR in audiences:
        add(
            Mentorship.objects.filter(
                mentee=requester, status=Mentorship.Status.ACTIVE
            ).values_list("mentor_id", flat=True),
            Audience.MENTOR,
        )
    if Audience.CONNECTIONS in audiences:
        rows = Connection.objects.filter(
            Q(requester=requester) | Q(addressee=requester), status=Connection.Status.ACCEPTED
        ).values_list("requester_id", "addressee_id")
        add((b if a == requester.pk else a for a, b in rows), Audience.CONNECTIONS)
    if Audience.GROUP in audiences and group_id is not None:
        add(
            Membership.objects.filter(group_id=group_id).values_list("user_id", flat=True),
            Audience.GROUP,
        )
    if Audience.ON_CALL in audiences:
        add(on_call_now(now), Audience.ON_CALL)
    excluded = _blocked_ids(requester) | {requester.pk}
    active = set(
        User.objects.filter(pk__in=list(chosen), is_active=True).values_list("pk", flat=True)
    )
    return {uid: reason for uid, reason in chosen.items() if uid in active and uid not in excluded}


@transaction.atomic
def ask_for_support(
    *,
    requester: User,
    audiences: list[str] | None = None,
    message: str = "",
    group_id: int | None = None,
) -> SupportRequest:
    from alongside.groups.models import Membership

    audiences = list(dict.fromkeys(audiences or DEFAULT_AUDIENCES))
    if any(a not in Audience.values for a in audiences):
        raise SupportError(_("Please choose who to ask from the list."))
    if Audience.GROUP in audiences:
        if (
            group_id is None
            or not Membership.objects.filter(group_id=group_id, user=requester).exists()
        ):
            raise SupportError(_("Please choose one of your groups, or someone else to ask."))
    else:
        group_id = None
    message = (message or "").strip()
    if len(message) > MAX_MESSAGE:
        raise SupportError(
            _("Please keep it to %(limit)d characters; a few words are enough.")
            % {"limit": MAX_MESSAGE}
        )
    _limit(requester)
    now = timezone.now()
    request = SupportRequest.objects.create(
        requester=requester,
        message=message,
        audiences=audiences,
        group_id=group_id,
        created_at=now,
        widened_at=now if Audience.ON_CALL in audiences else None,
    )
    chosen = _recipients(requester, audiences, group_id, now)
    SupportRecipient.objects.bulk_create(
        SupportRecipient(request=request, user_id=uid, reason=reason, alerted_at=now)
        for uid, reason in chosen.items()
    )
    publish("support.requested", request_id=request.pk, user_ids=sorted(chosen))
    return request


@transaction.atomic
def respond(*, responder: User, request: SupportRequest) -> SupportRecipient:
    """ "I'm here": the responder and the requester can talk privately at once."""
    locked = SupportRequest.objects.select_for_update().get(pk=request.pk)
    if not locked.is_open:
        raise SupportError(_("They've said they're okay now. Thank you for coming."))
    recipient = SupportRecipient.objects.filter(request=locked, user=responder).first()
    if recipient is None:
        raise SupportError(_("This request isn't open to you."))
    if recipient.responded_at is None:
        recipient.responded_at = timezone.now()
        recipient.save(update_fields=["responded_at"])
        publish("support.responded", request_id=locked.pk, responder_id=responder.pk)
    from alongside.messaging.actions import start_conversation

    start_conversation(user=responder, other=locked.requester)
    return recipient


@transaction.atomic
def close_request(*, requester: User, request: SupportRequest, what_helped: str = "") -> None:
    locked = SupportRequest.objects.select_for_update().get(pk=request.pk, requester=requester)
    what_helped = (what_helped or "").strip()
    if len(what_helped) > MAX_MESSAGE:
        raise SupportError(_("Please keep it to %(limit)d characters.") % {"limit": MAX_MESSAGE})
    if locked.is_open:
        locked.status = SupportRequest.Status.CLOSED
        locked.closed_at = timezone.now()
    locked.what_helped = what_helped or locked.what_helped
    locked.save(update_fields=["status", "closed_at", "what_helped"])
    publish("support.closed", request_id=locked.pk)


def widen_unanswered(*, now: datetime | None = None) -> tuple[int, int]:
    """Requests nobody answered in time reach the on-call peers; after another wait, the
    requester is shown the crisis lines again with a gentle note. Returns (widened, reshown)."""
    now = now or timezone.now()
    cutoff = now - rules.widen_after()
    unanswered = SupportRequest.objects.filter(status=SupportRequest.Status.OPEN).exclude(
        recipients__responded_at__isnull=False
    )
    widened = 0
    for request in unanswered.filter(
        widened_at__isnull=True, created_at__lte=cutoff
    ).select_related("requester"):
        with transaction.atomic():
            if not SupportRequest.objects.filter(pk=request.pk, widened_at__isnull=True).update(
                widened_at=now
            ):
                continue  # another worker got there first
            already = set(request.recipients.values_list("user_id", flat=True))
            excluded = already | _blocked_ids(request.requester) | {request.requester_id}
            new = on_call_now(now, exclude=excluded)
            SupportRecipient.objects.bulk_create(
                SupportRecipient(request=request, user_id=uid, reason=Audience.ON_CALL)
                for uid in new
            )
            publish("support.requested", request_id=request.pk, user_ids=new)
        widened += 1
    reshown = 0
    for request in unanswered.filter(lines_reshown_at__isnull=True, widened_at__lte=cutoff):
        if SupportRequest.objects.filter(pk=request.pk, lines_reshown_at__isnull=True).update(
            lines_reshown_at=now
        ):
            publish("support.unanswered", request_id=request.pk)
            reshown += 1
    return widened, reshown


# On call


def _slots(slots: Iterable[str]) -> list[str]:
    slots = list(dict.fromkeys(slots or []))
    if any(slot not in SLOT_KEYS for slot in slots):
        raise SupportError(_("Please choose times from the list."))
    return slots


@transaction.atomic
def join_on_call(*, user: User, slots: list[str]) -> OnCallVolunteer:
    """Mentors join the roster at once; anyone else once a moderator approves."""
    from alongside.mentoring.models import MentorProfile

    is_mentor = MentorProfile.objects.filter(user=user).exists()
    volunteer, created = OnCallVolunteer.objects.get_or_create(
        user=user,
        defaults={
            "slots": _slots(slots),
            "approved_at": timezone.now() if is_mentor else None,
        },
    )
    if not created:
        volunteer.slots = _slots(slots)
        volunteer.active = True
        if is_mentor and volunteer.approved_at is None:
            volunteer.approved_at = timezone.now()
        volunteer.save()
    if volunteer.approved_at is None:
        publish("support.volunteered", volunteer_id=volunteer.pk)
    return volunteer


def leave_on_call(*, user: User) -> None:
    OnCallVolunteer.objects.filter(user=user).update(active=False)


@transaction.atomic
def approve_volunteer(*, moderator: User, volunteer: OnCallVolunteer) -> OnCallVolunteer:
    if not any(moderator.has_role(r) for r in (Role.MODERATOR, Role.STAFF, Role.ADMIN)):
        raise SupportError(_("Only moderators and staff approve on-call peers."))
    volunteer.approved_at = timezone.now()
    volunteer.approved_by = moderator
    volunteer.save(update_fields=["approved_at", "approved_by"])
    log_action(actor=moderator, action="support.on_call_approved", target=volunteer)
    return volunteer


# Crisis flags


def screen(*, author_id: int, source: str, object_id: int, text: str) -> CrisisFlag | None:
    """Check text for signs that someone may be in danger; flag it for moderators. Nothing
    is blocked or hidden: the author is shown crisis resources by the page they're on."""
    from alongside.support.detector import assess

    assessment = assess(text or "")
    if not assessment.flagged:
        return None
    flag, created = CrisisFlag.objects.get_or_create(
        source=source,
        object_id=object_id,
        defaults={
            "author_id": author_id,
            "categories": sorted(assessment.categories),
            "urgent": assessment.urgent,
        },
    )
    if created:
        publish("crisis.flagged", flag_id=flag.pk)
    return flag


def review_flag(*, moderator: User, flag: CrisisFlag) -> CrisisFlag:
    flag.reviewed_at = timezone.now()
    flag.reviewed_by = moderator
    flag.save(update_fields=["reviewed_at", "reviewed_by"])
    log_action(actor=moderator, action="support.crisis_flag_reviewed", target=flag)
    return flag
