"""Importing Meeting Guide feeds: real feeds, idempotent re-imports, broken or slow sources, the
management command, the daily task and the admin."""

import http.server
import json
import threading
import time
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from alongside.accounts.models import User
from alongside.meetings import feed_import
from alongside.meetings.feed_import import FeedError, fetch, sync, sync_all
from alongside.meetings.models import DirectoryMeeting, FeedSource
from tests.conftest import unavailable

FEEDS = Path(__file__).parent / "feeds"
# The real feeds live in shared/ beside the repository (CI has a copy there); on a laptop
# without it those tests skip, in CI they fail: the real feeds must be read.
_BESIDE = Path(__file__).resolve().parents[3] / "shared" / "data" / "meeting-feeds"
SHARED = _BESIDE if _BESIDE.exists() else Path("/work/shared/data/meeting-feeds")
OC, MARIN, EDMONTON = (
    "oc-aa_tsml-ui_oc.json",
    "aasfmarin_tsml-ui_aasfmarin.test.json",
    "edmontonaa_tsml-ui_edmonton.json",
)


def write_feed(path: Path, meetings) -> str:
    path.write_text(json.dumps(meetings))
    return str(path)


def small_feed():
    return [
        {
            "name": "Morning Light",
            "slug": "morning-light",
            "day": 1,
            "time": "07:00",
            "end_time": "08:00",
            "formatted_address": "123 SE Main St, Portland, OR 97214, USA",
            "latitude": 45.512,
            "longitude": -122.64,
            "types": ["O", "D"],
        },
        {
            "name": "Night Owls",
            "slug": "night-owls",
            "day": [5, 6],
            "time": "23:00",
            "end_time": "00:30",
            "conference_url": "https://zoom.us/j/123456789",
            "types": ["C", "ONL"],
        },
        {"name": "By Appointment", "slug": "by-appointment", "formatted_address": "Portland"},
    ]


def summary_line(out: str) -> str:
    return out.splitlines()[0]


@pytest.fixture
def source(db, tmp_path):
    location = write_feed(tmp_path / "feed.json", small_feed())
    return FeedSource.objects.create(
        name="Test feed", slug="test", location=location, default_timezone="America/Los_Angeles"
    )


# Excerpts of the real feeds (fixtures in tests/meetings/feeds) ---------------------------


def test_the_oc_excerpt_imports_without_a_timezone_using_the_default(db):
    out = StringIO()
    path = str(FEEDS / "oc_excerpt.json")
    call_command("import_meetings", path, "--timezone", "America/Los_Angeles", stdout=out)
    src = FeedSource.objects.get(location=path)
    rows = DirectoryMeeting.objects.filter(source=src)
    assert rows.count() == 6
    assert set(rows.values_list("timezone", flat=True)) == {"America/Los_Angeles"}
    first = rows.get(feed_slug="40-minutes-to-freedom")
    assert (first.day, first.time.strftime("%H:%M"), first.duration_minutes) == (1, "19:30", 45)
    assert first.attendance == "in_person"
    assert first.types == ["C", "D", "DR", "EN", "M"]
    assert rows.get(feed_slug="here-and-now-laguna-beach").attendance == "hybrid"
    assert rows.get(feed_slug="step-study-grange-2").attendance == "online"  # approximate: yes
    by_appointment = rows.get(feed_slug="women")
    assert (by_appointment.day, by_appointment.time, by_appointment.week_minute) == (
        None,
        None,
        None,
    )
    assert summary_line(out.getvalue()).startswith("Imported oc_excerpt: 6 added, 0 updated")


def test_the_marin_excerpt_reads_coordinates_as_strings_and_nulls(db):
    call_command("import_meetings", str(FEEDS / "marin_excerpt.json"), stdout=StringIO())
    rows = {m.feed_slug: m for m in DirectoryMeeting.objects.all()}
    assert len(rows) == 4
    larkspur = rows["larkspur-7am-group-200"]
    assert larkspur.latitude == pytest.approx(37.93662)
    assert larkspur.attendance == "hybrid"
    assert "500 Magnolia Ave" in larkspur.formatted_address
    online = rows["marin-city-fellowship-speaker-619"]
    assert online.attendance == "online"
    assert online.timezone == "America/Los_Angeles"


