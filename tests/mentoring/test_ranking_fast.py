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
