"""The pure score, weekly availability across time zones, ranking, and the cohort matcher."""

from datetime import date
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alongside.mentoring import matching
from alongside.mentoring.choices import SLOT_KEYS
from alongside.mentoring.cohort import match_cohort
from alongside.mentoring.matching import Candidate, Reason, Seeker, rank, score, weekly_hours

SUMMER = date(2026, 6, 1)  # a Monday: Los Angeles -7, New York -4, Madrid +2
WINTER = date(2026, 1, 5)  # a Monday: Los Angeles -8, New York -5, Madrid +1
BETWEEN = date(2026, 3, 16)  # US clocks moved on March 8, Europe's move on March 29
LA, NY, MADRID = "America/Los_Angeles", "America/New_York", "Europe/Madrid"


def bits(*hours: int) -> int:
    return sum(1 << (h % matching.HOURS_A_WEEK) for h in hours)


def hours_of(mask: int) -> set[int]:
    return {h for h in range(matching.HOURS_A_WEEK) if mask >> h & 1}


# The score, component by component


def test_nothing_in_common_scores_only_the_free_places():
    match = score(Seeker(), Candidate(user_id=1, free_places=1))
    assert match.points == 1
    assert match.reasons == ()
    assert match.explanation == ""


def test_a_shared_pathway_is_30_points_and_says_so():
    match = score(
        Seeker(pathway="12-step"),
        Candidate(1, pathways=frozenset({"smart", "12-step"}), free_places=0),
    )
    assert match.points == 30
    assert match.reasons == (Reason("pathway", ("12-step",)),)
    assert match.explanation == "both on a 12-step pathway"
    assert (
        score(
            Seeker(pathway="smart"), Candidate(1, pathways=frozenset({"12-step"}), free_places=0)
        ).points
        == 0
    )
    assert score(Seeker(), Candidate(1, pathways=frozenset({"12-step"}), free_places=0)).points == 0


def test_a_language_in_common_is_25_points_once_however_many_are_shared():
    seeker = Seeker(languages=frozenset({"es", "en", "vi"}))
    match = score(seeker, Candidate(1, languages=frozenset({"en", "es"}), free_places=0))
    assert match.points == 25
    assert match.explanation == "both speak English, Spanish"  # in the list's order
    one = score(
        Seeker(languages=frozenset({"es"})),
        Candidate(1, languages=frozenset({"es"}), free_places=0),
    )
    assert one.explanation == "both speak Spanish"
    # A mentee who named no languages earns nothing for the mentor's.
    assert score(Seeker(), Candidate(1, languages=frozenset({"en"}), free_places=0)).points == 0


def test_the_gender_asked_for_is_20_points_and_no_preference_is_none():
    candidate = Candidate(1, gender="woman", free_places=0)
    match = score(Seeker(gender_preference="woman"), candidate)
    assert (match.points, match.explanation) == (20, "the gender you asked for")
    assert score(Seeker(gender_preference="man"), candidate).points == 0
    assert score(Seeker(), candidate).points == 0


def test_shared_experiences_count_10_each_up_to_three():
    everything = frozenset({"alcohol", "opioids", "stimulants", "cannabis", "grief"})
    match = score(
        Seeker(experiences=everything), Candidate(1, experiences=everything, free_places=0)
    )
    assert match.points == 30
    assert match.reasons == (Reason("experience", ("alcohol", "opioids", "stimulants")),)
    assert match.explanation == "shared experience: Alcohol, Opioids, Stimulants"
    two = score(
        Seeker(experiences=frozenset({"grief", "veteran"})),
        Candidate(1, experiences=frozenset({"grief", "veteran", "alcohol"}), free_places=0),
    )
    assert two.points == 20
    assert two.explanation == "shared experience: Military service, Grief and loss"


def test_help_offered_counts_5_each_up_to_three():
    areas = frozenset({"early-days", "cravings", "step-work", "family", "work"})
    match = score(Seeker(help_with=areas), Candidate(1, help_with=areas, free_places=0))
    assert match.points == 15
    assert match.explanation == "can help with The first 90 days, Cravings and triggers, Step work"
    one = score(
        Seeker(help_with=frozenset({"social"})),
        Candidate(1, help_with=areas | {"social"}, free_places=0),
    )
    assert (one.points, one.explanation) == (5, "can help with A social life without using")