def test_the_edmonton_excerpt_reads_day_arrays_twelve_hour_times_and_odd_dates(db):
    call_command(
        "import_meetings",
        str(FEEDS / "edmonton_excerpt.json"),
        "--timezone",
        "America/Edmonton",
        stdout=StringIO(),
    )
    rows = {m.feed_slug: m for m in DirectoryMeeting.objects.all()}
    assert len(rows) == 4
    shifters = rows["6"]
    assert (shifters.day, shifters.time.strftime("%H:%M")) == (6, "11:00")
    assert shifters.timezone == "America/Edmonton"
    assert shifters.updated.year == 2022 and shifters.updated.month == 8
    assert shifters.attendance == "in_person"
    # No coordinates in the feed: placed at the city's centre, marked as an estimate (the
    # street address itself is real, so it stays an in-person meeting).
    assert shifters.latitude == pytest.approx(53.55, abs=0.2)
    assert shifters.point_estimated is True and shifters.approximate is False
    assert rows["8"].attendance == "hybrid"
    assert rows["8"].time.strftime("%H:%M") == "19:30"


# The full real feeds, when present ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "zone", "meetings"),
    [(OC, "America/Los_Angeles", 1967), (MARIN, "", 658), (EDMONTON, "America/Edmonton", 315)],
)
def test_the_real_feeds_import_with_sensible_counts_and_again_unchanged(db, name, zone, meetings):
    path = SHARED / name
    if not path.exists():
        unavailable(f"{path} is not here")
    args = ["import_meetings", str(path)] + (["--timezone", zone] if zone else [])
    out = StringIO()
    call_command(*args, stdout=out)
    src = FeedSource.objects.get(location=str(path))
    summary = src.last_summary
    assert src.last_status == "ok"
    assert summary["rejected"] <= 5
    assert summary["added"] + summary["rejected"] >= meetings
    assert DirectoryMeeting.objects.filter(source=src).count() == summary["added"]
    assert summary["added"] >= meetings - 5
    assert len(src.problems) == summary["problems"] or len(src.problems) == 2000
    line = summary_line(out.getvalue())
    assert line.startswith(f"Imported {path.stem}: {summary['added']} added, 0 updated")
    # Most of them can be found: active, with a time.
    active = DirectoryMeeting.objects.filter(source=src).exclude(attendance="inactive")
    assert active.count() > meetings * 0.6
    # Again: nothing changes.
    out = StringIO()
    call_command(*args, stdout=out)
    again = FeedSource.objects.get(pk=src.pk).last_summary
    assert again["added"] == again["updated"] == again["removed"] == 0
    assert again["unchanged"] == summary["added"]
    assert ": 0 added, 0 updated" in summary_line(out.getvalue())


# The management command -------------------------------------------------------------


def test_the_command_prints_a_summary_line_and_problems(db, tmp_path):
    data = [*small_feed(), {"name": "", "slug": "nameless"}, {**small_feed()[0], "day": "Funday"}]
    path = write_feed(tmp_path / "intergroup.json", data)
    out = StringIO()
    call_command("import_meetings", path, "--name", "Intergroup", stdout=out)
    text = out.getvalue()
    assert summary_line(text) == (
        "Imported Intergroup: 4 added, 0 updated, 0 unchanged, 0 removed, 2 rejected, 2 problems"
    )
    assert "Funday" in text
    src = FeedSource.objects.get()
    assert (src.name, src.slug, src.last_status) == ("Intergroup", "intergroup", "ok")
    assert {p["field"] for p in src.problems} >= {"name", "day"}


def test_dry_run_changes_nothing(db, tmp_path):
    path = write_feed(tmp_path / "feed.json", small_feed())
    out = StringIO()
    call_command("import_meetings", path, "--dry-run", stdout=out)
    assert summary_line(out.getvalue()).startswith("Would import feed: 4 added")
    assert not FeedSource.objects.exists()
    assert not DirectoryMeeting.objects.exists()


def test_dry_run_of_an_existing_source_changes_nothing(source):
    sync(source)
    before = list(DirectoryMeeting.objects.values_list("pk", "fingerprint").order_by("pk"))
    Path(source.location).write_text(json.dumps(small_feed()[:1]))
    out = StringIO()
    call_command("import_meetings", source.location, "--dry-run", stdout=out)
    assert "0 added, 0 updated, 1 unchanged, 3 removed" in out.getvalue()
    after = list(DirectoryMeeting.objects.values_list("pk", "fingerprint").order_by("pk"))
    assert after == before


