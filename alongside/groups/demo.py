# ruff: noqa: E501  (demo data reads best one entry per line)
"""Demo groups of PRODUCT.md, with members, a request waiting, threads and a week of meetings."""

from datetime import time, timedelta

from django.utils import timezone

from alongside.accounts.models import User
from alongside.discussions import actions as discussions
from alongside.groups import actions
from alongside.groups.models import Group, JoinRequest, Membership
from alongside.meetings import actions as meetings

# name, facilitator, members, tags, language, visibility, policy, description
GROUPS = [
    ("Cedar Ridge Alumni 2025", "casey", ["river", "quinn", "kai", "priya", "alex", "sam"],
     ["alumni"], "en", "listed", "ask",
     "For everyone who walked through Cedar Ridge's doors in 2025. Keep in touch, keep each other going."),
    ("Parents in recovery", "jordan", ["river", "hana", "ben", "tess"], ["parents", "family"],
     "en", "listed", "open",
     "Raising kids while rebuilding your own life. Practical help and no judgment."),
    ("Opioid recovery", "jordan", ["dev", "kai", "max", "noor"], ["opioids", "medication-assisted"],
     "en", "listed", "ask",
     "Every pathway welcome, including medication-assisted recovery. Naloxone saves lives: carry it."),
    ("Grupo en español", "marisol", ["tomas", "rosa", "luz"], ["español"], "es", "listed", "open",
     "Un espacio en español para compartir, apoyarnos y celebrar cada día."),
    ("LGBTQ+ in recovery", "jordan", ["quinn", "jules", "nico", "sky"], ["lgbtq"], "en", "unlisted",
     "ask", "A safer space for LGBTQ+ people in recovery and those questioning."),
]  # fmt: skip

GUIDELINES = (
    "Speak from your own experience. What's shared here stays here. No advice unless asked. "
    "If someone seems in danger, point them to Get help now and tell a facilitator."
)

THREADS = {
    "Cedar Ridge Alumni 2025": [
        ("quinn", "Checking in after 90 days", "Didn't think I'd make it this far. What helped you at the 3-month mark?",
         [("river", "Congrats! Morning walks and the Tuesday group, honestly."), ("kai", "So glad you're here.")]),
        ("river", "Holiday season survival ideas", "The holidays are coming and I'm nervous. What's your plan?",
         [("priya", "I'm bringing my own drinks and an exit plan."), ("sam", "Call someone before and after.")]),
    ],
    "Parents in recovery": [
        ("hana", "Talking to kids about recovery", "How much did you tell your kids, and when?",
         [("river", "Age-appropriate honesty worked for us."), ("ben", "Our counselor helped us find words.")]),
    ],
    "Grupo en español": [
        ("rosa", "¿Cómo empezaron su día hoy?", "Yo con un café y una oración. ¿Y ustedes?",
         [("tomas", "Caminando con mi perro."), ("luz", "Llamando a mi madrina.")]),
    ],
}  # fmt: skip

MEETINGS = [
    # group, name, weekday offset from today, hour, mode
    ("Cedar Ridge Alumni 2025", "Alumni check-in circle", 1, time(19), "online"),
    ("Parents in recovery", "Parents' Saturday coffee", 3, time(10), "in_person"),
    ("Opioid recovery", "Opioid recovery support", 2, time(18, 30), "hybrid"),
    ("Grupo en español", "Reunión de los jueves", 4, time(19), "online"),
]


def load() -> str:
    if Group.objects.exists():
        return "0 groups"
    users = {u.handle: u for u in User.objects.all()}
    made = 0
    for name, facilitator, members, tags, language, visibility, policy, description in GROUPS:
        lead = users.get(facilitator)
        if lead is None:
            continue
        group = actions.create_group(
            user=lead,
            tags=tags,
            name=name,
            description=description,
            guidelines=GUIDELINES,
            language=language,
            timezone="America/Los_Angeles",
            visibility=visibility,
            join_policy=policy,
            size_limit=None,
        )
        for handle in members:
            if handle in users:
                Membership.objects.get_or_create(group=group, user=users[handle])
        made += 1
        for author, title, body, replies in THREADS.get(name, []):
            if author not in users:
                continue
            thread = discussions.start_thread(
                user=users[author], board=group.board, title=title, body=body
            )
            for replier, text in replies:
                if replier in users:
                    discussions.reply(user=users[replier], thread=thread, body=text)
    alumni = Group.objects.filter(name=GROUPS[0][0]).first()
    if alumni is not None and "eli" in users:
        JoinRequest.objects.get_or_create(
            group=alumni,
            user=users["eli"],
            defaults={"message": "I graduated in March. Hi everyone!"},
        )
    today = timezone.localdate()
    for group_name, meeting_name, offset, at, mode in MEETINGS:
        found = Group.objects.filter(name=group_name).first()
        if found is None:
            continue
        group = found
        host = Membership.objects.filter(group=group, role=Membership.Role.FACILITATOR).first()
        assert host is not None
        meeting = meetings.schedule_meeting(
            user=host.user,
            group=group,
            name=meeting_name,
            start_date=today + timedelta(days=offset),
            start_time=at,
            duration_minutes=60,
            repeat="weekly",
            repeat_until=None,
            timezone="America/Los_Angeles",
            mode=mode,
            location_name="Cedar Ridge community room" if mode != "online" else "",
            address="1200 SE Cedar Ave, Portland, OR 97214" if mode != "online" else "",
            location_notes="Side entrance, second floor." if mode != "online" else "",
            conference_url="https://meet.example.org/cedar-ridge" if mode != "in_person" else "",
            conference_phone="",
            conference_notes="",
            notes="Come as you are.",
            types=["O", "D"],
        )
        for membership in Membership.objects.filter(group=group).select_related("user")[:4]:
            meetings.rsvp(user=membership.user, meeting=meeting, status="going")
    return f"{made} groups"
