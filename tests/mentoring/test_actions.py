"""Every mentoring write: becoming a mentor, asking, answering, the mentorship and its
guardrails, blocks and setbacks, talking in Messages, and mentors' contact hours for what
reaches them by email."""

from datetime import UTC, datetime, time, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from alongside.accounts.actions import block_member
from alongside.accounts.models import Connection, Role, User
from alongside.core.models import AuditLogEntry
from alongside.mentoring import actions, guardrails, selectors
from alongside.mentoring.actions import MentoringError
from alongside.mentoring.models import (
    CheckInCall,
    EndingFeedback,
    Goal,
    MentorProfile,
    Mentorship,
    MentorshipRequest,
    WellbeingCheck,
)
from alongside.messaging import actions as messaging
from alongside.messaging.actions import MessagingError
from alongside.messaging.models import Conversation, Participant
from alongside.notifications.models import Delivery
from alongside.recovery import actions as recovery
from alongside.recovery.selectors import member_today
from tests.conftest import make_member
from tests.mentoring.conftest import ASK, COMMIT, ask, journey_days_ago, make_mentor, notices, pair

UNAVAILABLE = "That mentor isn't taking new requests right now. Here are others who are."
SCRIPT = "<script>alert('hi')</script>"


def frozen(moment: datetime):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def raises(match: str = ""):
    return pytest.raises(MentoringError, match=match) if match else pytest.raises(MentoringError)


# Becoming a mentor


def test_364_days_is_not_yet_eligible(people):
    journey_days_ago(people.outsider, 364)
    with raises("365 days of continuous recovery"):
        actions.become_mentor(user=people.outsider, agreement=True)
    assert not MentorProfile.objects.filter(user=people.outsider).exists()
    assert not User.objects.get(pk=people.outsider.pk).has_role(Role.MENTOR)


def test_365_days_is_eligible_and_becoming_a_mentor_grants_the_role_and_is_audited(people):
    journey_days_ago(people.outsider, 365)
    profile = actions.become_mentor(
        user=people.outsider, agreement=True, pathways=["12-step"], capacity=2
    )
    assert profile.agreement_accepted_at is not None
    assert profile.capacity == 2 and profile.pathways == ["12-step"]
    assert User.objects.get(pk=people.outsider.pk).has_role(Role.MENTOR)
    entry = AuditLogEntry.objects.get(action="mentoring.agreement_accepted")
    assert entry.actor_id == people.outsider.pk
    assert entry.target_id == str(profile.pk)


def test_eligibility_is_the_longest_current_stretch_of_any_journey(people):
    journey_days_ago(people.outsider, 20)
    journey_days_ago(people.outsider, 500, substance="opioids")
    actions.become_mentor(user=people.outsider, agreement=True)
    assert MentorProfile.objects.filter(user=people.outsider).exists()


def test_a_setback_starts_the_count_again(people):
    journey = journey_days_ago(people.outsider, 500)
    recovery.record_setback(
        user=people.outsider,
        journey=journey,
        new_start=member_today(people.outsider) - timedelta(days=30),
    )
    with raises("continuous recovery"):
        actions.become_mentor(user=people.outsider, agreement=True)


def test_no_journey_is_not_eligible(people):
    with raises("continuous recovery"):
        actions.become_mentor(user=people.outsider, agreement=True)


def test_the_agreement_must_be_accepted(people):
    journey_days_ago(people.outsider, 400)
    with raises("accept the mentor agreement"):
        actions.become_mentor(user=people.outsider, agreement=False)
    assert not MentorProfile.objects.exists()


def test_nobody_becomes_a_mentor_twice(people, mentor):
    with raises("already a mentor"):
        actions.become_mentor(user=mentor, agreement=True)
    assert MentorProfile.objects.filter(user=mentor).count() == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"pathways": ["12-step", "astrology"]},
        {"experiences": ["alcohol", "skydiving"]},
        {"help_with": ["taxes"]},
        {"languages": ["klingon"]},
        {"availability": ["mon-midnight"]},  # ("mon-night" is a real slot now)
        {"gender": "robot"},
    ],
)
def test_choices_outside_the_lists_are_refused(people, fields):
    journey_days_ago(people.outsider, 400)
    with raises():
        actions.become_mentor(user=people.outsider, agreement=True, **fields)
    assert not MentorProfile.objects.exists()


@pytest.mark.parametrize(("capacity", "ok"), [(0, False), (1, True), (6, True), (7, False)])
def test_capacity_is_between_one_and_six(people, capacity, ok):
    journey_days_ago(people.outsider, 400)
    if ok:
        assert (
            actions.become_mentor(user=people.outsider, agreement=True, capacity=capacity).capacity
            == capacity
        )
    else:
        with raises("Choose between 1 and 6 mentees"):
            actions.become_mentor(user=people.outsider, agreement=True, capacity=capacity)
        assert not MentorProfile.objects.exists()