def test_the_timezone_option_sets_the_sources_default(db, tmp_path):
    path = write_feed(tmp_path / "feed.json", small_feed())
    call_command("import_meetings", path, "--timezone", "Eastern", stdout=StringIO())
    assert FeedSource.objects.get().default_timezone == "America/New_York"
    assert set(DirectoryMeeting.objects.values_list("timezone", flat=True)) == {"America/New_York"}


def test_an_invalid_timezone_option_is_an_error(db, tmp_path):
    path = write_feed(tmp_path / "feed.json", small_feed())
    with pytest.raises(CommandError, match="not a time zone"):
        call_command("import_meetings", path, "--timezone", "Mars/Base", stdout=StringIO())
    assert not DirectoryMeeting.objects.exists()


def test_the_command_reports_a_broken_feed_as_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="already imported stay"):
        call_command("import_meetings", str(tmp_path / "missing.json"), stdout=StringIO())
    assert FeedSource.objects.get().last_status == "failed"


# Idempotence, updates and removals ---------------------------------------------------


def test_importing_again_changes_nothing(source):
    first = sync(source)
    assert first.summary() == {
        "added": 4, "updated": 0, "unchanged": 0, "removed": 0, "rejected": 0, "problems": 0,
    }  # fmt: skip
    before = list(DirectoryMeeting.objects.values_list("pk", "slug", "imported_at").order_by("pk"))
    second = sync(source)
    assert (second.added, second.updated, second.removed, second.unchanged) == (0, 0, 0, 4)
    after = list(DirectoryMeeting.objects.values_list("pk", "slug", "imported_at").order_by("pk"))
    assert after == before


def test_several_days_get_their_own_rows_and_slugs(source):
    sync(source)
    owls = DirectoryMeeting.objects.filter(feed_slug="night-owls").order_by("day")
    assert [(m.day, m.slug) for m in owls] == [
        (5, "test-night-owls-fri"),
        (6, "test-night-owls-sat"),
    ]
    assert {m.duration_minutes for m in owls} == {90}
    assert DirectoryMeeting.objects.get(feed_slug="morning-light").slug == "test-morning-light"


def test_a_meeting_dropped_from_the_feed_is_removed(source):
    sync(source)
    Path(source.location).write_text(json.dumps(small_feed()[:2]))
    result = sync(source)
    assert (result.removed, result.unchanged, result.added) == (1, 3, 0)
    assert not DirectoryMeeting.objects.filter(feed_slug="by-appointment").exists()


def test_a_day_dropped_from_a_meeting_removes_that_row(source):
    sync(source)
    data = small_feed()
    data[1]["day"] = [5]
    Path(source.location).write_text(json.dumps(data))
    result = sync(source)
    assert result.removed == 1
    assert list(DirectoryMeeting.objects.filter(feed_slug="night-owls").values_list("day")) == [
        (5,)
    ]


def test_a_changed_meeting_is_updated_in_place(source):
    sync(source)
    before = DirectoryMeeting.objects.get(feed_slug="morning-light")
    data = small_feed()
    data[0].update(time="7:30 AM", notes="Now half an hour later", types=["C"])
    Path(source.location).write_text(json.dumps(data))
    result = sync(source)
    assert (result.updated, result.unchanged, result.added, result.removed) == (1, 3, 0, 0)
    after = DirectoryMeeting.objects.get(feed_slug="morning-light")
    assert after.pk == before.pk and after.slug == before.slug
    assert after.time.strftime("%H:%M") == "07:30"
    assert after.week_minute == 1440 + 450
    assert after.notes == "Now half an hour later"
    assert (after.types, after.types_text) == (["C"], ",C,")
    assert "half an hour" in after.search_text
    assert after.imported_at > before.imported_at


