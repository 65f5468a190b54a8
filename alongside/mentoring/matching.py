"""Who might be a good mentor for whom: a pure, explainable score and a cohort matcher.

The score (documented in docs/architecture.md, "Mentoring") adds points for what a mentee said
matters and names each reason, so a recommendation can say why:

| what | points |
|---|---|
| the mentee's pathway is one of the mentor's | 30 |
| a language in common (when the mentee named languages) | 25 |
| the mentor's gender is the one the mentee asked for | 20 |
| each shared experience that matters to the mentee (at most 3) | 10 each |
| each thing the mentee wants help with that the mentor offers (at most 3) | 5 each |
| hours a week both are free (at most 10) | 2 an hour |
| a mentor verified by staff | 5 |
| room for more mentees: each free place (at most 3), so load spreads out | 1 each |

Hard rules are not in the score: capacity, accepting, blocks and existing mentorships remove a
mentor before scoring (`selectors.recommendations`, `cohort.forbidden_pairs`).
"""

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alongside.accounts.models import Pathway
from alongside.mentoring.choices import DAY_PART_HOURS, Day, Experience, HelpArea, Language

HOURS_A_WEEK = 7 * 24
WEEK_MASK = (1 << HOURS_A_WEEK) - 1
# Enum `.values` are rebuilt on every access: read them once (this runs for 10,000 mentors).
DAYS = tuple(Day.values)
LANGUAGE_ORDER = tuple(Language.values)
EXPERIENCE_ORDER = tuple(Experience.values)
HELP_ORDER = tuple(HelpArea.values)
# Each slot's bits in a local week: "mon-morning" is Monday 07:00-12:00.
SLOT_BITS = {
    f"{day}-{part}": ((1 << (end - start)) - 1) << (index * 24 + start)
    for index, day in enumerate(DAYS)
    for part, (start, end) in ((str(p), hours) for p, hours in DAY_PART_HOURS.items())
}

POINTS_PATHWAY = 30
POINTS_LANGUAGE = 25
POINTS_GENDER = 20
POINTS_EXPERIENCE = 10
POINTS_HELP = 5
POINTS_HOUR = 2
POINTS_VERIFIED = 5
POINTS_FREE_PLACE = 1
MAX_COUNTED = 3
MAX_HOURS = 10


@dataclass(frozen=True)
class Seeker:
    """What a mentee said matters to them."""

    pathway: str = ""
    languages: frozenset[str] = frozenset()
    gender_preference: str = ""
    experiences: frozenset[str] = frozenset()
    help_with: frozenset[str] = frozenset()
    hours: int = 0  # a bit per hour of the week in UTC (see `weekly_hours`)


@dataclass(frozen=True)
class Candidate:
    """An eligible mentor with room, as the score sees them."""

    user_id: int
    pathways: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    gender: str = ""
    experiences: frozenset[str] = frozenset()
    help_with: frozenset[str] = frozenset()
    hours: int = 0
    free_places: int = 1
    verified: bool = False


@cache
def _labels() -> dict[str, dict[str, str | Promise]]:
    """Each category's labels (lazy translations: read in the language of the page)."""
    return {
        "pathway": dict(Pathway.choices),
        "language": dict(Language.choices),
        "experience": dict(Experience.choices),
        "help": dict(HelpArea.choices),
    }


@dataclass(frozen=True)
class Reason:
    code: str
    detail: tuple[str, ...] = ()
    hours: int = 0

    @property
    def text(self) -> str:
        labels = _labels().get(self.code, {})
        names = ", ".join(str(labels.get(d, d)) for d in self.detail)
        if self.code == "pathway":
            return _("both on a %(pathway)s pathway") % {"pathway": names}
        if self.code == "language":
            return _("both speak %(languages)s") % {"languages": names}
        if self.code == "gender":
            return _("the gender you asked for")
        if self.code == "experience":
            return _("shared experience: %(experiences)s") % {"experiences": names}
        if self.code == "help":
            return _("can help with %(areas)s") % {"areas": names}
        if self.code == "hours":
            return ngettext(
                "%(hours)d h/week overlapping availability",
                "%(hours)d h/week overlapping availability",
                self.hours,
            ) % {"hours": self.hours}
        if self.code == "verified":
            return _("verified by staff")
        return self.code


@dataclass(frozen=True)
class Match:
    points: int
    reasons: tuple[Reason, ...] = field(default=())

    @property
    def explanation(self) -> str:
        return " · ".join(reason.text for reason in self.reasons)