def test_overlapping_hours_are_2_points_an_hour_up_to_ten_hours():
    three = score(
        Seeker(hours=bits(1, 2, 3, 4)), Candidate(1, hours=bits(2, 3, 4, 5), free_places=0)
    )
    assert (three.points, three.explanation) == (6, "3 h/week overlapping availability")
    one = score(Seeker(hours=bits(7)), Candidate(1, hours=bits(7), free_places=0))
    assert (one.points, one.explanation) == (2, "1 h/week overlapping availability")
    many = bits(*range(40))
    capped = score(Seeker(hours=many), Candidate(1, hours=many, free_places=0))
    assert capped.points == 2 * 10
    assert capped.reasons == (Reason("hours", hours=40),)  # the text tells the true overlap
    assert score(Seeker(hours=bits(1)), Candidate(1, hours=bits(2), free_places=0)).points == 0


def test_a_verified_mentor_earns_5_points():
    match = score(Seeker(), Candidate(1, verified=True, free_places=0))
    assert (match.points, match.explanation) == (5, "verified by staff")


@pytest.mark.parametrize(("free", "points"), [(-2, 0), (0, 0), (1, 1), (2, 2), (3, 3), (6, 3)])
def test_each_free_place_is_a_point_up_to_three_with_no_reason(free, points):
    match = score(Seeker(), Candidate(1, free_places=free))
    assert match.points == points
    assert match.reasons == ()


def test_every_reason_at_once_in_order_strongest_first():
    seeker = Seeker(
        pathway="12-step",
        languages=frozenset({"es"}),
        gender_preference="woman",
        experiences=frozenset({"alcohol"}),
        help_with=frozenset({"cravings"}),
        hours=bits(10, 11, 12),
    )
    candidate = Candidate(
        7,
        pathways=frozenset({"12-step"}),
        languages=frozenset({"es", "en"}),
        gender="woman",
        experiences=frozenset({"alcohol", "grief"}),
        help_with=frozenset({"cravings"}),
        hours=bits(11, 12, 13),
        free_places=2,
        verified=True,
    )
    match = score(seeker, candidate)
    assert [r.code for r in match.reasons] == [
        "pathway", "language", "gender", "experience", "help", "hours", "verified",
    ]  # fmt: skip
    assert match.points == 30 + 25 + 20 + 10 + 5 + 2 * 2 + 5 + 2
    assert match.explanation == (
        "both on a 12-step pathway · both speak Spanish · the gender you asked for · "
        "shared experience: Alcohol · can help with Cravings and triggers · "
        "2 h/week overlapping availability · verified by staff"
    )


def test_the_explanation_joins_the_reasons_with_middle_dots():
    seeker = Seeker(pathway="12-step", languages=frozenset({"es"}), hours=bits(16, 17, 18))
    candidate = Candidate(
        1, pathways=frozenset({"12-step"}), languages=frozenset({"es"}), hours=bits(*range(10, 19))
    )
    assert score(seeker, candidate).explanation == (
        "both on a 12-step pathway · both speak Spanish · 3 h/week overlapping availability"
    )


def test_the_maximum_score():
    everything = Seeker(
        pathway="12-step",
        languages=frozenset({"en"}),
        gender_preference="man",
        experiences=frozenset({"alcohol", "opioids", "stimulants", "grief"}),
        help_with=frozenset({"early-days", "cravings", "step-work", "work"}),
        hours=matching.WEEK_MASK,
    )
    candidate = Candidate(
        1,
        pathways=frozenset({"12-step"}),
        languages=frozenset({"en"}),
        gender="man",
        experiences=everything.experiences,
        help_with=everything.help_with,
        hours=matching.WEEK_MASK,
        free_places=6,
        verified=True,
    )
    assert score(everything, candidate).points == 30 + 25 + 20 + 30 + 15 + 20 + 5 + 3


# Weekly availability in UTC hours


def test_a_morning_in_los_angeles_is_afternoon_utc_and_shifts_with_dst():
    assert weekly_hours(["mon-morning"], LA, SUMMER) == bits(*range(14, 19))  # 7-12 PDT
    assert weekly_hours(["mon-morning"], LA, WINTER) == bits(*range(15, 20))  # 7-12 PST
    assert weekly_hours(["mon-morning"], "UTC", SUMMER) == bits(*range(7, 12))


def test_los_angeles_new_york_and_madrid_overlap_by_the_real_hours():
    la_morning = weekly_hours(["mon-morning"], LA, SUMMER)  # 14-19 UTC
    ny_afternoon = weekly_hours(["mon-afternoon"], NY, SUMMER)  # 16-21 UTC
    madrid_evening = weekly_hours(["mon-evening"], MADRID, SUMMER)  # 15-20 UTC
    assert hours_of(la_morning & ny_afternoon) == {16, 17, 18}
    assert hours_of(la_morning & madrid_evening) == {15, 16, 17, 18}
    assert hours_of(ny_afternoon & madrid_evening) == {16, 17, 18, 19}
    # The same wall-clock times an hour apart in March, when only the US has moved its clocks.
    la_march = weekly_hours(["mon-morning"], LA, BETWEEN)  # 14-19 UTC (PDT)
    madrid_march = weekly_hours(["mon-evening"], MADRID, BETWEEN)  # 16-21 UTC (CET)
    assert hours_of(la_march & madrid_march) == {16, 17, 18}


