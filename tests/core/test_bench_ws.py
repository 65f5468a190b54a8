"""The websocket benchmark's arithmetic (scripts/bench_ws.py): no servers are started."""

import importlib.util
import json
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


@pytest.fixture(scope="module")
def bench():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(SCRIPTS))  # it imports its helpers from bench_stack beside it
    try:
        spec = importlib.util.spec_from_file_location("bench_ws", SCRIPTS / "bench_ws.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.path.remove(str(SCRIPTS))


def test_percentiles_are_nearest_rank(bench) -> None:
    values = list(range(1, 101))  # 1..100
    assert bench.percentile(values, 0.50) == 50
    assert bench.percentile(values, 0.99) == 99
    assert bench.percentile(values, 1.0) == 100
    assert bench.percentile(values[::-1], 0.50) == 50  # order doesn't matter
    assert bench.percentile([7.5], 0.99) == 7.5
    assert bench.percentile([], 0.5) == 0.0
    assert bench.percentile([1, 2, 3], 0.0) == 1


def test_the_ramp_grows_until_a_step_fails_then_halves_the_gap(bench) -> None:
    ramp = bench.Ramp(start=1000, factor=2, refine=2)
    assert ramp.next_rate() == 1000
    ramp.record(1000, True, 990)
    assert ramp.next_rate() == 2000
    ramp.record(2000, True, 1980)
    assert ramp.next_rate() == 4000
    ramp.record(4000, False, 2500)  # fell behind: the answer lies between 2000 and 4000
    assert ramp.next_rate() == 3000
    ramp.record(3000, True, 2950)
    assert ramp.next_rate() == 3500
    ramp.record(3500, False, 3000)
    assert ramp.next_rate() is None  # two refinements made
    assert ramp.best == 2950  # what the best passing step delivered, not what it was offered


def test_the_ramp_stops_at_its_ceiling(bench) -> None:
    ramp = bench.Ramp(start=1000, factor=2, ceiling=3000)
    ramp.record(ramp.next_rate(), True, 1000)
    ramp.record(ramp.next_rate(), True, 2000)
    assert ramp.next_rate() is None
    assert ramp.best == 2000


def test_a_first_step_that_fails_is_searched_below(bench) -> None:
    ramp = bench.Ramp(start=1000, refine=3)
    ramp.record(1000, False, 100)
    assert ramp.next_rate() == 500
    ramp.record(500, False, 100)
    assert ramp.next_rate() == 250
    ramp.record(250, True, 249)
    assert ramp.next_rate() == 375
    ramp.record(375, True, 370)
    assert ramp.next_rate() is None
    assert ramp.best == 370
    assert bench.Ramp(start=1000).best == 0.0  # nothing passed yet


def test_the_ramp_stops_when_the_gap_is_small(bench) -> None:
    ramp = bench.Ramp(start=1000, factor=1.04, refine=5)
    ramp.record(1000, True, 1000)
    ramp.record(ramp.next_rate(), False, 900)
    assert ramp.next_rate() is None


def step(bench, **overrides):  # type: ignore[no-untyped-def]
    values = {
        "offered": 2000.0, "seconds": 5.0, "offered_messages": 500, "published": 500,
        "expected": 10_000, "delivered": 10_000, "publish_seconds": 4.99, "p99_ms": 40.0,
    }  # fmt: skip
    return bench.Step(**(values | overrides))


def test_a_step_that_keeps_up_passes(bench) -> None:
    assert step(bench).verdict() == "ok"
    assert step(bench).delivered_per_s == pytest.approx(10_000 / 5)  # over the step's length
    assert step(bench, publish_seconds=5.2).delivered_per_s == pytest.approx(10_000 / 5.2)
    assert step(bench, delivered=9995).verdict() == "ok"  # 0.05% lost is within 0.1%


def test_why_a_step_fails(bench) -> None:
    assert step(bench, p99_ms=501.0).verdict() == "p99 over the limit"
    assert step(bench, p99_ms=501.0).verdict(p99_limit_ms=1000) == "ok"
    assert step(bench, delivered=9980).verdict() == "lost deliveries"
    assert step(bench, delivered=9980).lost == 20
    assert step(bench, published=400).verdict() == "publisher fell behind"
    assert step(bench, publish_errors=1).verdict() == "publisher fell behind"
    assert step(bench, publish_seconds=5.5).verdict() == "publisher fell behind"  # late sends
    # Fewer owed than offered (members dropped off mid-step): the rate wasn't delivered.
    assert step(bench, expected=9000, delivered=9000).verdict() == "deliveries fell behind"
    assert step(bench, expected=0, delivered=0).verdict() == "nothing expected"
    assert step(bench, delivered=10_005).lost == 0  # never negative


def test_every_room_spans_both_servers_and_they_hold_the_same_number(bench) -> None:
    plan = bench.assign([20] * 50, [8201, 8202])
    assert len(plan) == 50
    assert all(len(room) == 20 for room in plan)
    assert all(set(room) == {8201, 8202} for room in plan)
    flat = [port for room in plan for port in room]
    assert flat.count(8201) == flat.count(8202) == 500
    odd = [port for room in bench.assign([3, 3, 3], [1, 2]) for port in room]
    assert abs(odd.count(1) - odd.count(2)) <= 1


def test_results_are_merged_into_the_performance_file(bench, tmp_path: Path) -> None:
    path = tmp_path / "performance.json"
    bench.merge(path, "websockets", {"max": 1})  # made when missing
    assert json.loads(path.read_text()) == {"websockets": {"max": 1}}
    path.write_text(json.dumps({"results": [1, 2], "websockets": {"max": 1}}))
    bench.merge(path, "websockets", {"max": 2})
    assert json.loads(path.read_text()) == {"results": [1, 2], "websockets": {"max": 2}}
    path.write_text("not json")
    bench.merge(path, "websockets", {"max": 3})
    assert json.loads(path.read_text()) == {"websockets": {"max": 3}}


def test_the_markdown_table_has_a_row_per_phase_and_server(bench) -> None:
    phase = step(bench).summary()
    report = {
        "settings": {"rooms": 2, "room_size": 2, "publish": "app"},
        "connections": {"held": 4, "requested": 4},
        "ramp": [phase, phase],
        "steady": phase,
        "servers": [
            {"port": port, "clients": 2, "rss_before_mb": 80.0, "rss_warm_mb": 80.5,
             "rss_connected_mb": 81.0,
             "kb_per_connection": 512.0, "rss_after_mb": 81.5, "steady_cpu_percent": 30.0}
            for port in (8201, 8202)
        ],
    }  # fmt: skip
    table = bench.markdown(report)
    assert "| ramp 2 | 2000 |" in table
    assert "| steady (80%) | 2000 | 2000 |" in table
    assert "| :8202 | 2 | 80.0 | 80.5 | 81.0 | 512.0 | 81.5 | 30.0 |" in table