def _ordered(wanted: frozenset[str], order: Sequence[str]) -> tuple[str, ...]:
    if not wanted:
        return ()
    return tuple(v for v in order if v in wanted) + tuple(sorted(wanted.difference(order)))


def score(seeker: Seeker, candidate: Candidate) -> Match:
    """The points `candidate` earns for `seeker`, and the reasons, strongest first."""
    points = 0
    reasons: list[Reason] = []
    if seeker.pathway and seeker.pathway in candidate.pathways:
        points += POINTS_PATHWAY
        reasons.append(Reason("pathway", (seeker.pathway,)))
    shared_languages = seeker.languages & candidate.languages
    if shared_languages:
        points += POINTS_LANGUAGE
        reasons.append(Reason("language", _ordered(shared_languages, LANGUAGE_ORDER)))
    if seeker.gender_preference and seeker.gender_preference == candidate.gender:
        points += POINTS_GENDER
        reasons.append(Reason("gender"))
    shared = _ordered(seeker.experiences & candidate.experiences, EXPERIENCE_ORDER)[:MAX_COUNTED]
    if shared:
        points += POINTS_EXPERIENCE * len(shared)
        reasons.append(Reason("experience", shared))
    helps = _ordered(seeker.help_with & candidate.help_with, HELP_ORDER)[:MAX_COUNTED]
    if helps:
        points += POINTS_HELP * len(helps)
        reasons.append(Reason("help", helps))
    hours = (seeker.hours & candidate.hours).bit_count()
    if hours:
        points += POINTS_HOUR * min(hours, MAX_HOURS)
        reasons.append(Reason("hours", hours=hours))
    if candidate.verified:
        points += POINTS_VERIFIED
        reasons.append(Reason("verified"))
    points += POINTS_FREE_PLACE * min(max(candidate.free_places, 0), MAX_COUNTED)
    return Match(points=points, reasons=tuple(reasons))


@lru_cache(maxsize=1024)
def _offset_hours(zone: str, monday: date) -> int:
    """The zone's offset from UTC in whole hours, in the middle of the week of `monday`."""
    middle = datetime.combine(monday + timedelta(days=3), time(12), tzinfo=ZoneInfo(zone))
    offset = middle.utcoffset() or timedelta()
    return round(offset.total_seconds() / 3600)


def weekly_hours(slots: Iterable[str], zone: str, monday: date) -> int:
    """Availability slots ("mon-evening", in `zone`) as a bit per UTC hour of the week.

    Using UTC hours lets two people in different time zones be compared with one AND; the
    offset is the one in force in the week of `monday` (half-hour zones round to the hour).
    """
    local = 0
    for slot in slots:
        local |= SLOT_BITS.get(slot, 0)
    local = (local & WEEK_MASK) | (local >> HOURS_A_WEEK)  # Sunday night runs into Monday
    shift = -_offset_hours(zone, monday) % HOURS_A_WEEK  # UTC = local - offset
    return ((local << shift) | (local >> (HOURS_A_WEEK - shift))) & WEEK_MASK


def points(seeker: Seeker, candidate: Candidate) -> int:
    """`score(seeker, candidate).points`, without building the reasons: for ranking many."""
    total = POINTS_FREE_PLACE * min(max(candidate.free_places, 0), MAX_COUNTED)
    if seeker.pathway and seeker.pathway in candidate.pathways:
        total += POINTS_PATHWAY
    if not seeker.languages.isdisjoint(candidate.languages):
        total += POINTS_LANGUAGE
    if seeker.gender_preference and seeker.gender_preference == candidate.gender:
        total += POINTS_GENDER
    total += POINTS_EXPERIENCE * min(len(seeker.experiences & candidate.experiences), MAX_COUNTED)
    total += POINTS_HELP * min(len(seeker.help_with & candidate.help_with), MAX_COUNTED)
    total += POINTS_HOUR * min((seeker.hours & candidate.hours).bit_count(), MAX_HOURS)
    if candidate.verified:
        total += POINTS_VERIFIED
    return total


def top(
    seeker: Seeker, candidates: Iterable[Candidate], limit: int
) -> list[tuple[Candidate, Match]]:
    """`rank(seeker, candidates)[:limit]`, scoring in full only the `limit` it keeps: over
    10,000 mentors this is several times faster than ranking them all."""
    best = heapq.nsmallest(
        limit, candidates, key=lambda c: (-points(seeker, c), -c.free_places, c.user_id)
    )
    return [(candidate, score(seeker, candidate)) for candidate in best]