def test_contact_hours_that_start_when_they_end_are_refused(people):
    journey_days_ago(people.outsider, 400)
    with raises("start and an end that differ"):
        actions.become_mentor(
            user=people.outsider, agreement=True, contact_start=time(10), contact_end=time(10)
        )
    with raises("times of day"):
        actions.become_mentor(user=people.outsider, agreement=True, contact_start="10:00")


def test_changing_one_end_of_contact_hours_to_meet_the_other_is_refused(people, mentor):
    with raises("start and an end that differ"):
        actions.update_mentor_profile(user=mentor, contact_start=time(21))  # default end 21:00
    assert MentorProfile.objects.get(user=mentor).contact_start != time(21)


# Asking


def test_nobody_can_ask_themselves(people, mentor):
    with raises("your own mentor"):
        ask(mentor, mentor)


def test_someone_without_a_mentor_profile_cant_be_asked(people):
    with pytest.raises(MentoringError) as error:
        ask(people.river, people.sam)  # the mentor role, but no profile
    assert error.value.message == UNAVAILABLE


def _not_accepting(mentor):
    actions.update_mentor_profile(user=mentor, accepting=False)


def _paused(mentor):
    actions.pause_mentoring(user=mentor, until=member_today(mentor) + timedelta(days=7))


def _full(mentor):
    actions.update_mentor_profile(user=mentor, capacity=1)
    pair(make_member("other"), mentor)


def _deactivated(mentor):
    User.objects.filter(pk=mentor.pk).update(is_active=False)
    mentor.refresh_from_db()


@pytest.mark.parametrize("make_unavailable", [_not_accepting, _paused, _full, _deactivated])
def test_an_unavailable_mentor_says_only_that_they_arent_taking_requests(
    people, mentor, make_unavailable
):
    make_unavailable(mentor)
    with pytest.raises(MentoringError) as error:
        ask(people.river, mentor)
    assert error.value.message == UNAVAILABLE
    assert not MentorshipRequest.objects.filter(mentee=people.river).exists()


def test_a_block_either_way_looks_like_a_mentor_not_taking_requests(people):
    drew = make_mentor(people.drew)  # river blocked drew
    river_as_mentor = make_mentor(people.river)
    for mentee, mentor in ((river_as_mentor, drew), (drew, river_as_mentor)):
        with pytest.raises(MentoringError) as error:
            ask(mentee, mentor)
        assert error.value.message == UNAVAILABLE  # the same words: a block isn't revealed
    assert not MentorshipRequest.objects.exists()


def test_asking_your_own_mentor_again(people, mentor, mentorship):
    with raises("ash is already your mentor"):
        ask(people.river, mentor)


def test_one_open_request_per_mentor(people, mentor):
    ask(people.river, mentor)
    with raises("still waiting for an answer"):
        ask(people.river, mentor)
    assert MentorshipRequest.objects.filter(mentee=people.river).count() == 1


def test_at_most_three_open_requests(people):
    mentors = [make_mentor(f"m{i}") for i in range(4)]
    for m in mentors[:3]:
        ask(people.river, m)
    with raises("You have 3 requests waiting"):
        ask(people.river, mentors[3])
    # Withdrawing one makes room.
    actions.withdraw_request(
        mentee=people.river, request=MentorshipRequest.objects.filter(mentee=people.river).first()
    )
    ask(people.river, mentors[3])


def test_expired_requests_dont_count_towards_the_three(people):
    mentors = [make_mentor(f"m{i}") for i in range(4)]
    for m in mentors[:3]:
        ask(people.river, m)
    with frozen(timezone.now() + timedelta(days=8)):
        ask(people.river, mentors[3])  # the week-old ones expired first
    assert MentorshipRequest.objects.filter(status="expired").count() == 3


@pytest.mark.parametrize(
    ("message", "commitment", "expected"),
    [
        ("", COMMIT, "Please write your request."),
        ("   \n ", COMMIT, "Please write your request."),
        (ASK, "", "Please write what you'll bring."),
        ("x" * 1201, COMMIT, r"Your request can be at most 1200 characters \(it has 1201\)"),
        (ASK, "y" * 601, r"What you'll bring can be at most 600 characters \(it has 601\)"),
    ],
)
def test_a_request_needs_words_within_limits(people, mentor, message, commitment, expected):
    with raises(expected):
        ask(people.river, mentor, message=message, commitment=commitment)
    assert not MentorshipRequest.objects.exists()


