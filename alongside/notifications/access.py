from django.http import Http404

from alongside.accounts.models import User
from alongside.notifications.models import Notification, PushSubscription


def access_notification_for_user(user: User, notification_id: int) -> Notification:
    """The member's own notification; anyone else's is missing."""
    notification = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if notification is None:
        raise Http404
    return notification


def access_push_subscription_for_user(user: User, subscription_id: int) -> PushSubscription:
    subscription = PushSubscription.objects.filter(pk=subscription_id, user=user).first()
    if subscription is None:
        raise Http404
    return subscription
