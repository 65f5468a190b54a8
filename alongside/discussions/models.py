from django.conf import settings
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _


class Board(models.Model):
    """Where threads live: one per group (and, later, per forum category)."""

    kind = models.CharField(max_length=32)
    created_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return f"{self.kind} board {self.pk}"


class ContentWarning(models.TextChoices):
    RELAPSE = "relapse", _("Details of a relapse")
    SELF_HARM = "self-harm", _("Self-harm")
    TRAUMA = "trauma", _("Trauma")


class Thread(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="threads")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="threads"
    )
    title = models.CharField(_("title"), max_length=200)
    anonymous = models.BooleanField(_("post anonymously"), default=False)
    content_warning = models.CharField(
        _("content warning"), max_length=20, choices=ContentWarning.choices, blank=True
    )
    pinned = models.BooleanField(default=False)
    locked = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=now)
    last_activity_at = models.DateTimeField(default=now)
    reply_count = models.PositiveIntegerField(default=0)
    deleted_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)  # its opening post is hidden

    class Meta:
        indexes = [
            models.Index(
                fields=["board", "-pinned", "-last_activity_at", "-id"], name="thread_board_idx"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="posts"
    )
    body = models.TextField()
    body_html = models.TextField()
    is_opening = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Hidden by a moderator, or held for review (links in a new member's first posts): seen
    # only by its author and the board's moderators until restored.
    hidden_at = models.DateTimeField(null=True, blank=True)
    held = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["thread", "id"], name="post_thread_idx"),
            # A thread's opening post, for search's title matches (migration 0005).
            models.Index(
                fields=["thread"], condition=models.Q(is_opening=True), name="post_opening_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"Post {self.pk} in {self.thread_id}"


class ReactionKind(models.TextChoices):
    ME_TOO = "me_too", _("Me too")
    STRENGTH = "strength", _("Sending strength")
    THANKS = "thanks", _("Thank you for sharing")


class PostReaction(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ReactionKind.choices)
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user", "kind"], name="reaction_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.post_id}"


class Follow(models.Model):
    """A member who wants to hear about new replies in a thread."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="follow_once")]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.thread_id}"


class Bookmark(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="bookmarks")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="bookmark_once")]
        indexes = [models.Index(fields=["user", "-created_at"], name="bookmark_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} kept {self.thread_id}"


class ReadMark(models.Model):
    """When a member last read a thread: threads active since then show as new."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="read_mark_once")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.thread_id}"