def test_the_longest_request_fits_and_is_trimmed(people, mentor):
    request = ask(people.river, mentor, message=f"  {'x' * 1200}  ")
    assert request.message == "x" * 1200


def test_markup_in_a_request_is_kept_as_plain_text(people, mentor):
    request = ask(people.river, mentor, message=f"Hello {SCRIPT}", commitment=SCRIPT)
    request.refresh_from_db()
    # Stored exactly as written; escaping is the templates' job (the view tests render it).
    assert request.message == f"Hello {SCRIPT}"
    assert request.commitment == SCRIPT


def test_the_mentor_hears_of_a_request(people, mentor, on_commit):
    with on_commit():
        request = ask(people.river, mentor)
    [notice] = notices(mentor, "mentoring.requested")
    assert notice.actor_id == people.river.pk
    assert str(request.pk) in notice.url


def test_a_request_expires_after_a_week_and_the_mentee_is_told(people, mentor, on_commit):
    request = ask(people.river, mentor)
    assert request.expires_at - request.created_at == timedelta(days=7)
    with on_commit():
        assert actions.expire_requests(now=request.expires_at - timedelta(minutes=1)) == 0
    request.refresh_from_db()
    assert request.status == "open"
    with on_commit():
        assert actions.expire_requests(now=request.expires_at + timedelta(seconds=1)) == 1
        assert actions.expire_requests(now=request.expires_at + timedelta(seconds=2)) == 0
    request.refresh_from_db()
    assert request.status == "expired" and request.responded_at is not None
    [notice] = notices(people.river, "mentoring.request_expired")
    assert notice.actor_id == mentor.pk
    # And the mentee may ask again.
    ask(people.river, mentor)


def test_a_request_past_its_week_cant_be_accepted_before_the_sweep(people, mentor):
    request = ask(people.river, mentor)
    with frozen(request.expires_at + timedelta(minutes=1)), raises("already been answered"):
        actions.respond_to_request(mentor=mentor, request=request, accept=True)
    assert not Mentorship.objects.exists()


def test_withdrawing_a_request(people, mentor):
    request = ask(people.river, mentor)
    with raises("already been answered"):
        actions.withdraw_request(mentee=people.outsider, request=request)  # not theirs
    actions.withdraw_request(mentee=people.river, request=request)
    request.refresh_from_db()
    assert request.status == "withdrawn"
    with raises("already been answered"):
        actions.withdraw_request(mentee=people.river, request=request)
    with raises("already been answered"):
        actions.respond_to_request(mentor=mentor, request=request, accept=True)


# Answering


def test_accepting_starts_a_mentorship_with_the_default_agreement(people, mentor, on_commit):
    request = ask(people.river, mentor)
    with on_commit():
        mentorship = actions.respond_to_request(
            mentor=mentor, request=request, accept=True, response="Yes, gladly."
        )
    assert mentorship.mentor_id == mentor.pk and mentorship.mentee_id == people.river.pk
    assert mentorship.is_active and not mentorship.agreed
    assert mentorship.request_id == request.pk
    assert mentorship.cadence == "weekly"
    assert mentorship.channels == ["messages"]
    assert mentorship.boundaries == str(actions.DEFAULT_BOUNDARIES)
    assert mentorship.crisis_plan == str(actions.DEFAULT_CRISIS_PLAN)
    assert "988" in mentorship.crisis_plan
    assert mentorship.contact_hours.startswith("Between ")
    assert "America/Los Angeles" in mentorship.contact_hours
    request.refresh_from_db()
    assert (request.status, request.response) == ("accepted", "Yes, gladly.")
    [notice] = notices(people.river, "mentoring.accepted")
    assert notice.url.endswith(f"/{mentorship.pk}/") or str(mentorship.pk) in notice.url
    with raises("already been answered"):
        actions.respond_to_request(mentor=mentor, request=request, accept=True)


def test_accepting_closes_the_mentees_other_open_requests(people, mentor):
    other_mentor = make_mentor("bo")
    first = ask(people.river, mentor)
    second = ask(people.river, other_mentor)
    unrelated = ask(people.outsider, other_mentor)
    actions.respond_to_request(mentor=mentor, request=first, accept=True)
    second.refresh_from_db()
    unrelated.refresh_from_db()
    assert second.status == "withdrawn"
    assert unrelated.status == "open"
    with raises("already been answered"):
        actions.respond_to_request(mentor=other_mentor, request=second, accept=True)