# Ranking one pool for many seekers: each candidate's categories become bit sets once, so a
# seeker's points are a few integer operations per candidate and no function call.
_ORDER_BITS = 56  # below the points: free places (offset), then the user id (reversed)
_ID_BITS = 40
_FREE_OFFSET = 1 << 15


@dataclass(frozen=True, eq=False)
class Prepared:
    """`candidates` ready to be ranked for many seekers (see `best`)."""

    candidates: tuple[Candidate, ...]
    rows: tuple[tuple[int, int, str, int, int, int, int], ...]
    bits: dict[str, int]  # each category value's bit (masks are only compared within one)


def _mask(bits: dict[str, int], values: Iterable[str]) -> int:
    mask = 0
    for value in values:
        mask |= bits.get(value, 0)
    return mask


def prepare(candidates: Iterable[Candidate]) -> Prepared | None:
    """Bit sets for each candidate, or None if some ids or places are out of the range the
    ranking key packs (then `top` ranks them)."""
    listed = tuple(candidates)
    bits: dict[str, int] = {}
    masks: dict[frozenset[str], int] = {}  # mentors share sets: each is masked once

    def mask(values: frozenset[str]) -> int:
        found = masks.get(values)
        if found is None:
            for value in values:
                bits.setdefault(value, 1 << len(bits))
            found = masks[values] = _mask(bits, values)
        return found

    rows = []
    for c in listed:
        if not (0 <= c.user_id < 1 << _ID_BITS and abs(c.free_places) < _FREE_OFFSET):
            return None
        base = POINTS_FREE_PLACE * min(max(c.free_places, 0), MAX_COUNTED)
        if c.verified:
            base += POINTS_VERIFIED
        order = ((c.free_places + _FREE_OFFSET) << _ID_BITS) | ((1 << _ID_BITS) - 1 - c.user_id)
        rows.append(
            (
                mask(c.pathways),
                mask(c.languages),
                c.gender,
                mask(c.experiences),
                mask(c.help_with),
                c.hours,
                (base << _ORDER_BITS) | order,  # what the seeker doesn't change
            )
        )
    return Prepared(listed, tuple(rows), bits)


def best(seeker: Seeker, prepared: Prepared, count: int) -> list[int]:
    """The indices in `prepared.candidates` of the `count` best for `seeker`, in the order of
    `rank`: the same points as `points`, ties to more free places, then the lower user id."""
    bits = prepared.bits
    pathway = bits.get(seeker.pathway, 0) if seeker.pathway else 0
    languages = _mask(bits, seeker.languages)
    gender = seeker.gender_preference or None  # no preference matches nobody's gender
    experiences = _mask(bits, seeker.experiences)
    helps = _mask(bits, seeker.help_with)
    hours = seeker.hours
    most = len(bits) + 1
    shared = [POINTS_EXPERIENCE * min(n, MAX_COUNTED) for n in range(most)]
    helped = [POINTS_HELP * min(n, MAX_COUNTED) for n in range(most)]
    overlap = [POINTS_HOUR * min(n, MAX_HOURS) for n in range(HOURS_A_WEEK + 1)]
    keys = [
        fixed
        + (
            (
                (POINTS_PATHWAY if c_pathways & pathway else 0)
                + (POINTS_LANGUAGE if c_languages & languages else 0)
                + (POINTS_GENDER if c_gender == gender else 0)
                + shared[(c_experiences & experiences).bit_count()]
                + helped[(c_helps & helps).bit_count()]
                + overlap[(c_hours & hours).bit_count()]
            )
            << _ORDER_BITS
        )
        for c_pathways, c_languages, c_gender, c_experiences, c_helps, c_hours, fixed in (
            prepared.rows
        )
    ]
    return heapq.nlargest(count, range(len(keys)), key=keys.__getitem__)


def rank(seeker: Seeker, candidates: Iterable[Candidate]) -> list[tuple[Candidate, Match]]:
    """Candidates with their matches, best first; ties go to the mentor with more room."""
    scored = [(candidate, score(seeker, candidate)) for candidate in candidates]
    scored.sort(key=lambda pair: (-pair[1].points, -pair[0].free_places, pair[0].user_id))
    return scored