def test_sunday_evening_in_los_angeles_wraps_to_monday_utc():
    assert hours_of(weekly_hours(["sun-evening"], LA, SUMMER)) == {0, 1, 2, 3, 4}
    monday_early_utc = Seeker(hours=bits(0, 1, 2))
    match = score(monday_early_utc, Candidate(1, hours=weekly_hours(["sun-evening"], LA, SUMMER)))
    assert match.reasons[0] == Reason("hours", hours=3)


def test_monday_morning_in_tokyo_wraps_back_to_sunday_utc():
    assert hours_of(weekly_hours(["mon-morning"], "Asia/Tokyo", SUMMER)) == {166, 167, 0, 1, 2}


def test_invalid_slots_are_ignored():
    valid = weekly_hours(["tue-evening"], NY, SUMMER)
    junk = ["funday-morning", "mon-midnight", "mon", "", "-", "mon-morning-extra", "MON-MORNING"]
    assert weekly_hours([*junk, "tue-evening"], NY, SUMMER) == valid
    assert weekly_hours(junk, NY, SUMMER) == 0


@settings(max_examples=150, deadline=None)
@given(
    slots=st.frozensets(st.sampled_from(sorted(SLOT_KEYS))),
    zone=st.sampled_from(
        [LA, NY, MADRID, "Asia/Tokyo", "Asia/Kolkata", "Pacific/Kiritimati", "UTC"]
    ),
    monday=st.sampled_from([SUMMER, WINTER, BETWEEN]),
)
def test_every_slot_keeps_its_hours_wherever_and_whenever(slots, zone, monday):
    """Five hours a slot by day, nine for a night (22-7, into the next day, Sunday's into
    Monday's), in any zone and week: none lost or doubled."""
    mask = weekly_hours(slots, zone, monday)
    assert 0 <= mask <= matching.WEEK_MASK
    nights = sum(1 for slot in slots if slot.endswith("-night"))
    assert mask.bit_count() == 5 * (len(slots) - nights) + 9 * nights


# Ranking


def test_rank_orders_by_points_then_room_then_id():
    seeker = Seeker(pathway="12-step")
    candidates = [
        Candidate(3, free_places=3),
        Candidate(2, free_places=3),
        Candidate(1, free_places=5),  # the same 3 points for places, but more room
        Candidate(4, pathways=frozenset({"12-step"}), free_places=0),
        Candidate(5, free_places=1),
    ]
    ranked = rank(seeker, candidates)
    assert [c.user_id for c, _m in ranked] == [4, 1, 2, 3, 5]
    assert [m.points for _c, m in ranked] == [30, 3, 3, 3, 1]


def test_rank_of_nobody_is_empty():
    assert rank(Seeker(), []) == []


# The cohort matcher

PATHWAYS = ["", "12-step", "smart"]
LANGUAGES = ["en", "es", "vi"]
EXPERIENCES = ["alcohol", "opioids", "grief", "parenting"]
HELP = ["cravings", "family", "work"]

seekers = st.builds(
    Seeker,
    pathway=st.sampled_from(PATHWAYS),
    languages=st.frozensets(st.sampled_from(LANGUAGES)),
    gender_preference=st.sampled_from(["", "woman", "man"]),
    experiences=st.frozensets(st.sampled_from(EXPERIENCES)),
    help_with=st.frozensets(st.sampled_from(HELP)),
    hours=st.integers(0, (1 << 16) - 1),
)


def candidates(user_id: int, most_places: int) -> st.SearchStrategy[Candidate]:
    return st.builds(
        Candidate,
        user_id=st.just(user_id),
        pathways=st.frozensets(st.sampled_from(PATHWAYS[1:])),
        languages=st.frozensets(st.sampled_from(LANGUAGES)),
        gender=st.sampled_from(["", "woman", "man"]),
        experiences=st.frozensets(st.sampled_from(EXPERIENCES)),
        help_with=st.frozensets(st.sampled_from(HELP)),
        hours=st.integers(0, (1 << 16) - 1),
        free_places=st.integers(-1 if most_places > 2 else 0, most_places),
        verified=st.booleans(),
    )


