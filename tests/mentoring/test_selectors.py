"""Reads for mentoring: recommendations under the hard rules, the staff cohort preview and
load figures, the narrow-network guard, the periodic guardrails, export and query counts."""

import dataclasses
from datetime import UTC, datetime, time, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from alongside.accounts import actions as accounts
from alongside.accounts.models import User
from alongside.core.exports import export_member_data
from alongside.groups.actions import create_group, join_group
from alongside.meetings import actions as meetings
from alongside.meetings.models import Meeting
from alongside.mentoring import actions, guardrails, selectors
from alongside.mentoring.export import export_mentoring
from alongside.mentoring.models import Mentorship
from alongside.messaging import actions as messaging
from alongside.recovery.selectors import member_today
from tests.conftest import make_member
from tests.mentoring.conftest import ask, make_mentor, notices, pair

LATER = timedelta(weeks=3, days=1)


def frozen(moment: datetime):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def recommended(viewer: User) -> list[int]:
    return [r.profile.user_id for r in selectors.recommendations(viewer)]


# Recommendations


def test_recommendations_leave_out_everyone_the_hard_rules_exclude(people):
    river = people.river
    good = make_mentor("good")
    not_accepting = make_mentor("shy")
    actions.update_mentor_profile(user=not_accepting, accepting=False)
    paused = make_mentor("resting")
    actions.pause_mentoring(user=paused, until=member_today(paused) + timedelta(days=3))
    full = make_mentor("full", capacity=1)
    pair(people.outsider, full)
    blocked_by_river = make_mentor(people.drew)  # river blocked drew
    blocks_river = make_mentor("blocker")
    accounts.block_member(blocker=blocks_river, blocked=river)
    already = make_mentor("already")
    pair(river, already)
    make_mentor(river)  # river is a mentor too: never her own
    gone = make_mentor("gone")
    User.objects.filter(pk=gone.pk).update(is_active=False)

    assert recommended(river) == [good.pk]
    assert set(recommended(people.outsider)) == {
        good.pk, blocked_by_river.pk, blocks_river.pk, already.pk, river.pk,
    }  # fmt: skip


def test_a_mentor_with_room_left_stays_listed(people):
    roomy = make_mentor("roomy", capacity=2)
    pair(people.outsider, roomy)
    actions.save_preferences(user=people.river, pathway="12-step", languages=["en"])
    [rec] = selectors.recommendations(people.river)
    assert rec.profile.user_id == roomy.pk
    assert rec.match.points == 30 + 25 + 1  # pathway, language, one free place


def test_recommendations_are_ordered_by_score_and_explained(people):
    river = people.river
    actions.save_preferences(
        user=river,
        pathway="smart",
        languages=["es"],
        experiences=["parenting"],
        help_with=["family"],
        availability=["mon-evening"],
    )
    best = make_mentor(
        "best", pathways=["smart"], languages=["es", "en"], availability=["mon-evening"]
    )
    middle = make_mentor("middle", pathways=["smart"], experiences=["parenting"])
    low = make_mentor("low", help_with=["family"], capacity=1)
    nothing = make_mentor("nothing", languages=["vi"], capacity=1)
    ask(river, middle)
    recs = selectors.recommendations(river)
    assert [r.profile.user_id for r in recs] == [best.pk, middle.pk, low.pk, nothing.pk]
    assert [r.match.points for r in recs] == [30 + 25 + 10 + 3, 30 + 10 + 3, 5 + 1, 1]
    assert recs[0].match.explanation == (
        "both on a SMART Recovery pathway · both speak Spanish · 5 h/week overlapping availability"
    )
    assert [r.requested for r in recs] == [False, True, False, False]
    assert len(selectors.recommendations(river, limit=2)) == 2


def test_without_preferences_the_profiles_pathway_is_used(people):
    twelve = make_mentor("twelve", pathways=["12-step"], languages=[])
    smart = make_mentor("smart", pathways=["smart"], languages=[])
    outsider = people.outsider
    outsider.profile.pathways = ["smart"]
    outsider.profile.save()
    outsider = User.objects.get(pk=outsider.pk)
    assert recommended(outsider) == [smart.pk, twelve.pk]


