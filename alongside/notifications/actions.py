"""Every write to notifications: `notify` (the one way to tell a member something) and
`notify_many` (the same for many members at once), delivery, read state, preferences and push
subscriptions."""

import logging
from collections.abc import Callable, Collection, Iterable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import Block, User
from alongside.core.errors import ApplicationError
from alongside.core.realtime import send_to_member
from alongside.notifications import emails, unread, webpush
from alongside.notifications.kinds import EmailChoice, Kind, Verb, get_verb
from alongside.notifications.models import (
    Delivery,
    Notification,
    NotificationSettings,
    PushSubscription,
)
from alongside.notifications.quiet_hours import quiet_until
from alongside.notifications.tokens import DIGEST

logger = logging.getLogger(__name__)
MAX_DELIVERY_ATTEMPTS = 8
STUCK_AFTER = timedelta(minutes=15)


class NotificationError(ApplicationError):
    pass


def settings_for(user: User) -> NotificationSettings:
    """The member's settings row, or the defaults (unsaved) if they never changed anything."""
    try:
        return user.notification_settings
    except NotificationSettings.DoesNotExist:
        return NotificationSettings(user=user)


def _held_until(
    user: User, prefs: NotificationSettings, urgent: bool, now: datetime
) -> datetime | None:
    window = prefs.quiet_hours()
    if window is None or (urgent and prefs.urgent_in_quiet_hours):
        return None
    return quiet_until(now, *window, ZoneInfo(user.timezone))


def _blocked(recipient_id: int, actor_id: int | None) -> bool:
    if actor_id is None:
        return False
    return Block.objects.filter(
        Q(blocker_id=recipient_id, blocked_id=actor_id)
        | Q(blocker_id=actor_id, blocked_id=recipient_id)
    ).exists()


def push_unread_counts(user_ids: Collection[int]) -> None:
    """Tell each member's open pages their new count: one query for all of them, which also
    fills the header's cache for their next page."""
    try:
        counts = unread.counts_for(user_ids)
    except Exception:  # live counts are a nicety; the page shows the count anyway
        logger.warning("Could not count unread notifications", exc_info=True)
        return
    for user_id, count in counts.items():
        try:
            send_to_member(user_id, {"type": "notifications.unread", "count": count})
        except Exception:
            logger.warning("Could not send the live unread count", exc_info=True)


def _push_unread_count(user_id: int) -> None:
    push_unread_counts([user_id])


def notify(
    *,
    recipient: User,
    verb: str,
    actor: User | None = None,
    params: dict[str, Any] | None = None,
    url: str = "",
    key: str = "",
    not_before: datetime | None = None,
) -> Notification | None:
    """Tell `recipient` that `verb` happened: in the app, and by email and push as they chose.

    Call it from an event handler (so after the action's transaction committed). With a `key`,
    calling it again for the same event does nothing. Nobody is notified about someone they
    blocked or who blocked them, and a member is never notified about their own doing.
    `not_before` holds email and push until then (a mentor's contact hours, say); the in-app
    notification is there at once.
    """
    sent = notify_many(
        recipients=[recipient],
        verb=verb,
        actor=actor,
        params=params,
        url=url,
        key=key,
        not_before=not_before,
    )
    return sent.get(recipient.pk)


KeyFor = str | Callable[[User], str]


def notify_many(
    *,
    recipients: Iterable[User],
    verb: str,
    actor: User | None = None,
    params: dict[str, Any] | None = None,
    url: str = "",
    key: KeyFor = "",
    not_before: datetime | None = None,
) -> dict[int, Notification]:
    """`notify` for many members at once, in a number of queries that does not grow with them.

    The same rules: inactive members, the actor themself and anyone on either side of a block
    with the actor are left out; a `key` (one string, or a function of the recipient) already
    used for a recipient returns that notification instead of making another; email and push
    are planned per recipient's preferences, quiet hours and devices. Returns the notification
    of each recipient notified (made now or found by its key), by recipient id.
    """
    definition = get_verb(verb)
    if definition is None:
        raise NotificationError(f"Unknown notification verb {verb!r}")
    wanted: dict[int, User] = {}
    for recipient in recipients:
        if recipient.is_active and (actor is None or actor.pk != recipient.pk):
            wanted.setdefault(recipient.pk, recipient)
    if actor is not None and wanted:
        blocks = Block.objects.filter(
            Q(blocker=actor, blocked_id__in=wanted) | Q(blocked=actor, blocker_id__in=wanted)
        ).values_list("blocker_id", "blocked_id")
        for blocker_id, blocked_id in blocks:
            wanted.pop(blocked_id if blocker_id == actor.pk else blocker_id, None)
    if not wanted:
        return {}

    keys = {pk: key(user) if callable(key) else key for pk, user in wanted.items()}
    notified: dict[int, Notification] = {}
    keyed = {pk: k for pk, k in keys.items() if k}
    if keyed:
        for existing in Notification.objects.filter(
            recipient_id__in=keyed, key__in=set(keyed.values())
        ):
            if keyed.get(existing.recipient_id) == existing.key:
                notified[existing.recipient_id] = existing
    fresh = [user for pk, user in wanted.items() if pk not in notified]
    if fresh:
        notified.update(_create(definition, fresh, actor, params or {}, url, keys, not_before))
    return notified


