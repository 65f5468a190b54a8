from datetime import date, time

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.core.crypto import EncryptedTextField

User = settings.AUTH_USER_MODEL


class MentorProfile(models.Model):
    """A member who accepted the mentor agreement. Listed to mentees only while accepting."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="mentor_profile")
    about = models.CharField(_("about you as a mentor"), max_length=600, blank=True)
    pathways = models.JSONField(_("pathways you know"), default=list, blank=True)
    experiences = models.JSONField(_("lived experience you can share"), default=list, blank=True)
    help_with = models.JSONField(_("what you can help with"), default=list, blank=True)
    languages = models.JSONField(_("languages you speak"), default=list, blank=True)
    gender = models.CharField(_("gender (optional)"), max_length=12, blank=True)
    availability = models.JSONField(_("when you're usually free"), default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(_("how many mentees at once"), default=3)
    accepting = models.BooleanField(_("accepting new mentees"), default=True)
    contact_start = models.TimeField(_("contact hours start"), default=time(9))
    contact_end = models.TimeField(_("contact hours end"), default=time(21))
    urgent_through = models.BooleanField(
        _("let urgent support-now requests from my mentees through outside contact hours"),
        default=False,
    )
    paused_until = models.DateField(null=True, blank=True)
    pause_note = models.CharField(max_length=300, blank=True)
    agreement_accepted_at = models.DateTimeField()
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["accepting", "paused_until"], name="mentor_listed_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=6), name="mentor_capacity_1_6"
            )
        ]

    def __str__(self) -> str:
        return f"Mentor profile of {self.user_id}"

    def is_paused(self, today: date) -> bool:
        return self.paused_until is not None and self.paused_until >= today


class MenteePreferences(models.Model):
    """What matters to a member looking for a mentor; only they (and the score) read it."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="mentee_preferences")
    pathway = models.CharField(_("your pathway"), max_length=20, blank=True)
    languages = models.JSONField(_("languages you'd like to talk in"), default=list, blank=True)
    gender_preference = models.CharField(
        _("would you prefer a mentor of a particular gender?"), max_length=12, blank=True
    )
    experiences = models.JSONField(_("experiences that matter to you"), default=list, blank=True)
    help_with = models.JSONField(_("what you'd like help with"), default=list, blank=True)
    availability = models.JSONField(_("when you're usually free"), default=list, blank=True)
    open_to_introductions = models.BooleanField(
        _("staff may introduce me to a mentor who fits"), default=False
    )
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Mentee preferences of {self.user_id}"