def test_a_paused_mentor_is_not_recommended_to_someone_a_day_ahead(people, mentor):
    noon_in_la = datetime(2026, 6, 2, 19, 0, tzinfo=UTC)  # already June 3rd in Kiritimati
    User.objects.filter(pk=people.outsider.pk).update(timezone="Pacific/Kiritimati")
    ahead = User.objects.get(pk=people.outsider.pk)
    with frozen(noon_in_la):
        actions.pause_mentoring(user=mentor, until=member_today(mentor))
        with pytest.raises(actions.MentoringError):
            ask(ahead, mentor)
        assert mentor.pk not in recommended(ahead)


def test_recommendation_queries_do_not_grow_with_the_number_of_mentors(
    people, count_queries, django_assert_max_num_queries
):
    river = people.river
    actions.save_preferences(user=river, pathway="12-step", availability=["tue-morning"])
    for n in range(3):
        make_mentor(f"few{n}", availability=["tue-morning"])
    few = count_queries(lambda: selectors.recommendations(river))
    for n in range(27):
        make_mentor(f"many{n}", availability=["tue-morning"], capacity=1 + n % 6)
    pair(people.outsider, User.objects.get(handle="many3"))
    many = count_queries(lambda: selectors.recommendations(river))
    assert len(selectors.recommendations(river)) == 8
    assert many == few, f"{few} queries with 3 mentors, {many} with 30"


def test_match_for_one_profile_agrees_with_the_recommendation(people, mentor):
    [rec] = selectors.recommendations(people.river)
    assert selectors.match_for(people.river, rec.profile) == rec.match


# Staff: the cohort preview and load


def _opt_in(user: User, **prefs) -> User:
    actions.save_preferences(user=user, open_to_introductions=True, **prefs)
    return user


def test_the_cohort_preview_only_includes_members_who_opted_in(people, mentor):
    _opt_in(people.river)
    actions.save_preferences(user=people.outsider, open_to_introductions=False)
    # jordan never said anything
    preview = selectors.cohort_preview(30)
    assert [(p.mentee_id, p.mentor_id) for p in preview.pairings] == [(people.river.pk, mentor.pk)]
    assert preview.unmatched == []
    assert set(preview.people) == {people.river.pk, mentor.pk}


def test_the_cohort_preview_skips_mentees_with_a_mentor_or_a_request_waiting(people, mentor):
    other = make_mentor("other")
    waiting = _opt_in(make_member("waiting"))
    ask(waiting, other)
    mentored = _opt_in(make_member("mentored"))
    pair(mentored, other)
    _opt_in(people.river)
    preview = selectors.cohort_preview(30)
    assert {p.mentee_id for p in preview.pairings} == {people.river.pk}


def test_the_cohort_preview_respects_capacity(people):
    mentor = make_mentor("single", capacity=2)
    pair(make_member("taken"), mentor)  # one place left
    close = _opt_in(people.river, pathway="12-step", languages=["en"])
    far = _opt_in(people.outsider, pathway="smart")
    preview = selectors.cohort_preview(30)
    assert [(p.mentee_id, p.mentor_id) for p in preview.pairings] == [(close.pk, mentor.pk)]
    assert [u.pk for u in preview.unmatched] == [far.pk]


def test_the_cohort_preview_respects_blocks_both_ways(people):
    drew = make_mentor(people.drew)  # river blocked drew
    _opt_in(people.river)
    shy = _opt_in(make_member("shy"))
    accounts.block_member(blocker=drew, blocked=shy)
    preview = selectors.cohort_preview(30)
    assert preview.pairings == []
    assert {u.pk for u in preview.unmatched} == {people.river.pk, shy.pk}
    open_mentor = make_mentor("open", capacity=2)
    paired = {(p.mentee_id, p.mentor_id) for p in selectors.cohort_preview(30).pairings}
    assert paired == {(people.river.pk, open_mentor.pk), (shy.pk, open_mentor.pk)}