def test_the_same_slug_from_two_sources_does_not_collide(db, tmp_path):
    a = FeedSource.objects.create(
        name="A", slug="a", location=write_feed(tmp_path / "a.json", small_feed())
    )
    b = FeedSource.objects.create(
        name="B", slug="b", location=write_feed(tmp_path / "b.json", small_feed())
    )
    sync(a)
    sync(b)
    assert DirectoryMeeting.objects.filter(feed_slug="morning-light").count() == 2
    assert DirectoryMeeting.objects.count() == 8
    # Re-syncing one never touches the other's rows.
    assert sync(a).unchanged == 4 and sync(b).unchanged == 4
    assert DirectoryMeeting.objects.count() == 8


def test_directory_slugs_that_would_clash_across_sources_are_numbered(db, tmp_path):
    one = FeedSource.objects.create(
        name="One",
        slug="north",
        location=write_feed(tmp_path / "1.json", [{"name": "X", "slug": "side-group"}]),
    )
    two = FeedSource.objects.create(
        name="Two",
        slug="north-side",
        location=write_feed(tmp_path / "2.json", [{"name": "Y", "slug": "group"}]),
    )
    sync(one)
    sync(two)
    slugs = sorted(DirectoryMeeting.objects.values_list("slug", flat=True))
    assert slugs == ["north-side-group", "north-side-group-2"]
    assert sync(two).unchanged == 1


# Broken feeds keep what was imported -------------------------------------------------


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (None, "couldn't read"),
        ("{not json", "isn't valid JSON"),
        ('{"meetings": "nope"}', "isn't a list"),
        ('"a string"', "isn't a list"),
        ("42", "isn't a list"),
        (b"\xff\xfe\x00garbage", "isn't valid JSON"),
    ],
)
def test_a_broken_feed_keeps_the_previous_meetings_and_records_the_failure(source, content, error):
    sync(source)
    before = list(DirectoryMeeting.objects.values_list("pk", "fingerprint").order_by("pk"))
    path = Path(source.location)
    if content is None:
        path.unlink()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    result = sync(source)
    assert error in result.error
    source.refresh_from_db()
    assert source.last_status == "failed"
    assert error in source.last_error
    assert source.last_synced_at is not None
    assert list(DirectoryMeeting.objects.values_list("pk", "fingerprint").order_by("pk")) == before


def test_a_wrapped_list_is_accepted(source):
    Path(source.location).write_text(json.dumps({"meetings": small_feed()}))
    assert sync(source).added == 4


def test_a_good_import_after_a_failure_clears_the_error(source):
    location = source.location
    FeedSource.objects.filter(pk=source.pk).update(location=location + ".missing")
    source.refresh_from_db()
    sync(source)
    source.refresh_from_db()
    assert source.last_status == "failed"
    FeedSource.objects.filter(pk=source.pk).update(location=location)
    source.refresh_from_db()
    sync(source)
    source.refresh_from_db()
    assert (source.last_status, source.last_error) == ("ok", "")


def test_an_empty_feed_removes_everything_it_had(source):
    sync(source)
    Path(source.location).write_text("[]")
    assert sync(source).removed == 4
    assert not DirectoryMeeting.objects.exists()


def test_sync_all_continues_past_a_failing_source(db, tmp_path):
    broken = FeedSource.objects.create(name="Broken", slug="broken", location=str(tmp_path / "x"))
    bad_json = FeedSource.objects.create(
        name="Bad JSON", slug="bad", location=str(tmp_path / "bad.json")
    )
    (tmp_path / "bad.json").write_text("<html>")
    good = FeedSource.objects.create(
        name="Good", slug="good", location=write_feed(tmp_path / "good.json", small_feed())
    )
    FeedSource.objects.create(
        name="Off",
        slug="off",
        enabled=False,
        location=write_feed(tmp_path / "off.json", small_feed()),
    )
    results = sync_all()
    assert set(results) == {"Broken", "Bad JSON", "Good"}
    assert results["Good"]["added"] == 4
    assert DirectoryMeeting.objects.filter(source=good).count() == 4
    assert not DirectoryMeeting.objects.exclude(source=good).exists()
    statuses = dict(FeedSource.objects.values_list("slug", "last_status"))
    assert statuses == {"broken": "failed", "bad": "failed", "good": "ok", "off": ""}
    assert broken.pk and bad_json.pk


