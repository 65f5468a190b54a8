"""The vocabularies mentor profiles and preferences share, so a score can compare them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    VIETNAMESE = "vi", _("Vietnamese")
    CHINESE = "zh", _("Chinese")
    RUSSIAN = "ru", _("Russian")
    TAGALOG = "tl", _("Tagalog")
    ARABIC = "ar", _("Arabic")
    KOREAN = "ko", _("Korean")
    FRENCH = "fr", _("French")
    PORTUGUESE = "pt", _("Portuguese")
    ASL = "asl", _("American Sign Language")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non-binary", _("Non-binary")


class Experience(models.TextChoices):
    """Lived experience a mentee may want to share with a mentor."""

    ALCOHOL = "alcohol", _("Alcohol")
    OPIOIDS = "opioids", _("Opioids")
    STIMULANTS = "stimulants", _("Stimulants")
    CANNABIS = "cannabis", _("Cannabis")
    GAMBLING = "gambling", _("Gambling")
    PARENTING = "parenting", _("Parenting in recovery")
    LGBTQ = "lgbtq", _("LGBTQ+ in recovery")
    VETERAN = "veteran", _("Military service")
    MEDICATION = "medication", _("Medication for recovery")
    SETBACKS = "setbacks", _("Coming back after a setback")
    JUSTICE = "justice", _("The justice system")
    GRIEF = "grief", _("Grief and loss")


class HelpArea(models.TextChoices):
    EARLY_DAYS = "early-days", _("The first 90 days")
    CRAVINGS = "cravings", _("Cravings and triggers")
    STEP_WORK = "step-work", _("Step work")
    FAMILY = "family", _("Family and relationships")
    WORK = "work", _("Work and money")
    ROUTINES = "routines", _("Daily routines and sleep")
    MEETINGS = "meetings", _("Finding meetings that fit")
    SOCIAL = "social", _("A social life without using")


class Day(models.TextChoices):
    MON = "mon", _("Monday")
    TUE = "tue", _("Tuesday")
    WED = "wed", _("Wednesday")
    THU = "thu", _("Thursday")
    FRI = "fri", _("Friday")
    SAT = "sat", _("Saturday")
    SUN = "sun", _("Sunday")


class DayPart(models.TextChoices):
    MORNING = "morning", _("Morning (7-12)")
    AFTERNOON = "afternoon", _("Afternoon (12-17)")
    EVENING = "evening", _("Evening (17-22)")
    NIGHT = "night", _("Night (22-7)")


# Local hours each part of the day covers: [start, end); the night runs into the next day.
DAY_PART_HOURS = {
    DayPart.MORNING: (7, 12),
    DayPart.AFTERNOON: (12, 17),
    DayPart.EVENING: (17, 22),
    DayPart.NIGHT: (22, 31),
}


def slot_choices() -> list[tuple[str, str]]:
    """Weekly availability as "mon-evening" keys, one checkbox each."""
    return [
        (f"{day}-{part}", f"{day_label} · {part_label}")
        for day, day_label in Day.choices
        for part, part_label in DayPart.choices
    ]


SLOT_KEYS = frozenset(key for key, _label in slot_choices())