def _create(
    definition: Verb,
    recipients: list[User],
    actor: User | None,
    params: dict[str, Any],
    url: str,
    keys: dict[int, str],
    not_before: datetime | None,
) -> dict[int, Notification]:
    prefs = _settings_of(recipients)
    wants_push = [u.pk for u in recipients if prefs[u.pk].push_for(definition.kind)]
    with_devices = (
        set(
            PushSubscription.objects.filter(user_id__in=wants_push)
            .values_list("user_id", flat=True)
            .distinct()
        )
        if wants_push
        else set()
    )
    now = timezone.now()
    notifications = [
        Notification(
            recipient=recipient,
            kind=definition.kind,
            verb=definition.name,
            actor=actor,
            params=dict(params),
            url=url,
            key=keys[recipient.pk],
            urgent=definition.urgent,
            created_at=now,
        )
        for recipient in recipients
    ]
    try:
        with transaction.atomic():
            Notification.objects.bulk_create(notifications)
            planned = [
                delivery
                for notification in notifications
                for delivery in _plan(
                    notification,
                    prefs[notification.recipient_id],
                    notification.recipient_id in with_devices,
                    now,
                    not_before,
                )
            ]
            Delivery.objects.bulk_create(planned)
    except IntegrityError:  # a key sent at the same moment by another worker
        if len(recipients) > 1:  # rare: one at a time, so the others still hear
            made: dict[int, Notification] = {}
            for recipient in recipients:
                made.update(_create(definition, [recipient], actor, params, url, keys, not_before))
            return made
        [recipient] = recipients
        key = keys[recipient.pk]
        existing = (
            Notification.objects.filter(recipient=recipient, key=key).first() if key else None
        )
        return {recipient.pk: existing} if existing else {}

    recipient_ids = [recipient.pk for recipient in recipients]
    due = [
        delivery.pk
        for delivery in planned
        if delivery.status == Delivery.Status.PENDING and delivery.deliver_after <= now
    ]
    unread.changed(recipient_ids)  # registered first, so its bump precedes the live count

    def after_commit() -> None:
        push_unread_counts(recipient_ids)
        _enqueue_deliveries(due)

    transaction.on_commit(after_commit)
    return {notification.recipient_id: notification for notification in notifications}


def _settings_of(recipients: list[User]) -> dict[int, NotificationSettings]:
    """Each recipient's settings (one query for those not already loaded), defaults if none."""
    descriptor = User.notification_settings
    loaded = {u.pk: settings_for(u) for u in recipients if descriptor.is_cached(u)}
    missing = [u for u in recipients if u.pk not in loaded]
    if missing:
        rows = NotificationSettings.objects.filter(user__in=missing)
        stored = {row.user_id: row for row in rows}
        for user in missing:
            row = stored.get(user.pk)
            if row is not None:
                row.user = user
            loaded[user.pk] = row or NotificationSettings(user=user)
    return loaded


def _plan(
    notification: Notification,
    prefs: NotificationSettings,
    has_device: bool,
    now: datetime,
    not_before: datetime | None = None,
) -> list[Delivery]:
    """The deliveries one notification needs (unsaved): email and push as the member chose."""
    user = notification.recipient
    held = _held_until(user, prefs, notification.urgent, now)
    if not_before is not None and not_before > (held or now):
        held = not_before
    planned = []
    email = prefs.email_for(notification.kind)
    if user.email_confirmed and email != EmailChoice.OFF:
        if email == EmailChoice.DIGEST and not notification.urgent:
            planned.append(Delivery(channel=Delivery.Channel.EMAIL, status=Delivery.Status.DIGEST))
        else:
            planned.append(Delivery(channel=Delivery.Channel.EMAIL, deliver_after=held or now))
    if prefs.push_for(notification.kind) and has_device:
        planned.append(Delivery(channel=Delivery.Channel.PUSH, deliver_after=held or now))
    for delivery in planned:
        delivery.notification = notification
    return planned


DELIVERIES_PER_TASK = 25


