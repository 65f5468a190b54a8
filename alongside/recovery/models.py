from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Pathway, Visibility
from alongside.core.crypto import EncryptedTextField


class Substance(models.TextChoices):
    ALCOHOL = "alcohol", _("Alcohol")
    OPIOIDS = "opioids", _("Opioids")
    STIMULANTS = "stimulants", _("Stimulants")
    CANNABIS = "cannabis", _("Cannabis")
    NICOTINE = "nicotine", _("Nicotine")
    GAMBLING = "gambling", _("Gambling")
    OTHER = "other", _("Something else")


class Journey(models.Model):
    """What a member is recovering from, since when. Private unless they choose to share."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journeys"
    )
    substance = models.CharField(_("recovering from"), max_length=20, choices=Substance.choices)
    substance_other = models.CharField(
        _("in your words"),
        max_length=60,
        blank=True,
        help_text=_("Only if you chose “something else”."),
    )
    pathway = models.CharField(_("pathway"), max_length=20, choices=Pathway.choices, blank=True)
    start_date = models.DateField(
        _("start date"), help_text=_("The first day of this stretch, on your own calendar.")
    )
    sharing = models.CharField(
        _("who sees your count and milestones"),
        max_length=12,
        choices=Visibility.choices,
        default=Visibility.ONLY_ME,
    )
    show_substance = models.BooleanField(
        _("also show what you're recovering from"),
        default=False,
        help_text=_("Off: people you share with see your days and milestones, nothing more."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["user", "id"], name="journey_user_idx"),
            models.Index(fields=["sharing", "start_date"], name="journey_sharing_idx"),
        ]

    def __str__(self) -> str:
        return f"Journey {self.pk} of {self.user_id}"

    @property
    def name(self) -> str:
        if self.substance == Substance.OTHER and self.substance_other:
            return self.substance_other
        return str(self.get_substance_display())


class Setback(models.Model):
    """A new start date. The history is the member's alone; nobody else ever sees it."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="setbacks")
    previous_start = models.DateField()
    new_start = models.DateField()
    reflection = EncryptedTextField(_("a private reflection"), blank=True)
    tell_mentor = models.BooleanField(_("let my mentor know"), default=False)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["journey", "new_start"], name="setback_journey_idx")]

    def __str__(self) -> str:
        return f"Setback on journey {self.journey_id}"


class Milestone(models.Model):
    """A milestone reached on one stretch of a journey: written once by the daily sweep."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="milestones")
    key = models.CharField(max_length=8)
    stretch_start = models.DateField()
    reached_on = models.DateField()
    # Whether connections were shown a celebration (the journey's sharing, when it was reached).
    celebrated = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["journey", "stretch_start", "key"], name="milestone_once_per_stretch"
            )
        ]
        indexes = [
            models.Index(fields=["celebrated", "-reached_on"], name="milestone_feed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.key} on journey {self.journey_id}"

    @property
    def label(self) -> str:
        from alongside.recovery.counting import milestone_by_key

        kind = milestone_by_key(self.key)
        return str(kind.label) if kind else self.key


class Reaction(models.TextChoices):
    CELEBRATE = "celebrate", _("Celebrate")
    STRENGTH = "strength", _("Sending strength")
    PROUD = "proud", _("So proud of you")


CONGRATULATION_MAX = 280  # characters in a congratulation's message


class Congratulation(models.Model):
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="congratulations"
    )
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reaction = models.CharField(max_length=12, choices=Reaction.choices, blank=True)
    message = models.CharField(_("a short message"), max_length=CONGRATULATION_MAX, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "sender"], name="congratulation_once_per_sender"
            )
        ]

    def __str__(self) -> str:
        return f"Congratulation {self.pk}"


class Trigger(models.TextChoices):
    STRESS = "stress", _("Stress")
    PEOPLE = "people", _("People")
    PLACES = "places", _("Places")
    BOREDOM = "boredom", _("Boredom")
    CONFLICT = "conflict", _("Conflict")
    HALT = "halt", _("Hungry, angry, lonely or tired")
    CELEBRATION = "celebration", _("Celebration")
    OTHER = "other", _("Something else")


class CheckIn(models.Model):
    """One a day, on the member's calendar; editable that day. Never shown to anyone else."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_ins"
    )
    day = models.DateField()
    mood = models.PositiveSmallIntegerField(
        _("mood"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    craving = models.PositiveSmallIntegerField(
        _("craving"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    triggers = models.JSONField(_("triggers"), default=list, blank=True)
    used = models.BooleanField(_("used today"), default=False)
    gratitude = EncryptedTextField(_("grateful for"), blank=True)
    note = EncryptedTextField(_("private note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="check_in_once_a_day"),
            models.CheckConstraint(
                condition=models.Q(mood__gte=1, mood__lte=5), name="check_in_mood_1_5"
            ),
            models.CheckConstraint(
                condition=models.Q(craving__gte=0, craving__lte=10), name="check_in_craving_0_10"
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in of {self.user_id} on {self.day}"


class RecoveryCapital(models.Model):
    """A BARC-10 assessment: ten answers from 1 (strongly disagree) to 6 (strongly agree)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_capital"
    )
    answers = models.JSONField()
    total = models.PositiveSmallIntegerField()
    taken_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["user", "-taken_on"], name="barc_user_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(total__gte=10, total__lte=60), name="barc_total_10_60"
            )
        ]

    def __str__(self) -> str:
        return f"BARC-10 of {self.user_id} on {self.taken_on}"


class TrendSharing(models.Model):
    """The member's consent to show their trends to their mentor; withdrawing ends it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trend_sharing"
    )
    with_mentor = models.BooleanField(default=False)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Trend sharing of {self.user_id}"
