"""Matching a whole cohort at once: an assignment problem with mentor capacities.

Each mentor is repeated once per free place, so scipy's `linear_sum_assignment` (the Hungarian
method) can give every mentee at most one mentor and no mentor more mentees than places. Pairs
that must never happen (blocks, the same person, an existing mentorship or request) cost more
than any score could make up, and are dropped from the result. The outcome: as many mentees
matched as the rules allow, and among those matchings the highest total score.
"""

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from alongside.mentoring.matching import Candidate, Match, Seeker, score


@dataclass(frozen=True)
class Pairing:
    mentee_id: int
    mentor_id: int
    match: Match


def match_cohort(
    seekers: Mapping[int, Seeker],
    candidates: Sequence[Candidate],
    forbidden: set[tuple[int, int]] = frozenset(),  # type: ignore[assignment]
) -> list[Pairing]:
    """The best pairings of mentees (by id) with mentors, within each mentor's free places."""
    # Imported here, for staff's cohort matching only: numpy and scipy put ~55 MB into every
    # process that imports this module, web workers included.
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    mentee_ids = sorted(seekers)
    if not mentee_ids or not candidates:
        return []
    open_candidates = [candidate for candidate in candidates if candidate.free_places > 0]
    matches: dict[tuple[int, int], Match] = {}
    # Each mentee only ever needs their n best allowed mentors (n = the number of mentees):
    # in any assignment the other mentees fill at most n - 1 of them, so one is free and at
    # least as good. Keeping only those keeps the result optimal and the matrix small.
    kept: set[int] = set()
    for mentee_id in mentee_ids:
        seeker = seekers[mentee_id]
        allowed = []
        for candidate in open_candidates:
            pair = (mentee_id, candidate.user_id)
            if pair in forbidden or mentee_id == candidate.user_id:
                continue
            match = matches[pair] = score(seeker, candidate)
            allowed.append((match.points, -candidate.user_id))
        kept.update(-negative for _points, negative in heapq.nlargest(len(mentee_ids), allowed))
    by_id = {candidate.user_id: candidate for candidate in open_candidates}
    places: list[Candidate] = [
        by_id[mentor_id]
        for mentor_id in sorted(kept)
        for _place in range(min(by_id[mentor_id].free_places, len(mentee_ids)))
    ]
    if not places:
        return []
    most = max((m.points for m in matches.values()), default=0)
    never = (most + 1) * (len(mentee_ids) + 1)  # more than any total score
    cost = np.empty((len(mentee_ids), len(places)), dtype=np.int64)
    for row, mentee_id in enumerate(mentee_ids):
        for column, candidate in enumerate(places):
            pair = (mentee_id, candidate.user_id)
            cost[row, column] = -matches[pair].points if pair in matches else never
    rows, columns = linear_sum_assignment(cost)
    return [
        Pairing(
            mentee_ids[row],
            places[column].user_id,
            matches[mentee_ids[row], places[column].user_id],
        )
        for row, column in zip(rows, columns, strict=True)
        if cost[row, column] < never
    ]