def test_sync_all_survives_an_unexpected_error_in_one_source(db, tmp_path, monkeypatch):
    FeedSource.objects.create(
        name="First", slug="first", location=write_feed(tmp_path / "1.json", small_feed())
    )
    FeedSource.objects.create(
        name="Second", slug="second", location=write_feed(tmp_path / "2.json", small_feed())
    )
    real_sync = feed_import.sync

    def flaky(source, **kwargs):
        if source.slug == "first":
            raise RuntimeError("boom")
        return real_sync(source, **kwargs)

    monkeypatch.setattr(feed_import, "sync", flaky)
    results = sync_all()
    assert list(results) == ["Second"]
    assert DirectoryMeeting.objects.count() == 4


def test_the_daily_task_syncs_every_enabled_source(db, tmp_path):
    from alongside.meetings.tasks import sync_meeting_feeds

    FeedSource.objects.create(
        name="Good", slug="good", location=write_feed(tmp_path / "good.json", small_feed())
    )
    FeedSource.objects.create(name="Broken", slug="broken", location=str(tmp_path / "none"))
    assert sync_meeting_feeds.call() == 2
    assert DirectoryMeeting.objects.count() == 4


# Over http (a local server on the loopback interface only) --------------------------


@contextmanager
def local_server(body: bytes, *, delay: float = 0.0, status: int = 200):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if delay:
                time.sleep(delay)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass  # the client gave up

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/feed.json"
    finally:
        server.shutdown()
        server.server_close()


def test_a_feed_over_http_imports(db):
    with local_server(json.dumps(small_feed()).encode()) as url:
        out = StringIO()
        call_command("import_meetings", url, "--name", "Web feed", stdout=out)
        assert "Imported Web feed: 4 added" in out.getvalue()
        call_command("import_meetings", url, stdout=out)
    src = FeedSource.objects.get(location=url)
    assert src.last_summary["unchanged"] == 4
    assert DirectoryMeeting.objects.filter(source=src).count() == 4


def test_an_http_error_is_recorded_and_keeps_the_meetings(source):
    sync(source)
    with local_server(b"Server error", status=500) as url:
        FeedSource.objects.filter(pk=source.pk).update(location=url)
        source.refresh_from_db()
        result = sync(source)
    assert "couldn't read" in result.error
    source.refresh_from_db()
    assert source.last_status == "failed" and "500" in source.last_error
    assert DirectoryMeeting.objects.filter(source=source).count() == 4


def test_fetch_gives_up_on_a_slow_server_after_its_timeout():
    with local_server(b"[]", delay=3) as url:
        started = time.monotonic()
        with pytest.raises(FeedError, match="couldn't read"):
            fetch(url, timeout=0.3)
        assert time.monotonic() - started < 2


def test_a_slow_server_times_out_and_is_recorded_without_blocking(source, monkeypatch):
    sync(source)
    monkeypatch.setattr(feed_import, "TIMEOUT_SECONDS", 0.3)
    with local_server(b"[]", delay=2.5) as url:
        FeedSource.objects.filter(pk=source.pk).update(location=url)
        source.refresh_from_db()
        started = time.monotonic()
        result = sync(source)
        elapsed = time.monotonic() - started
    source.refresh_from_db()
    assert DirectoryMeeting.objects.filter(source=source).count() == 4
    assert source.last_status == "failed", result.summary()
    assert "timed out" in source.last_error
    assert elapsed < 2


def test_a_feed_larger_than_the_limit_is_refused(source, monkeypatch):
    monkeypatch.setattr(feed_import, "MAX_BYTES", 100)
    result = sync(source)
    assert "larger than" in result.error
    with (
        local_server(json.dumps(small_feed()).encode()) as url,
        pytest.raises(FeedError, match="larger than"),
    ):
        fetch(url)


def test_only_http_and_files_are_fetched(db):
    with pytest.raises(FeedError):
        fetch("ftp://127.0.0.1/feed.json")


# The admin ---------------------------------------------------------------------------


@pytest.fixture
def admin_client(db):
    admin = User.objects.create_superuser("rootadmin", "root@example.org", "a-long-passphrase")
    client = Client()
    client.force_login(admin)
    return client


