"""BARC-10, the Brief Assessment of Recovery Capital (Vilsaint et al., 2017), free to use with
attribution: ten statements, each rated 1 (strongly disagree) to 6 (strongly agree)."""

from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

CITATION = (
    "Vilsaint, C. L., Kelly, J. F., Bergman, B. G., Groshkova, T., Best, D., & White, W. (2017). "
    "Development and validation of a Brief Assessment of Recovery Capital (BARC-10) for alcohol "
    "and drug use disorder. Drug and Alcohol Dependence, 177, 71-76."
)

ITEMS = [
    _("There are more important things to me in life than using substances."),
    _("In general I am happy with my life."),
    _("I have enough energy to complete the tasks I set myself."),
    _("I am proud of the community I live in and feel a part of it."),
    _("I get lots of support from friends."),
    _(
        "I regard my life as challenging and fulfilling without the need for using drugs or "
        "alcohol."
    ),
    _("My living space has helped to drive my recovery journey."),
    _("I take full responsibility for my actions."),
    _("I am happy dealing with a range of professional people."),
    _("I am making good progress on my recovery journey."),
]

SCALE = [
    (1, _("Strongly disagree")),
    (2, _("Disagree")),
    (3, _("Somewhat disagree")),
    (4, _("Somewhat agree")),
    (5, _("Agree")),
    (6, _("Strongly agree")),
]

STRONG = 47  # a total this high is associated with sustained remission
MIN_TOTAL, MAX_TOTAL = 10, 60
INTERVAL = timedelta(days=30)  # at most monthly


def meaning(total: int) -> str:
    """What a total means, in plain and kind words."""
    if total >= STRONG:
        return str(
            _(
                "Your answers show strong recovery capital: people, a place, purpose and habits "
                "that hold you up. Research links scores like yours with lasting recovery."
            )
        )
    if total >= 30:
        return str(
            _(
                "Your answers show real resources to build on. The statements you agreed with "
                "less are places where support can help, and they often grow over time."
            )
        )
    return str(
        _(
            "Right now your answers show fewer resources around you. That is common, especially "
            "early on or in a hard season, and it can change: a group, a mentor or a meeting "
            "are good places to start."
        )
    )


def next_allowed(last: date | None) -> date | None:
    return last + INTERVAL if last else None