@st.composite
def cohorts(draw, most_mentees: int, most_mentors: int, most_places: int):
    # Ids overlap, so someone may be both a mentee and a mentor (and must not get themselves).
    mentee_ids = draw(st.sets(st.integers(1, 7), max_size=most_mentees))
    mentor_ids = draw(st.lists(st.integers(1, 7), unique=True, max_size=most_mentors))
    seeker_of = {mentee_id: draw(seekers) for mentee_id in sorted(mentee_ids)}
    mentors = [draw(candidates(mentor_id, most_places)) for mentor_id in mentor_ids]
    forbidden: set[tuple[int, int]] = set()
    if mentee_ids and mentor_ids:
        forbidden = draw(
            st.sets(st.tuples(st.sampled_from(sorted(mentee_ids)), st.sampled_from(mentor_ids)))
        )
    return seeker_of, mentors, forbidden


def check_rules(seeker_of, mentors, forbidden, pairings) -> None:
    by_id = {c.user_id: c for c in mentors}
    mentees = [p.mentee_id for p in pairings]
    assert len(mentees) == len(set(mentees)), "a mentee matched twice"
    assert set(mentees) <= set(seeker_of)
    for p in pairings:
        assert p.mentor_id in by_id
        assert p.mentee_id != p.mentor_id, "someone matched with themselves"
        assert (p.mentee_id, p.mentor_id) not in forbidden, "a forbidden pair"
        assert p.match == score(seeker_of[p.mentee_id], by_id[p.mentor_id])
    for mentor in mentors:
        taken = sum(1 for p in pairings if p.mentor_id == mentor.user_id)
        assert taken <= max(mentor.free_places, 0), f"mentor {mentor.user_id} over capacity"


@settings(max_examples=200, deadline=None)
@given(cohort=cohorts(most_mentees=7, most_mentors=5, most_places=4))
def test_the_cohort_never_breaks_a_hard_rule(cohort):
    seeker_of, mentors, forbidden = cohort
    check_rules(seeker_of, mentors, forbidden, match_cohort(seeker_of, mentors, forbidden))


def brute_force(seeker_of, mentors, forbidden) -> tuple[int, int]:
    """The best (mentees matched, total score) over every assignment that keeps the rules."""
    mentee_ids = sorted(seeker_of)
    options = [
        [None]
        + [c for c in mentors if c.user_id != mentee_id and (mentee_id, c.user_id) not in forbidden]
        for mentee_id in mentee_ids
    ]
    best = (0, 0)
    for choice in product(*options):
        used: dict[int, int] = {}
        for c in choice:
            if c is not None:
                used[c.user_id] = used.get(c.user_id, 0) + 1
        if any(used.get(c.user_id, 0) > max(c.free_places, 0) for c in mentors):
            continue
        total = sum(
            score(seeker_of[m], c).points for m, c in zip(mentee_ids, choice, strict=True) if c
        )
        best = max(best, (sum(1 for c in choice if c is not None), total))
    return best


@settings(max_examples=200, deadline=None)
@given(cohort=cohorts(most_mentees=4, most_mentors=3, most_places=2))
def test_the_cohort_is_optimal_on_small_cases(cohort):
    seeker_of, mentors, forbidden = cohort
    pairings = match_cohort(seeker_of, mentors, forbidden)
    check_rules(seeker_of, mentors, forbidden, pairings)
    got = (len(pairings), sum(p.match.points for p in pairings))
    assert got == brute_force(seeker_of, mentors, forbidden)


def test_more_mentees_matched_beats_a_higher_score():
    # m1 fits A far better than B, but only A may take m2: both are matched, m1 with B.
    m1 = Seeker(pathway="12-step", languages=frozenset({"es"}))
    m2 = Seeker()
    a = Candidate(10, pathways=frozenset({"12-step"}), languages=frozenset({"es"}), free_places=1)
    b = Candidate(11, free_places=1)
    pairings = match_cohort({1: m1, 2: m2}, [a, b], {(2, 11)})
    assert {(p.mentee_id, p.mentor_id) for p in pairings} == {(1, 11), (2, 10)}


def test_the_best_fit_gets_the_last_place():
    close = Seeker(pathway="12-step")
    far = Seeker(pathway="smart")
    only_place = Candidate(10, pathways=frozenset({"12-step"}), free_places=1)
    pairings = match_cohort({1: far, 2: close}, [only_place])
    assert [(p.mentee_id, p.mentor_id) for p in pairings] == [(2, 10)]


def test_no_mentees_no_mentors_or_no_places_match_nobody():
    assert match_cohort({}, [Candidate(1)]) == []
    assert match_cohort({1: Seeker()}, []) == []
    assert match_cohort({1: Seeker()}, [Candidate(2, free_places=0)]) == []
    assert match_cohort({1: Seeker()}, [Candidate(1, free_places=3)]) == []  # only themselves