def test_a_mentor_who_filled_up_meanwhile_cant_accept_more(people, mentor):
    actions.update_mentor_profile(user=mentor, capacity=1)
    first = ask(people.river, mentor)
    second = ask(people.outsider, mentor)  # both asked while there was room
    actions.respond_to_request(mentor=mentor, request=first, accept=True)
    with raises("at the number of mentees you chose"):
        actions.respond_to_request(mentor=mentor, request=second, accept=True)
    second.refresh_from_db()
    assert second.status == "open"
    assert Mentorship.objects.filter(mentor=mentor).count() == 1
    # Declining kindly still works.
    actions.respond_to_request(mentor=mentor, request=second, accept=False)


def test_declining_tells_the_mentee(people, mentor, on_commit):
    request = ask(people.river, mentor)
    with on_commit():
        result = actions.respond_to_request(
            mentor=mentor, request=request, accept=False, response="I'm full, but keep going."
        )
    assert result is None
    request.refresh_from_db()
    assert request.status == "declined"
    assert request.response == "I'm full, but keep going."
    assert not Mentorship.objects.exists()
    [notice] = notices(people.river, "mentoring.declined")
    assert notice.actor_id == mentor.pk


def test_an_overlong_reply_is_refused(people, mentor):
    request = ask(people.river, mentor)
    with raises("at most 600 characters"):
        actions.respond_to_request(mentor=mentor, request=request, accept=False, response="z" * 601)
    request.refresh_from_db()
    assert request.status == "open"


# The agreement

AGREEMENT = {
    "cadence": "fortnightly",
    "channels": ["messages", "phone"],
    "contact_hours": "Weekday evenings",
    "boundaries": "No calls after 9pm.",
    "crisis_plan": "Call 988.",
}


def test_saving_the_agreement_confirms_it_for_the_saver_and_asks_the_other(
    people, mentor, mentorship, on_commit
):
    with on_commit():
        saved = actions.update_agreement(user=people.river, mentorship=mentorship, **AGREEMENT)
    assert saved.mentee_confirmed_at is not None and saved.mentor_confirmed_at is None
    assert (saved.cadence, saved.channels) == ("fortnightly", ["messages", "phone"])
    assert notices(mentor, "mentoring.agreement_changed")
    with on_commit():
        agreed = actions.confirm_agreement(user=mentor, mentorship=mentorship)
    assert agreed.agreed
    assert notices(people.river, "mentoring.agreed")
    # A change by the mentor clears the mentee's confirmation.
    changed = actions.update_agreement(
        user=mentor, mentorship=mentorship, **{**AGREEMENT, "cadence": "monthly"}
    )
    assert changed.mentor_confirmed_at is not None and changed.mentee_confirmed_at is None
    assert not changed.agreed


def test_both_confirming_the_default_agreement(people, mentor, mentorship):
    actions.confirm_agreement(user=people.river, mentorship=mentorship)
    assert not Mentorship.objects.get(pk=mentorship.pk).agreed
    first = Mentorship.objects.get(pk=mentorship.pk).mentee_confirmed_at
    actions.confirm_agreement(user=people.river, mentorship=mentorship)  # again: no change
    assert Mentorship.objects.get(pk=mentorship.pk).mentee_confirmed_at == first
    actions.confirm_agreement(user=mentor, mentorship=mentorship)
    assert Mentorship.objects.get(pk=mentorship.pk).agreed


@pytest.mark.parametrize(
    "change",
    [
        {"cadence": "hourly"},
        {"channels": []},
        {"channels": ["carrier-pigeon"]},
        {"contact_hours": ""},
        {"boundaries": "  "},
        {"crisis_plan": "c" * 601},
    ],
)
def test_an_agreement_needs_every_part(people, mentorship, change):
    with raises():
        actions.update_agreement(
            user=people.river, mentorship=mentorship, **{**AGREEMENT, **change}
        )
    assert Mentorship.objects.get(pk=mentorship.pk).cadence == "weekly"


# Check-ins and goals


def test_nothing_is_scheduled_or_added_in_an_ended_mentorship(people, mentor, mentorship):
    actions.end_mentorship(user=people.river, mentorship=mentorship)
    with raises("has ended"):
        actions.schedule_check_in(
            user=mentor, mentorship=mentorship, when=timezone.now() + timedelta(days=1)
        )
    with raises("has ended"):
        actions.add_goal(user=people.river, mentorship=mentorship, title="Call someone")
    with raises("has ended"):
        actions.update_agreement(user=mentor, mentorship=mentorship, **AGREEMENT)
    assert not CheckInCall.objects.exists() and not Goal.objects.exists()