class MentorshipRequest(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired")

    mentee = models.ForeignKey(User, on_delete=models.CASCADE, related_name="mentor_requests_sent")
    mentor = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="mentor_requests_received"
    )
    message = models.CharField(_("your request"), max_length=1200)
    commitment = models.CharField(_("what you'll bring"), max_length=600)
    introduced_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    response = models.CharField(_("a kind reply"), max_length=600, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "mentor"],
                condition=Q(status="open"),
                name="one_open_request_per_pair",
            )
        ]
        indexes = [
            models.Index(fields=["mentor", "status", "-created_at"], name="request_mentor_idx"),
            models.Index(fields=["mentee", "status", "-created_at"], name="request_mentee_idx"),
            models.Index(fields=["status", "expires_at"], name="request_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"Request {self.pk} from {self.mentee_id} to {self.mentor_id}"


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month")


class Channel(models.TextChoices):
    MESSAGES = "messages", _("Messages here")
    PHONE = "phone", _("Phone calls")
    VIDEO = "video", _("Video calls")
    IN_PERSON = "in-person", _("Meeting in person (a public place)")
    MEETINGS = "meetings", _("Before or after a meeting")


class Mentorship(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    mentor = models.ForeignKey(User, on_delete=models.CASCADE, related_name="mentorships_as_mentor")
    mentee = models.ForeignKey(User, on_delete=models.CASCADE, related_name="mentorships_as_mentee")
    request = models.OneToOneField(
        MentorshipRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    # The agreement: any change asks both to confirm again.
    cadence = models.CharField(
        _("how often you'll check in"), max_length=12, choices=Cadence.choices, default="weekly"
    )
    channels = models.JSONField(_("how you'll talk"), default=list, blank=True)
    contact_hours = models.CharField(_("when it's okay to get in touch"), max_length=200)
    boundaries = models.CharField(_("boundaries: what is and isn't okay"), max_length=1200)
    crisis_plan = models.CharField(_("in a crisis"), max_length=600)
    mentor_confirmed_at = models.DateTimeField(null=True, blank=True)
    mentee_confirmed_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dependency_nudged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "mentee"],
                condition=Q(status="active"),
                name="one_active_mentorship_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(mentor=models.F("mentee")), name="mentorship_not_self"
            ),
        ]
        indexes = [
            models.Index(fields=["mentor", "status"], name="mentorship_mentor_idx"),
            models.Index(fields=["mentee", "status"], name="mentorship_mentee_idx"),
        ]

    def __str__(self) -> str:
        return f"Mentorship {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def agreed(self) -> bool:
        return self.mentor_confirmed_at is not None and self.mentee_confirmed_at is not None

    def other(self, user_id: int) -> int:
        return self.mentee_id if user_id == self.mentor_id else self.mentor_id


class CheckInCall(models.Model):
    """A check-in the pair scheduled, and afterwards how it went."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        DONE = "done", _("We talked")
        MISSED = "missed", _("Didn't happen")
        CANCELLED = "cancelled", _("Cancelled")

    class Feeling(models.IntegerChoices):
        HARD = 1, _("Hard")
        OKAY = 2, _("Okay")
        GOOD = 3, _("Good")
        GREAT = 4, _("Really good")

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="check_ins")
    scheduled_for = models.DateTimeField(_("when"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    how_it_went = models.PositiveSmallIntegerField(
        _("how it went"), choices=Feeling.choices, null=True, blank=True
    )
    note = EncryptedTextField(_("a note for you both"), blank=True)
    logged_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    logged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["mentorship", "-scheduled_for"], name="mentoring_checkin_idx"),
            models.Index(fields=["status", "scheduled_for"], name="mentoring_checkin_due_idx"),
        ]

    def __str__(self) -> str:
        return f"Check-in {self.pk} of mentorship {self.mentorship_id}"


class Goal(models.Model):
    """A goal the mentee owns: only they add, change or finish it."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=200)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["mentorship", "id"], name="mentoring_goal_idx")]

    def __str__(self) -> str:
        return f"Goal {self.pk}"


class EndingFeedback(models.Model):
    """Optional, private feedback when a mentorship ends: never shown to the other person."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    helpful = models.BooleanField(_("this mentorship helped me"), null=True, blank=True)
    note = EncryptedTextField(_("anything you'd like the program to know"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "author"], name="feedback_once")
        ]

    def __str__(self) -> str:
        return f"Feedback on mentorship {self.mentorship_id}"


class WellbeingCheck(models.Model):
    """A mentor's monthly self-check. Private to the mentor; staff see only aggregates."""

    mentor = models.ForeignKey(User, on_delete=models.CASCADE, related_name="wellbeing_checks")
    stress = models.PositiveSmallIntegerField()  # 1 (calm) .. 5 (overwhelmed)
    sleep = models.PositiveSmallIntegerField()  # 1 (poor) .. 5 (good)
    own_recovery = models.PositiveSmallIntegerField()  # 1 (shaky) .. 5 (steady)
    capacity = models.PositiveSmallIntegerField()  # 1 (stretched thin) .. 5 (plenty of room)
    taken_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["mentor", "-taken_on"], name="wellbeing_mentor_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(stress__range=(1, 5))
                & Q(sleep__range=(1, 5))
                & Q(own_recovery__range=(1, 5))
                & Q(capacity__range=(1, 5)),
                name="wellbeing_answers_1_5",
            )
        ]

    def __str__(self) -> str:
        return f"Wellbeing check of {self.mentor_id} on {self.taken_on}"

    @property
    def worrying(self) -> bool:
        return self.stress >= 4 or self.sleep <= 2 or self.own_recovery <= 2 or self.capacity <= 2
