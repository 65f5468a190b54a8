"""The fast path for recommendations ranks exactly as the full score does, and each process's
copy of the mentor pool follows every change to the shared one."""

import random

import pytest
from django.core.cache import cache
from django.utils import timezone

from alongside.mentoring import matching, selectors
from alongside.mentoring.choices import SLOT_KEYS, Experience, HelpArea, Language

PATHWAYS = ["12-step", "smart", "secular", "faith", ""]
SLOTS = sorted(SLOT_KEYS)


def some(rng: random.Random, values: list[str], most: int) -> frozenset[str]:
    return frozenset(rng.sample(values, rng.randint(0, most)))


def seeker(rng: random.Random) -> matching.Seeker:
    return matching.Seeker(
        pathway=rng.choice(PATHWAYS),
        languages=some(rng, Language.values, 2),
        gender_preference=rng.choice(["", "woman", "man"]),
        experiences=some(rng, Experience.values, 4),
        help_with=some(rng, HelpArea.values, 4),
        hours=rng.getrandbits(matching.HOURS_A_WEEK),
    )


def candidate(rng: random.Random, user_id: int) -> matching.Candidate:
    return matching.Candidate(
        user_id=user_id,
        pathways=some(rng, PATHWAYS[:-1], 2),
        languages=some(rng, Language.values, 2),
        gender=rng.choice(["", "woman", "man", "non-binary"]),
        experiences=some(rng, Experience.values, 4),
        help_with=some(rng, HelpArea.values, 4),
        hours=rng.getrandbits(matching.HOURS_A_WEEK) & rng.getrandbits(matching.HOURS_A_WEEK),
        free_places=rng.randint(-1, 4),
        verified=rng.random() < 0.3,
    )


@pytest.mark.parametrize("seed", range(25))
def test_points_and_top_agree_with_the_full_score_and_rank(seed: int) -> None:
    rng = random.Random(seed)
    pool = [candidate(rng, user_id) for user_id in rng.sample(range(1, 10_000), 300)]
    wanted = seeker(rng)
    for c in pool:
        assert matching.points(wanted, c) == matching.score(wanted, c).points
    for limit in (1, 8, 50, 400):
        assert matching.top(wanted, pool, limit) == matching.rank(wanted, pool)[:limit]


def test_each_process_keeps_the_pool_until_the_shared_one_changes(db: None) -> None:
    from tests.conftest import make_member

    today = timezone.localdate()
    first = selectors.mentor_pool(today)
    assert selectors.mentor_pool(today) is first  # held here, not read back and unpickled
    selectors.refresh_pool()  # a change somewhere: the version moves on
    assert selectors.mentor_pool(today) is not first
    held = selectors.mentor_pool(today)
    cache.clear()  # the shared cache forgot everything: this copy must not be trusted
    assert selectors.mentor_pool(today) is not held
    make_member("zed")
    assert selectors.mentor_pool(today) == []


@pytest.mark.parametrize("seed", range(25))
def test_the_prepared_ranking_agrees_with_rank(seed: int) -> None:
    rng = random.Random(seed)
    pool = [candidate(rng, user_id) for user_id in rng.sample(range(1, 10_000), 300)]
    prepared = matching.prepare(pool)
    assert prepared is not None
    for _ in range(5):
        wanted = seeker(rng)
        for limit in (1, 8, 50, 400):
            ranked = [pool[i] for i in matching.best(wanted, prepared, limit)]
            assert ranked == [c for c, _match in matching.rank(wanted, pool)[:limit]]


def test_ids_and_places_out_of_the_packed_range_are_ranked_the_slow_way() -> None:
    assert matching.prepare([matching.Candidate(user_id=1 << 41)]) is None
    assert matching.prepare([matching.Candidate(user_id=1, free_places=1 << 16)]) is None


@pytest.mark.parametrize("seed", range(10))
def test_each_viewers_exclusions_come_off_the_shared_ranking(
    db: None, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    rng = random.Random(seed)
    today = timezone.localdate()
    pool = [candidate(rng, user_id) for user_id in rng.sample(range(1, 10_000), 120)]
    monkeypatch.setattr(selectors, "_local", lambda day: local)
    local = selectors._LocalPool("token", pool)
    wanted = seeker(rng)
    for many in (0, 3, 30, 100):  # some beyond the spare ranked entries
        excluded = {c.user_id for c in rng.sample(pool, many)}
        for limit in (3, 8):
            expected = matching.top(wanted, [c for c in pool if c.user_id not in excluded], limit)
            assert selectors._best(wanted, today, excluded, limit) == expected
    assert wanted in local.ranked  # kept for the next member with the same preferences


def test_a_new_mentor_is_ranked_once_the_pool_changes(people) -> None:
    from tests.mentoring.conftest import make_mentor

    first = [r.profile.user for r in selectors.recommendations(people.river)]
    assert first == []
    ash = make_mentor("ash")  # become_mentor refreshes the shared pool
    assert [r.profile.user for r in selectors.recommendations(people.river)] == [ash]
    cache.clear()
    assert [r.profile.user for r in selectors.recommendations(people.river)] == [ash]