def test_check_ins_are_in_the_coming_year(people, mentor, mentorship, on_commit):
    now = timezone.now()
    with raises("hasn't passed yet"):
        actions.schedule_check_in(
            user=mentor, mentorship=mentorship, when=now - timedelta(minutes=1)
        )
    with raises("within the next year"):
        actions.schedule_check_in(
            user=mentor, mentorship=mentorship, when=now + timedelta(days=366)
        )
    assert not CheckInCall.objects.exists()
    with on_commit():
        call = actions.schedule_check_in(
            user=mentor, mentorship=mentorship, when=now + timedelta(days=2)
        )
    assert call.status == "scheduled"
    assert notices(people.river, "mentoring.check_in_scheduled")


def test_logging_a_check_in(people, mentor, mentorship):
    call = actions.schedule_check_in(
        user=mentor, mentorship=mentorship, when=timezone.now() + timedelta(hours=2)
    )
    done = actions.log_check_in(
        user=people.river, check_in=call, status="done", how_it_went=3, note="Good talk."
    )
    assert (done.status, done.how_it_went, done.logged_by_id) == ("done", 3, people.river.pk)
    assert CheckInCall.objects.get(pk=call.pk).note == "Good talk."
    missed = actions.log_check_in(user=mentor, check_in=call, status="missed", how_it_went=4)
    assert missed.how_it_went is None  # only a call that happened has a feeling
    with raises("whether you talked"):
        actions.log_check_in(user=mentor, check_in=call, status="scheduled")
    with raises("how it went"):
        actions.log_check_in(user=mentor, check_in=call, status="done", how_it_went=9)


def test_goals_are_the_mentees_alone(people, mentor, mentorship, on_commit):
    with raises("Goals belong to the mentee"):
        actions.add_goal(user=mentor, mentorship=mentorship, title="Go to a meeting")
    goal = actions.add_goal(user=people.river, mentorship=mentorship, title="  Go to a meeting ")
    assert goal.title == "Go to a meeting"
    with raises("Goals belong to the mentee"):
        actions.set_goal_done(user=mentor, goal=goal, done=True)
    with raises("Goals belong to the mentee"):
        actions.delete_goal(user=mentor, goal=goal)
    assert Goal.objects.get(pk=goal.pk).done_at is None
    with on_commit():
        actions.set_goal_done(user=people.river, goal=goal, done=True)
    assert Goal.objects.get(pk=goal.pk).done_at is not None
    [notice] = notices(mentor, "mentoring.goal_done")
    assert notice.params["goal"] == "Go to a meeting"
    actions.delete_goal(user=people.river, goal=goal)
    assert not Goal.objects.exists()


def test_a_mentee_keeps_up_to_twenty_goals(people, mentorship):
    for n in range(actions.MAX_GOALS):
        actions.add_goal(user=people.river, mentorship=mentorship, title=f"Goal {n}")
    with raises("up to 20 goals"):
        actions.add_goal(user=people.river, mentorship=mentorship, title="One more")


# Talking between check-ins: the two write in Messages, without a message request


def state_of(user: User, conversation: Conversation) -> str:
    return Participant.objects.get(conversation=conversation, user=user).state


@pytest.mark.parametrize("starter", ["mentee", "mentor"])
def test_a_mentor_and_mentee_write_freely_without_being_connections(
    people, mentor, mentorship, on_commit, starter
):
    river = people.river
    assert not Connection.objects.exists()
    me, other = (river, mentor) if starter == "mentee" else (mentor, river)
    conversation = messaging.start_conversation(user=me, other=other)
    assert state_of(other, conversation) == Participant.State.ACTIVE
    with on_commit():
        messaging.send_message(user=me, conversation=conversation, body="How are you doing?")
        # A message request would stop at one message; this is a conversation.
        messaging.send_message(user=me, conversation=conversation, body="Here when you're ready.")
    assert len(notices(other, "message.received")) == 1  # once per unread stretch
    assert not notices(other, "message.request")
    # Starting from the other side finds the same conversation, still open.
    assert messaging.start_conversation(user=other, other=me) == conversation
    assert state_of(me, conversation) == Participant.State.ACTIVE


def test_once_the_mentorship_ends_a_new_conversation_is_a_request(
    people, mentor, mentorship, on_commit
):
    actions.end_mentorship(user=people.river, mentorship=mentorship)
    conversation = messaging.start_conversation(user=people.river, other=mentor)
    assert state_of(mentor, conversation) == Participant.State.REQUESTED
    with on_commit():
        messaging.send_message(user=people.river, conversation=conversation, body="Thank you.")
    with pytest.raises(MessagingError, match="request is waiting"):
        messaging.send_message(user=people.river, conversation=conversation, body="Hello?")
    assert len(notices(mentor, "message.request")) == 1
    assert not notices(mentor, "message.received")


