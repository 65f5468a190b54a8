from typing import Any

from alongside.accounts.models import User
from alongside.core.exports import register_exporter
from alongside.discussions.selectors import posts_by


@register_exporter("discussions")
def export_discussions(user: User) -> list[dict[str, Any]]:
    return [
        {
            "thread": post.thread.title,
            "opening_post": post.is_opening,
            "body": post.body,
            "created_at": post.created_at,
            "edited_at": post.edited_at,
        }
        for post in posts_by(user)
    ]