def _enqueue_deliveries(delivery_ids: list[int]) -> None:
    """One task per delivery when there are few, one per batch when a fan-out made many (a
    failed one in a batch is retried by the sweep, as its failure is recorded)."""
    from alongside.notifications.tasks import deliver_notifications

    if len(delivery_ids) <= 2:
        for delivery_id in delivery_ids:
            _enqueue_delivery(delivery_id)
        return
    for start in range(0, len(delivery_ids), DELIVERIES_PER_TASK):
        batch = delivery_ids[start : start + DELIVERIES_PER_TASK]
        try:
            deliver_notifications.enqueue(batch)
        except Exception:  # the sweep picks them up within a minute
            logger.exception("Could not enqueue deliveries %s", batch)


def _enqueue_delivery(delivery_id: int) -> None:
    from alongside.notifications.tasks import deliver_notification

    try:
        deliver_notification.enqueue(delivery_id)
    except Exception:  # the sweep picks it up within a minute
        logger.exception("Could not enqueue delivery %s", delivery_id)


def deliver(*, delivery_id: int) -> str:
    """Send one delivery if it is due. Safe to run twice: only one run can claim it."""
    now = timezone.now()
    claimed = Delivery.objects.filter(
        pk=delivery_id, status=Delivery.Status.PENDING, deliver_after__lte=now
    ).update(status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return "not due"
    delivery = Delivery.objects.select_related(
        "notification__recipient", "notification__actor"
    ).get(pk=delivery_id)
    notification = delivery.notification
    user = notification.recipient
    prefs = settings_for(user)

    # Choices may have changed since the notification was made: the current ones decide.
    if delivery.channel == Delivery.Channel.EMAIL:
        wanted = (
            user.is_active
            and user.email_confirmed
            and prefs.email_for(notification.kind) != EmailChoice.OFF
        )
    else:
        wanted = user.is_active and prefs.push_for(notification.kind)
    # A block made since the notification was planned stops it too.
    if not wanted or _blocked(user.pk, notification.actor_id):
        _finish(delivery, Delivery.Status.SKIPPED)
        return "skipped"
    if held := _held_until(user, prefs, notification.urgent, now):
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.PENDING, deliver_after=held, attempts=F("attempts") - 1
        )
        return "held for quiet hours"

    try:
        if delivery.channel == Delivery.Channel.EMAIL:
            emails.send_notification_email(notification, prefs)
        else:
            subscriptions = list(user.push_subscriptions.all())
            if not subscriptions:
                _finish(delivery, Delivery.Status.SKIPPED)
                return "skipped"
            webpush.send_push(subscriptions, push_payload(notification))
    except Exception as error:
        _failed(delivery, error)
        raise
    _finish(delivery, Delivery.Status.SENT, sent_at=timezone.now())
    return "sent"