def test_a_request_for_mentoring_is_not_a_mentorship_for_messages(people, mentor):
    ask(people.river, mentor)  # still open
    conversation = messaging.start_conversation(user=people.river, other=mentor)
    assert state_of(mentor, conversation) == Participant.State.REQUESTED


# Ending


def test_ending_cancels_what_was_scheduled_and_tells_the_other(
    people, mentor, mentorship, on_commit
):
    now = timezone.now()
    coming = actions.schedule_check_in(
        user=mentor, mentorship=mentorship, when=now + timedelta(days=3)
    )
    talked = actions.schedule_check_in(
        user=mentor, mentorship=mentorship, when=now + timedelta(days=1)
    )
    actions.log_check_in(user=mentor, check_in=talked, status="done", how_it_went=4)
    with on_commit():
        ended = actions.end_mentorship(user=people.river, mentorship=mentorship)
    assert ended.status == "ended" and ended.ended_by_id == people.river.pk
    assert ended.ended_at is not None
    assert CheckInCall.objects.get(pk=coming.pk).status == "cancelled"
    assert CheckInCall.objects.get(pk=talked.pk).status == "done"
    [notice] = notices(mentor, "mentoring.ended")
    assert notice.actor_id == people.river.pk
    assert not notices(people.river, "mentoring.ended")
    with raises("has ended"):
        actions.end_mentorship(user=mentor, mentorship=mentorship)
    # The place is free again.
    assert selectors.recommendations(people.outsider)[0].profile.user_id == mentor.pk


def test_feedback_only_after_the_end(people, mentor, mentorship):
    with raises("when a mentorship has ended"):
        actions.leave_feedback(user=people.river, mentorship=mentorship, helpful=True)
    actions.end_mentorship(user=mentor, mentorship=mentorship)
    mentorship.refresh_from_db()
    actions.leave_feedback(user=people.river, mentorship=mentorship, helpful=True, note="Thanks")
    actions.leave_feedback(user=people.river, mentorship=mentorship, helpful=False, note="Hmm")
    feedback = EndingFeedback.objects.get(author=people.river)
    assert (feedback.helpful, feedback.note) == (False, "Hmm")
    actions.leave_feedback(user=mentor, mentorship=mentorship, helpful=None)
    assert EndingFeedback.objects.count() == 2


# Guardrails


def test_the_wellbeing_check_is_for_mentors_with_answers_from_1_to_5(people, mentor):
    calm = {"stress": 1, "sleep": 5, "own_recovery": 5, "capacity": 5}
    with raises("for mentors"):
        actions.record_wellbeing(mentor=people.river, **calm)
    for wrong in (0, 6, -1, "3", None):
        with raises("from 1 to 5"):
            actions.record_wellbeing(mentor=mentor, **{**calm, "sleep": wrong})
    assert not WellbeingCheck.objects.exists()
    check = actions.record_wellbeing(mentor=mentor, **calm)
    assert not check.worrying
    again = actions.record_wellbeing(mentor=mentor, **{**calm, "stress": 3})
    assert again.pk == check.pk  # one check a day, updated
    assert WellbeingCheck.objects.get().stress == 3


@pytest.mark.parametrize(
    ("answers", "worrying"),
    [
        ({"stress": 3, "sleep": 3, "own_recovery": 3, "capacity": 3}, False),
        ({"stress": 4, "sleep": 3, "own_recovery": 3, "capacity": 3}, True),
        ({"stress": 1, "sleep": 2, "own_recovery": 5, "capacity": 5}, True),
        ({"stress": 1, "sleep": 5, "own_recovery": 2, "capacity": 5}, True),
        ({"stress": 1, "sleep": 5, "own_recovery": 5, "capacity": 2}, True),
    ],
)
def test_a_worrying_check(mentor, answers, worrying):
    assert actions.record_wellbeing(mentor=mentor, **answers).worrying is worrying


def test_pausing_tells_mentees_and_takes_the_mentor_out_of_recommendations(
    people, mentor, mentorship, on_commit
):
    assert [r.profile.user_id for r in selectors.recommendations(people.outsider)] == [mentor.pk]
    until = member_today(mentor) + timedelta(days=14)
    with on_commit():
        actions.pause_mentoring(user=mentor, until=until, note="A family week.")
    [notice] = notices(people.river, "mentoring.paused")
    assert notice.actor_id == mentor.pk and notice.params["until"]
    assert selectors.recommendations(people.outsider) == []
    with raises(UNAVAILABLE.split(".")[0]):
        ask(people.outsider, mentor)
    actions.resume_mentoring(user=mentor)
    assert [r.profile.user_id for r in selectors.recommendations(people.outsider)] == [mentor.pk]