def test_the_cohort_preview_only_looks_at_recent_members(people, mentor):
    _opt_in(people.river)
    User.objects.filter(pk=people.river.pk).update(date_joined=timezone.now() - timedelta(days=40))
    assert selectors.cohort_preview(30).pairings == []
    assert len(selectors.cohort_preview(60).pairings) == 1


def test_introductions_from_the_preview_go_through_every_rule(people, mentor):
    _opt_in(people.river)
    outsider = people.outsider  # never opted in
    pairings = [(p.mentee_id, p.mentor_id) for p in selectors.cohort_preview(30).pairings]
    with pytest.raises(actions.MentoringError):
        actions.send_introductions(
            staff=people.river, pairings=pairings, message="Hi", commitment="Yes"
        )
    sent = actions.send_introductions(
        staff=people.casey,
        pairings=[*pairings, (outsider.pk, mentor.pk), (people.river.pk, people.drew.pk)],
        message="Staff think you two would get on.",
        commitment="An introduction.",
    )
    assert sent == (1, 2)
    request = people.river.mentor_requests_sent.get()
    assert request.introduced_by_id == people.casey.pk


def test_mentor_load_is_aggregates_only(people):
    busy = make_mentor("busy", capacity=1)
    pair(people.river, busy)
    roomy = make_mentor("roomy", capacity=4)
    ask(people.outsider, roomy)
    resting = make_mentor("resting", capacity=2)
    actions.pause_mentoring(user=resting, until=member_today(resting) + timedelta(days=5))
    shy = make_mentor("shy", capacity=2)
    actions.update_mentor_profile(user=shy, accepting=False)
    # A worrying check a few weeks ago, a calm one since: only the latest counts.
    with frozen(timezone.now() - timedelta(days=20)):
        actions.record_wellbeing(mentor=roomy, stress=5, sleep=1, own_recovery=3, capacity=3)
    actions.record_wellbeing(mentor=roomy, stress=1, sleep=5, own_recovery=5, capacity=5)
    actions.record_wellbeing(mentor=busy, stress=4, sleep=3, own_recovery=3, capacity=3)

    load = selectors.mentor_load()
    assert load == selectors.MentorLoad(
        mentors=4,
        accepting=3,
        paused=1,
        at_capacity=1,
        active_mentorships=1,
        places=0 + 4 + 2 + 2,
        open_requests=1,
        wellbeing_worrying=1,
    )
    # Nothing but counts: no ids, handles or answers.
    assert all(isinstance(getattr(load, f.name), int) for f in dataclasses.fields(load))


# A mentee leaning on one person alone


@pytest.fixture
def leaning(people, mentor, mentorship):
    """river has ash as mentor and nobody and nothing else."""
    return people.river


def test_a_network_is_narrow_after_three_weeks_with_only_the_mentor(leaning, mentor, mentorship):
    now = timezone.now()
    assert not selectors.network_is_narrow(leaning, [mentorship], now)
    assert not selectors.network_is_narrow(leaning, [mentorship], now + timedelta(days=20))
    assert selectors.network_is_narrow(leaning, [mentorship], now + LATER)
    # A connection with the mentor is still only the mentor.
    connection = accounts.request_connection(requester=mentor, addressee=leaning)
    accounts.accept_connection(user=leaning, connection=connection)
    assert selectors.network_is_narrow(leaning, [mentorship], now + LATER)


def test_another_connection_widens_it(people, leaning, mentorship):
    connection = accounts.request_connection(requester=leaning, addressee=people.outsider)
    assert selectors.network_is_narrow(leaning, [mentorship], timezone.now() + LATER)  # pending
    accounts.accept_connection(user=people.outsider, connection=connection)
    assert not selectors.network_is_narrow(leaning, [mentorship], timezone.now() + LATER)


def test_a_group_widens_it(people, leaning, mentorship):
    group = create_group(
        user=people.jordan, tags=[], name="Morning circle", description="d", guidelines="",
        language="en", timezone="America/Los_Angeles", visibility="listed", join_policy="open",
        size_limit=None,
    )  # fmt: skip
    join_group(user=leaning, group=group)
    assert not selectors.network_is_narrow(leaning, [mentorship], timezone.now() + LATER)