def push_payload(notification: Notification) -> dict[str, Any]:
    """As discreet as an email subject: the instance's name and 'you have a new message'."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    with translation.override(notification.recipient.language):
        return {
            "title": settings.SITE_NAME,
            "body": notification.summary,
            "url": reverse("notifications:open", args=[notification.pk]),
            "tag": notification.kind,
        }


def _finish(delivery: Delivery, status: str, **fields: Any) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(status=status, last_error="", **fields)


def _failed(delivery: Delivery, error: Exception) -> None:
    from alongside.core.background import DEFAULT_RETRY

    attempts = delivery.attempts
    gave_up = attempts >= MAX_DELIVERY_ATTEMPTS
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.FAILED if gave_up else Delivery.Status.PENDING,
        deliver_after=timezone.now() + DEFAULT_RETRY.delay(attempts),
        last_error=f"{type(error).__name__}: {error}"[:500],
    )
    logger.warning("Delivery %s failed (attempt %d): %s", delivery.pk, attempts, error)


def release_due_deliveries(*, now: datetime | None = None, limit: int = 500) -> int:
    """Enqueue deliveries that are due (quiet hours over, retry time reached, or stuck)."""
    now = now or timezone.now()
    Delivery.objects.filter(
        status=Delivery.Status.SENDING, claimed_at__lt=now - STUCK_AFTER
    ).update(status=Delivery.Status.PENDING)
    due = list(
        Delivery.objects.filter(status=Delivery.Status.PENDING, deliver_after__lte=now)
        .order_by("deliver_after")
        .values_list("pk", flat=True)[:limit]
    )
    for delivery_id in due:
        _enqueue_delivery(delivery_id)
    return len(due)


def _digest_is_due(prefs: NotificationSettings, user: User, now: datetime) -> bool:
    local = now.astimezone(ZoneInfo(user.timezone))
    if local.hour != prefs.digest_hour:
        return False
    if (
        prefs.digest_frequency == NotificationSettings.DigestFrequency.WEEKLY
        and local.weekday() != 0
    ):
        return False
    return prefs.last_digest_at is None or now - prefs.last_digest_at > timedelta(hours=20)


def send_due_digests(*, now: datetime | None = None) -> int:
    """Send each member whose digest time it is one email with what waited for it."""
    now = now or timezone.now()
    recipient_ids = (
        Delivery.objects.filter(status=Delivery.Status.DIGEST)
        .values_list("notification__recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for user in User.objects.filter(pk__in=recipient_ids).select_related("notification_settings"):
        prefs = settings_for(user)
        if _digest_is_due(prefs, user, now) and send_digest(user=user, now=now):
            sent += 1
    return sent


def send_digest(*, user: User, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    with transaction.atomic():
        prefs = settings_for(user)
        rows = list(
            Delivery.objects.select_for_update()
            .filter(notification__recipient=user, status=Delivery.Status.DIGEST)
            .values_list("pk", "notification_id")
        )
        waiting = [pk for pk, _notification in rows]
        waiting_by_notification: dict[int, list[int]] = {}
        for pk, notification_id in rows:
            waiting_by_notification.setdefault(notification_id, []).append(pk)
        if not waiting:
            return False
        notifications = list(
            Notification.objects.filter(deliveries__pk__in=waiting)
            .select_related("actor", "recipient")
            .order_by("-created_at")
        )
        blocked = set(
            Block.objects.filter(blocker=user).values_list("blocked_id", flat=True)
        ) | set(Block.objects.filter(blocked=user).values_list("blocker_id", flat=True))
        wanted = [
            n
            for n in notifications
            if prefs.email_for(n.kind) == EmailChoice.DIGEST and n.actor_id not in blocked
        ]
        if not (user.is_active and user.email_confirmed):
            wanted = []
        if wanted:
            emails.send_digest_email(user, wanted, prefs)
        sent = [d for n in wanted for d in waiting_by_notification[n.pk]]
        Delivery.objects.filter(pk__in=sent).update(status=Delivery.Status.SENT, sent_at=now)
        Delivery.objects.filter(pk__in=waiting).exclude(pk__in=sent).update(
            status=Delivery.Status.SKIPPED
        )
        if prefs.pk is None:
            prefs.save()
        NotificationSettings.objects.filter(pk=prefs.pk).update(last_digest_at=now)
    return bool(wanted)


# Read state


def mark_read(*, user: User, notification: Notification) -> None:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        notification.read_at = timezone.now()
        unread.changed([user.pk])
        transaction.on_commit(lambda: _push_unread_count(user.pk))


def mark_all_read(*, user: User) -> int:
    count = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    unread.changed([user.pk])
    transaction.on_commit(lambda: _push_unread_count(user.pk))
    return count


# Preferences


def update_settings(
    *, user: User, preferences: dict[str, dict[str, Any]], **fields: Any
) -> NotificationSettings:
    prefs = settings_for(user)
    clean = {}
    for kind in Kind.values:
        choice = preferences.get(kind, {})
        email = choice.get("email", prefs.email_for(kind))
        if email not in EmailChoice.values:
            raise NotificationError(_("Choose how you'd like emails for each kind."))
        clean[kind] = {"email": email, "push": bool(choice.get("push", prefs.push_for(kind)))}
    prefs.preferences = clean
    for name, value in fields.items():
        setattr(prefs, name, value)
    prefs.full_clean(exclude=["user"])
    prefs.save()
    return prefs


def unsubscribe(*, user: User, kind: str) -> None:
    """Stop emails of one kind (or, for the digest's link, every kind waiting for the digest)."""
    prefs = settings_for(user)
    if kind == DIGEST:
        kinds = [k for k in Kind.values if prefs.email_for(k) == EmailChoice.DIGEST]
    elif kind in Kind.values:
        kinds = [kind]
    else:
        raise NotificationError(_("That link is not valid."))
    preferences = {k: {"email": prefs.email_for(k), "push": prefs.push_for(k)} for k in Kind.values}
    for k in kinds:
        preferences[k]["email"] = EmailChoice.OFF
    update_settings(user=user, preferences=preferences)
    Delivery.objects.filter(
        notification__recipient=user,
        notification__kind__in=kinds,
        channel=Delivery.Channel.EMAIL,
        status__in=[Delivery.Status.PENDING, Delivery.Status.DIGEST],
    ).update(status=Delivery.Status.SKIPPED)


# Push subscriptions


def save_push_subscription(
    *, user: User, endpoint: str, p256dh: str, auth: str, device: str = ""
) -> PushSubscription:
    if not webpush.is_allowed_endpoint(endpoint):
        raise NotificationError(_("This browser gave an address we can't use for notifications."))
    if not webpush.valid_keys(p256dh, auth) or len(endpoint) > 1000:
        raise NotificationError(_("This browser gave keys we can't use for notifications."))
    subscription, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={
            "user": user,
            "p256dh": p256dh,
            "auth": auth,
            "device": device[:100],
            "created_at": timezone.now(),
        },
    )
    return subscription


def remove_push_subscription(*, user: User, subscription: PushSubscription) -> None:
    if subscription.user_id == user.pk:
        subscription.delete()
