"""Helpers for the mentoring view tests: eligible mentors, pairs and a small world, all made
through the real actions, plus the URL map and a way to compare "forbidden" with "missing"."""

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from alongside.accounts.models import User
from alongside.mentoring import actions
from alongside.mentoring.models import CheckInCall, Goal, Mentorship, MentorshipRequest
from alongside.recovery import actions as recovery
from alongside.recovery.selectors import member_today
from tests.conftest import make_member

ASKING = "Would you walk beside me for a while? I'm two months in and want someone to talk to."
BRINGING = "I'll show up to our check-ins and be honest with you."
SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
MISSING = 987654321


def eligible(user: User, days: int = 400) -> User:
    recovery.create_journey(
        user=user,
        start_date=member_today(user) - timedelta(days=days),
        substance="alcohol",
        pathway="12-step",
        sharing="me",
    )
    return user


def mentor_from(who: str | User, **fields: Any) -> User:
    """A member (new, or the one given) who became an eligible mentor through the action."""
    user = make_member(who) if isinstance(who, str) else who
    eligible(user)
    profile = {"pathways": ["12-step"], "languages": ["en"], "capacity": 3, **fields}
    actions.become_mentor(user=user, agreement=True, **profile)
    user.refresh_from_db()
    return user


def request_to(mentee: User, mentor: User, **extra: Any) -> MentorshipRequest:
    fields = {"message": ASKING, "commitment": BRINGING, **extra}
    return actions.send_request(mentee=mentee, mentor=mentor, **fields)


def pair_up(mentee: User, mentor: User) -> Mentorship:
    made = actions.respond_to_request(
        mentor=mentor, request=request_to(mentee, mentor), accept=True, response="Gladly."
    )
    assert made is not None
    return made


def future(days: int = 3) -> str:
    """A datetime-local value `days` ahead, on the site's clock (good enough for 'later')."""
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


@dataclass
class World:
    """river is sam's mentee (with a goal and a check-in); morgan is ash's mentee, so
    morgan's ids are real ones that belong to someone else; outsider has an open request
    to ash that nobody else may see."""

    people: Any
    sam: User
    ash: User
    mentorship: Mentorship
    goal: Goal
    check_in: CheckInCall
    request: MentorshipRequest  # river's accepted request to sam
    other_mentorship: Mentorship
    other_goal: Goal
    other_check_in: CheckInCall
    open_request: MentorshipRequest  # outsider -> ash, open


def build_world(people: Any) -> World:
    sam = mentor_from(people.sam)
    ash = mentor_from("ash")
    mentorship = pair_up(people.river, sam)
    goal = actions.add_goal(user=people.river, mentorship=mentorship, title="Walk every morning")
    when = timezone.now() + timedelta(days=2)
    check_in = actions.schedule_check_in(user=sam, mentorship=mentorship, when=when)
    other = pair_up(people.morgan, ash)
    other_goal = actions.add_goal(user=people.morgan, mentorship=other, title="Call my sister")
    other_check_in = actions.schedule_check_in(user=ash, mentorship=other, when=when)
    open_request = request_to(people.outsider, ash)
    return World(
        people=people,
        sam=sam,
        ash=ash,
        mentorship=mentorship,
        goal=goal,
        check_in=check_in,
        request=mentorship.request,
        other_mentorship=other,
        other_goal=other_goal,
        other_check_in=other_check_in,
        open_request=open_request,
    )


def snapshot(world: World) -> dict[str, Any]:
    """Everything a forbidden request could have changed."""
    m = Mentorship.objects.get(pk=world.mentorship.pk)
    return {
        "mentorship": (
            m.status,
            m.cadence,
            m.contact_hours,
            m.boundaries,
            m.mentor_confirmed_at,
            m.mentee_confirmed_at,
        ),
        "check_ins": list(m.check_ins.values_list("pk", "status", "note", "scheduled_for")),
        "goals": list(Goal.objects.order_by("pk").values_list("pk", "title", "done_at")),
        "requests": list(MentorshipRequest.objects.order_by("pk").values_list("pk", "status")),
        "feedback": m.feedback.count(),
    }


# The mentorship's URLs, with a small valid POST for each one that takes POST.
# (name, path template, GET allowed?, POST data or None)
MENTORSHIP_URLS: list[tuple[str, str, bool, dict[str, Any] | None]] = [
    ("mentorship", "/mentoring/{m}/", True, None),
    (
        "agreement",
        "/mentoring/{m}/agreement/",
        True,
        {
            "cadence": "weekly",
            "channels": ["messages"],
            "contact_hours": "Evenings",
            "boundaries": "Be kind",
            "crisis_plan": "Call 988",
        },
    ),
    ("confirm", "/mentoring/{m}/agreement/confirm/", False, {}),
    ("schedule", "/mentoring/{m}/check-ins/", False, {"when": "__future__"}),
    ("log", "/mentoring/{m}/check-ins/{c}/", False, {"status": "done", "note": "Went well"}),
    ("add_goal", "/mentoring/{m}/goals/", False, {"title": "Sleep before midnight"}),
    ("goal", "/mentoring/{m}/goals/{g}/", False, {"done": "1"}),
    ("trends", "/mentoring/{m}/trends/", True, None),
    ("end", "/mentoring/{m}/end/", True, {}),
    ("feedback", "/mentoring/{m}/feedback/", False, {"helpful": "yes", "note": "Thanks"}),
]
REQUEST_URLS: list[tuple[str, str, bool, dict[str, Any] | None]] = [
    ("request", "/mentoring/requests/{r}/", True, {"decision": "accept", "response": "Yes"}),
    ("withdraw", "/mentoring/requests/{r}/withdraw/", False, {}),
]


def fill(template: str, **ids: int) -> str:
    return template.format(**ids)


def post_data(data: dict[str, Any]) -> dict[str, Any]:
    return {k: (future() if v == "__future__" else v) for k, v in data.items()}


_VOLATILE = re.compile(r'(nonce|value|content)="[^"]*"')


def normalized(response: HttpResponse) -> str:
    """A page without what changes on every request (CSP nonces, CSRF tokens)."""
    return _VOLATILE.sub(r'\1=""', response.content.decode())


def assert_looks_missing(client: Client, method: str, url: str, missing_url: str, data=None):
    """`url` answers exactly as a URL for an object that does not exist."""
    send = client.get if method == "get" else client.post
    response = send(url, data or {})
    assert response.status_code == 404, (method, url, response.status_code)
    nothing = send(missing_url, data or {})
    assert nothing.status_code == 404, (method, missing_url, nothing.status_code)
    assert normalized(response) == normalized(nothing), (method, url)
    return response


def page_text(response: HttpResponse) -> str:
    return response.content.decode()