def test_the_admin_lists_feed_sources_and_shows_problems_escaped(admin_client, tmp_path):
    data = [
        *small_feed(),
        {"name": "<script>alert('name')</script>", "slug": "x", "day": "<b>Funday</b>"},
    ]
    src = FeedSource.objects.create(
        name="Marin <i>AA</i>", slug="marin", location=write_feed(tmp_path / "f.json", data)
    )
    sync(src)
    changelist = admin_client.get("/admin/meetings/feedsource/")
    assert changelist.status_code == 200
    assert b"Marin &lt;i&gt;AA&lt;/i&gt;" in changelist.content
    assert b"ok" in changelist.content
    change = admin_client.get(f"/admin/meetings/feedsource/{src.pk}/change/")
    assert change.status_code == 200
    html = change.content.decode()
    assert "problems, meeting by meeting" in html.lower()
    assert "&lt;script&gt;alert(" in html
    assert "<script>alert(" not in html
    assert "&lt;b&gt;Funday&lt;/b&gt;" in html
    assert "<b>Funday" not in html
    assert "4 added" in html  # the last import's summary


def test_the_admin_change_page_of_a_never_imported_source(admin_client):
    src = FeedSource.objects.create(name="New", slug="new", location="/nowhere.json")
    response = admin_client.get(f"/admin/meetings/feedsource/{src.pk}/change/")
    assert response.status_code == 200
    assert admin_client.get("/admin/meetings/feedsource/add/").status_code == 200
    assert admin_client.get("/admin/meetings/directorymeeting/").status_code == 200


def test_the_admin_import_now_action(admin_client, tmp_path):
    good = FeedSource.objects.create(
        name="Good", slug="good", location=write_feed(tmp_path / "good.json", small_feed())
    )
    broken = FeedSource.objects.create(name="Broken", slug="broken", location=str(tmp_path / "x"))
    response = admin_client.post(
        "/admin/meetings/feedsource/",
        {"action": "sync_now", "_selected_action": [good.pk, broken.pk]},
        follow=True,
    )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("Good: 4 added") for m in messages), messages
    assert any(m.startswith("Broken: couldn't read") for m in messages), messages
    assert DirectoryMeeting.objects.filter(source=good).count() == 4
    broken.refresh_from_db()
    assert broken.last_status == "failed"
    meeting = DirectoryMeeting.objects.first()
    page = admin_client.get(f"/admin/meetings/directorymeeting/{meeting.pk}/change/")
    assert page.status_code == 200


def test_visitors_and_members_cannot_use_the_feed_admin(people, client_for, source):
    assert Client().get("/admin/meetings/feedsource/").status_code == 302
    response = client_for(people.river).get("/admin/meetings/feedsource/")
    assert response.status_code in (302, 403)


def test_inferred_attendance_agrees_with_the_plugins_own_for_the_oc_feed(db):
    path = SHARED / OC
    if not path.exists():
        unavailable(f"{path} is not here")
    raw = {m["slug"]: m.get("attendance_option") for m in json.loads(path.read_text())}
    src = FeedSource.objects.create(
        name="OC", slug="oc", location=str(path), default_timezone="America/Los_Angeles"
    )
    sync(src)
    rows = DirectoryMeeting.objects.filter(source=src, feed_slug__in=raw)
    pairs = [(raw[m.feed_slug], m.attendance) for m in rows]
    agree = sum(theirs == ours for theirs, ours in pairs)
    assert len(pairs) >= 1900
    assert agree / len(pairs) > 0.95, sorted(
        {p: pairs.count(p) for p in set(pairs) if p[0] != p[1]}.items()
    )


def test_the_command_lists_fifty_problems_then_points_to_the_admin(db, tmp_path):
    data = [{"name": f"M{n}", "slug": f"m{n}", "types": ["ZZZ"]} for n in range(55)]
    path = write_feed(tmp_path / "many.json", data)
    out = StringIO()
    call_command("import_meetings", path, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].endswith("55 added, 0 updated, 0 unchanged, 0 removed, 0 rejected, 55 problems")
    assert len(lines) == 1 + 50 + 1
    assert lines[1] == "  m0 (M0): types: unknown: ZZZ"
    assert lines[-1] == "  ... and 5 more in the admin"
    assert len(FeedSource.objects.get().problems) == 55
    # The same location again is the same source; --name renames it.
    call_command("import_meetings", path, "--name", "Renamed", stdout=StringIO())
    assert list(FeedSource.objects.values_list("name", flat=True)) == ["Renamed"]
