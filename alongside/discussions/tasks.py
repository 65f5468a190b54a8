from django.tasks import task


@task
def notify_followers(post_id: int) -> int:
    """Everyone following a reply's thread hears about it; safe to run twice (keys)."""
    from alongside.discussions.handlers import notify_the_followers

    return notify_the_followers(post_id=post_id)