def test_a_meeting_rsvp_widens_it(leaning, mentorship):
    # A public meeting (no group), as the meeting finder imports them.
    meeting = Meeting.objects.create(
        slug="open-meeting", name="Open meeting", timezone="America/Los_Angeles",
        start_date=member_today(leaning), start_time=time(19), duration_minutes=60,
    )  # fmt: skip
    meetings.rsvp(user=leaning, meeting=meeting, status="going")
    assert not selectors.network_is_narrow(leaning, [mentorship], timezone.now() + LATER)


def test_the_nudge_comes_once_then_not_again_for_four_weeks(leaning, mentorship, on_commit):
    start = timezone.now() + LATER
    with on_commit():
        assert guardrails.encourage_wider_networks(now=start) == 1
        assert guardrails.encourage_wider_networks(now=start + timedelta(days=1)) == 0
        assert (
            guardrails.encourage_wider_networks(
                now=start + timedelta(weeks=4) - timedelta(minutes=1)
            )
            == 0
        )
    assert len(notices(leaning, "mentoring.widen_network")) == 1
    assert Mentorship.objects.get(pk=mentorship.pk).dependency_nudged_at == start
    with on_commit():
        assert guardrails.encourage_wider_networks(now=start + timedelta(weeks=4, days=1)) == 1
    assert len(notices(leaning, "mentoring.widen_network")) == 2


def test_no_nudge_before_three_weeks_or_with_a_wider_network(people, leaning, on_commit):
    with on_commit():
        assert guardrails.encourage_wider_networks(now=timezone.now() + timedelta(days=20)) == 0
    connection = accounts.request_connection(requester=leaning, addressee=people.outsider)
    accounts.accept_connection(user=people.outsider, connection=connection)
    with on_commit():
        assert guardrails.encourage_wider_networks(now=timezone.now() + LATER) == 0
    assert not notices(leaning, "mentoring.widen_network")


# Reminders and the wellbeing check


def test_check_in_reminders_reach_both_once(people, mentor, mentorship, on_commit):
    now = timezone.now()
    soon = actions.schedule_check_in(
        user=mentor, mentorship=mentorship, when=now + timedelta(minutes=40)
    )
    actions.schedule_check_in(user=mentor, mentorship=mentorship, when=now + timedelta(hours=3))
    with on_commit():
        guardrails.remind_check_ins(now=now)
        guardrails.remind_check_ins(now=now + timedelta(minutes=15))
    for person in (mentor, people.river):
        [reminder] = notices(person, "mentoring.check_in_soon")
        assert str(soon.mentorship_id) in reminder.url


def test_no_reminders_for_cancelled_or_ended(people, mentor, mentorship, on_commit):
    now = timezone.now()
    actions.schedule_check_in(user=mentor, mentorship=mentorship, when=now + timedelta(minutes=30))
    actions.end_mentorship(user=mentor, mentorship=mentorship)
    with on_commit():
        assert guardrails.remind_check_ins(now=now) == 0
    assert not notices(people.river, "mentoring.check_in_soon")


def test_mentors_are_asked_about_wellbeing_monthly(people, mentor, on_commit):
    now = timezone.now()
    with on_commit():
        assert guardrails.ask_about_wellbeing(now=now) == 1
        guardrails.ask_about_wellbeing(now=now + timedelta(hours=1))
    assert len(notices(mentor, "mentoring.wellbeing_due")) == 1
    assert not notices(people.river, "mentoring.wellbeing_due")  # only mentors are asked
    actions.record_wellbeing(mentor=mentor, stress=2, sleep=4, own_recovery=5, capacity=4)
    with on_commit():
        assert guardrails.ask_about_wellbeing(now=now + timedelta(days=10)) == 0
        assert guardrails.ask_about_wellbeing(now=now + timedelta(days=31)) == 1
    assert len(notices(mentor, "mentoring.wellbeing_due")) == 2


# Download my data


