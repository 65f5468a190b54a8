"""A block changes what both members' notification centres show, so both unread counts."""

from alongside.core.events import subscribe
from alongside.notifications import unread
from alongside.notifications.actions import push_unread_counts


@subscribe("member.blocked")
@subscribe("member.unblocked")
def recount_after_block(*, blocker_id: int, blocked_id: int) -> None:
    """A block hides the notifications between the two from both counts (unblocking shows them
    again); the header's cache forgets both, and their open pages hear the new counts."""
    unread.changed([blocker_id, blocked_id])
    push_unread_counts([blocker_id, blocked_id])