def test_a_break_is_from_today_for_up_to_six_months(mentor):
    today = member_today(mentor)
    with raises("from today on"):
        actions.pause_mentoring(user=mentor, until=today - timedelta(days=1))
    with raises("up to six months"):
        actions.pause_mentoring(user=mentor, until=today + timedelta(days=181))
    assert actions.pause_mentoring(user=mentor, until=today + timedelta(days=180)).paused_until
    assert actions.pause_mentoring(user=mentor, until=today).is_paused(today)


# Blocks and setbacks


def test_a_block_ends_the_mentorship_and_closes_requests_quietly(
    people, mentor, mentorship, on_commit
):
    call = actions.schedule_check_in(
        user=mentor, mentorship=mentorship, when=timezone.now() + timedelta(days=1)
    )
    waiting = ask(people.outsider, mentor)
    with on_commit():
        block_member(blocker=people.river, blocked=mentor)
        block_member(blocker=mentor, blocked=people.outsider)
    mentorship.refresh_from_db()
    waiting.refresh_from_db()
    assert mentorship.status == "ended" and mentorship.ended_at is not None
    assert CheckInCall.objects.get(pk=call.pk).status == "cancelled"
    assert waiting.status == "withdrawn"
    assert not notices(mentor, "mentoring.ended") and not notices(people.river, "mentoring.ended")
    assert not notices(people.outsider)


def test_a_block_by_the_mentee_closes_their_request(people, mentor, on_commit):
    waiting = ask(people.river, mentor)
    with on_commit():
        block_member(blocker=people.river, blocked=mentor)
    waiting.refresh_from_db()
    assert waiting.status == "withdrawn"


@pytest.mark.parametrize("tell_mentor", [True, False])
def test_a_setback_reaches_the_mentor_only_if_the_mentee_says_so(
    people, mentor, mentorship, on_commit, tell_mentor
):
    journey = journey_days_ago(people.river, 40)
    other_mentee_mentor = make_mentor("bo")
    pair(people.outsider, other_mentee_mentor)
    with on_commit():
        recovery.record_setback(
            user=people.river,
            journey=journey,
            new_start=member_today(people.river),
            reflection="A hard weekend.",
            tell_mentor=tell_mentor,
        )
    shared = notices(mentor, "mentoring.setback_shared")
    assert len(shared) == (1 if tell_mentor else 0)
    if tell_mentor:
        assert shared[0].actor_id == people.river.pk
        assert "hard weekend" not in str(shared[0].params)  # the reflection stays private
    assert not notices(other_mentee_mentor, "mentoring.setback_shared")


# Contact hours: email to a mentor waits for them

# Los Angeles moves its clocks on 2026-03-08 at 02:00.
OUTSIDE = [
    # 22:00 PST on March 7: held until 09:00 PDT on March 8 (the clocks moved overnight).
    (datetime(2026, 3, 8, 6, 0, tzinfo=UTC), datetime(2026, 3, 8, 16, 0, tzinfo=UTC)),
    # 05:00 PDT: held until 09:00 the same morning.
    (datetime(2026, 6, 2, 12, 0, tzinfo=UTC), datetime(2026, 6, 2, 16, 0, tzinfo=UTC)),
    # 21:00 PDT exactly, the end of contact hours: held until 09:00 next morning.
    (datetime(2026, 6, 3, 4, 0, tzinfo=UTC), datetime(2026, 6, 3, 16, 0, tzinfo=UTC)),
]


def _email_to(user: User) -> Delivery:
    return Delivery.objects.get(notification__recipient=user, channel="email")


@pytest.mark.parametrize(("now", "held_until"), OUTSIDE)
def test_email_to_a_mentor_outside_contact_hours_waits_for_them(
    people, mentor, on_commit, now, held_until
):
    assert mentor.timezone == "America/Los_Angeles"
    profile = MentorProfile.objects.get(user=mentor)
    assert (profile.contact_start, profile.contact_end) == (time(9), time(21))
    with frozen(now), on_commit():
        ask(people.river, mentor)
    delivery = _email_to(mentor)
    assert delivery.status == "pending"
    assert delivery.deliver_after == held_until
    assert Delivery.objects.get(pk=delivery.pk).notification.created_at == now  # in-app at once


def test_email_to_a_mentor_inside_contact_hours_goes_at_once(people, mentor, on_commit, mailoutbox):
    now = datetime(2026, 6, 2, 19, 0, tzinfo=UTC)  # 12:00 PDT
    with frozen(now), on_commit():
        ask(people.river, mentor)
    delivery = _email_to(mentor)
    assert delivery.deliver_after == now
    assert delivery.status == "sent"
    assert [m.to for m in mailoutbox] == [[mentor.email]]


