from typing import Any

from alongside.accounts.models import User
from alongside.core.exports import register_exporter
from alongside.forum.models import Story, Strategy


@register_exporter("forum")
def export_forum(user: User) -> dict[str, Any]:
    return {
        "stories": [
            {"title": s.title, "body": s.body, "published": s.published, "visibility": s.visibility}
            for s in Story.objects.filter(author=user).order_by("created_at")
        ],
        "strategies": [
            {"title": s.title, "situation": s.situation, "what_to_do": s.what_to_do}
            for s in Strategy.objects.filter(author=user).order_by("created_at")
        ],
    }