def test_export_has_the_members_mentoring_and_their_messages_are_in_messages(
    people, mentor, on_commit
):
    river = people.river
    actions.save_preferences(user=river, pathway="12-step", languages=["es"])
    mentorship = pair(river, mentor)
    conversation = messaging.start_conversation(user=river, other=mentor)
    messaging.send_message(user=river, conversation=conversation, body="river writes")
    messaging.send_message(user=mentor, conversation=conversation, body="ash writes")
    actions.add_goal(user=river, mentorship=mentorship, title="Walk daily")
    call = actions.schedule_check_in(
        user=mentor, mentorship=mentorship, when=timezone.now() + timedelta(days=1)
    )
    actions.log_check_in(user=river, check_in=call, status="done", how_it_went=4, note="Helped")
    actions.end_mentorship(user=river, mentorship=mentorship)
    mentorship.refresh_from_db()
    actions.leave_feedback(user=river, mentorship=mentorship, helpful=True, note="river thanks")
    actions.leave_feedback(user=mentor, mentorship=mentorship, helpful=True, note="ash thanks")
    actions.record_wellbeing(mentor=mentor, stress=2, sleep=4, own_recovery=5, capacity=4)

    mine = export_member_data(river)["mentoring"]
    assert mine == export_mentoring(river)
    assert mine["mentor_profile"] is None and mine["preferences"]["languages"] == ["es"]
    [request] = mine["requests"]
    assert (request["from"], request["to"], request["status"]) == ("river", "ash", "accepted")
    [kept] = mine["mentorships"]
    assert (kept["mentor"], kept["mentee"], kept["status"]) == ("ash", "river", "ended")
    assert "my_messages" not in kept and "messages" not in kept
    assert [g["goal"] for g in kept["goals"]] == ["Walk daily"]
    assert [(c["status"], c["how_it_went"], c["note"]) for c in kept["check_ins"]] == [
        ("done", 4, "Helped")
    ]
    assert [f["note"] for f in mine["my_feedback"]] == ["river thanks"]
    assert mine["wellbeing_checks"] == []
    assert "ash writes" not in str(mine) and "ash thanks" not in str(mine)
    assert "river writes" not in str(mine)  # messages are in their own section
    everything = export_member_data(river)
    assert [m["body"] for m in everything["messages"]["messages_sent"]] == ["river writes"]
    assert "ash writes" not in str(everything["messages"])

    theirs = export_mentoring(mentor)
    assert theirs["mentor_profile"]["user_id"] == mentor.pk
    assert "my_messages" not in theirs["mentorships"][0]
    assert "ash writes" not in str(theirs)
    assert [w["stress"] for w in theirs["wellbeing_checks"]] == [2]
    assert "river writes" not in str(theirs) and "river thanks" not in str(theirs)
    assert export_mentoring(people.outsider)["mentorships"] == []


# Access: only the two people in it, and never across a block


def test_requests_and_mentorships_exist_only_for_the_two_people(people, mentor):
    from django.http import Http404

    from alongside.mentoring import access

    request = ask(people.river, mentor)
    assert access.access_request_for_user(people.river, request.pk) == request
    assert access.access_request_for_user(mentor, request.pk) == request
    with pytest.raises(Http404):
        access.access_request_for_user(people.outsider, request.pk)
    mentorship = actions.respond_to_request(mentor=mentor, request=request, accept=True)
    goal = actions.add_goal(user=people.river, mentorship=mentorship, title="Sleep well")
    assert access.access_mentorship_for_user(mentor, mentorship.pk) == mentorship
    with pytest.raises(Http404):
        access.access_mentorship_for_user(people.outsider, mentorship.pk)
    assert access.access_goal_for_mentee(people.river, mentorship, goal.pk) == goal
    with pytest.raises(Http404):
        access.access_goal_for_mentee(mentor, mentorship, goal.pk)
    accounts.block_member(blocker=mentor, blocked=people.river)
    for user in (people.river, mentor):
        with pytest.raises(Http404):
            access.access_mentorship_for_user(user, mentorship.pk)
        with pytest.raises(Http404):
            access.access_request_for_user(user, request.pk)
    with pytest.raises(Http404):
        access.access_mentor_for_user(people.river, "ash")
    assert access.access_mentor_for_user(people.outsider, "ASH").user_id == mentor.pk