def test_contact_hours_follow_the_mentors_own_choice(people, mentor, on_commit):
    actions.update_mentor_profile(user=mentor, contact_start=time(22), contact_end=time(6))
    now = datetime(2026, 6, 2, 19, 0, tzinfo=UTC)  # 12:00 PDT: outside 22:00-06:00
    with frozen(now), on_commit():
        ask(people.river, mentor)
    assert _email_to(mentor).deliver_after == datetime(2026, 6, 3, 5, 0, tzinfo=UTC)  # 22:00 PDT


def test_contact_hours_are_the_mentors_not_the_mentees(people, mentor, on_commit, mailoutbox):
    request = ask(people.river, mentor)
    night = datetime(2026, 6, 2, 12, 0, tzinfo=UTC)  # 05:00 in Los Angeles, for both
    with frozen(night), on_commit():
        actions.respond_to_request(mentor=mentor, request=request, accept=False)
    delivery = _email_to(people.river)
    assert delivery.deliver_after == night and delivery.status == "sent"


def test_reminders_to_a_mentor_wait_too(people, mentor, mentorship, on_commit):
    # An hour before a 09:30 check-in, at 08:30 PDT: the mentee's email goes, the mentor's waits.
    now = datetime(2026, 6, 2, 15, 30, tzinfo=UTC)
    with frozen(now - timedelta(days=1)):
        actions.schedule_check_in(user=mentor, mentorship=mentorship, when=now + timedelta(hours=1))
    with frozen(now), on_commit():
        assert guardrails.remind_check_ins(now=now) == 2
    assert _email_to(mentor).deliver_after == datetime(2026, 6, 2, 16, 0, tzinfo=UTC)
    assert _email_to(people.river).deliver_after == now


def _message_email_to(user: User) -> Delivery:
    return Delivery.objects.get(
        notification__recipient=user,
        notification__verb__in=["message.received", "message.request"],
        channel="email",
    )


@pytest.mark.parametrize(("now", "held_until"), OUTSIDE)
def test_a_message_from_a_mentee_outside_contact_hours_waits_for_the_mentor(
    people, mentor, mentorship, on_commit, now, held_until
):
    conversation = messaging.start_conversation(user=people.river, other=mentor)
    with frozen(now), on_commit():
        messaging.send_message(user=people.river, conversation=conversation, body="Can't sleep.")
    delivery = _message_email_to(mentor)
    assert delivery.notification.verb == "message.received"
    assert delivery.status == "pending"
    assert delivery.deliver_after == held_until
    assert delivery.notification.created_at == now  # in the app at once


def test_a_message_from_a_mentee_inside_contact_hours_goes_at_once(
    people, mentor, mentorship, on_commit, mailoutbox
):
    now = datetime(2026, 6, 2, 19, 0, tzinfo=UTC)  # 12:00 PDT
    conversation = messaging.start_conversation(user=people.river, other=mentor)
    mailoutbox.clear()
    with frozen(now), on_commit():
        messaging.send_message(user=people.river, conversation=conversation, body="Lunch break.")
    delivery = _message_email_to(mentor)
    assert (delivery.deliver_after, delivery.status) == (now, "sent")
    assert [m.to for m in mailoutbox] == [[mentor.email]]


@pytest.mark.parametrize("sender", ["outsider", "former mentee", "another mentor's mentee"])
def test_a_message_from_someone_else_is_not_held_for_contact_hours(
    people, mentor, mentorship, on_commit, sender
):
    night = datetime(2026, 6, 2, 12, 0, tzinfo=UTC)  # 05:00 PDT, outside ash's 09:00-21:00
    if sender == "outsider":
        who = people.outsider
    elif sender == "former mentee":
        who = people.river
        messaging.start_conversation(user=who, other=mentor)  # begun while active
        actions.end_mentorship(user=mentor, mentorship=mentorship)
    else:
        who = people.jordan
        pair(who, make_mentor("bo"))
    conversation = messaging.start_conversation(user=who, other=mentor)
    with frozen(night), on_commit():
        messaging.send_message(user=who, conversation=conversation, body="Hello, ash.")
    delivery = _message_email_to(mentor)
    assert (delivery.deliver_after, delivery.status) == (night, "sent")


def test_a_message_from_the_mentor_reaches_the_mentee_at_once(
    people, mentor, mentorship, on_commit
):
    night = datetime(2026, 6, 2, 12, 0, tzinfo=UTC)
    conversation = messaging.start_conversation(user=mentor, other=people.river)
    with frozen(night), on_commit():
        messaging.send_message(user=mentor, conversation=conversation, body="Morning!")
    delivery = _message_email_to(people.river)
    assert (delivery.deliver_after, delivery.status) == (night, "sent")
