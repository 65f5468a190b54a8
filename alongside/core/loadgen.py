"""A large, realistic, made-up community for benchmarks: `alongside loadgen`.

Everything is drawn from one `random.Random(seed)`, so the same seed and scale give the same
rows. Primary keys are assigned here (starting after the largest existing one), so foreign keys
need no round trip; on PostgreSQL the big tables go in with COPY, elsewhere with bulk_create,
and the id sequences are reset afterwards. Values pass through each model field's own
preparation where it matters (encrypted text, JSON), so rows look exactly like the app's own.
"""

import json
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models

from alongside.accounts.models import Pathway, Profile, Role, User, Visibility
from alongside.core.crypto import EncryptedTextField
from alongside.discussions.models import Board, Post, Thread
from alongside.forum.models import Category
from alongside.groups.models import Group, Membership
from alongside.meetings.models import DirectoryMeeting, FeedSource
from alongside.mentoring.choices import SLOT_KEYS, Experience, HelpArea, Language
from alongside.mentoring.models import MentorProfile, Mentorship
from alongside.messaging.models import Conversation, Message, Participant
from alongside.notifications.models import Notification
from alongside.recovery.models import CheckIn, Journey, Substance

PASSWORD = "alongside-bench"  # every generated member's password (one hash, computed once)
HANDLE_PREFIX = "lg"

CITIES = [
    (45.52, -122.68, "America/Los_Angeles", "Portland", "OR"),
    (47.61, -122.33, "America/Los_Angeles", "Seattle", "WA"),
    (37.77, -122.42, "America/Los_Angeles", "San Francisco", "CA"),
    (34.05, -118.24, "America/Los_Angeles", "Los Angeles", "CA"),
    (33.45, -112.07, "America/Phoenix", "Phoenix", "AZ"),
    (39.74, -104.99, "America/Denver", "Denver", "CO"),
    (41.88, -87.63, "America/Chicago", "Chicago", "IL"),
    (29.76, -95.37, "America/Chicago", "Houston", "TX"),
    (44.98, -93.27, "America/Chicago", "Minneapolis", "MN"),
    (40.71, -74.01, "America/New_York", "New York", "NY"),
    (42.36, -71.06, "America/New_York", "Boston", "MA"),
    (25.76, -80.19, "America/New_York", "Miami", "FL"),
    (33.75, -84.39, "America/New_York", "Atlanta", "GA"),
    (43.65, -79.38, "America/Toronto", "Toronto", "ON"),
    (49.28, -123.12, "America/Vancouver", "Vancouver", "BC"),
    (53.55, -113.49, "America/Edmonton", "Edmonton", "AB"),
    (19.43, -99.13, "America/Mexico_City", "Mexico City", "CDMX"),
    (61.22, -149.90, "America/Anchorage", "Anchorage", "AK"),
]
MEETING_TYPES = ["O", "C", "D", "SP", "B", "ST", "W", "M", "BE", "S", "X", "ONL"]
FORUM_CATEGORIES = [
    "Early days",
    "Cravings and triggers",
    "Family and relationships",
    "Milestones",
    "Setbacks",
    "Work and money",
    "Health and sleep",
    "Off topic",
]
WORDS = [
    "today",
    "hard",
    "day",
    "meeting",
    "sponsor",
    "craving",
    "walk",
    "sleep",
    "family",
    "work",
    "grateful",
    "honest",
    "tired",
    "morning",
    "coffee",
    "friend",
    "called",
    "relapse",
    "trigger",
    "stress",
    "weekend",
    "plan",
    "step",
    "group",
    "share",
    "listen",
    "breathe",
    "anxious",
    "hopeful",
    "proud",
    "small",
    "win",
    "again",
    "one",
    "more",
    "call",
    "evening",
    "quiet",
    "journal",
    "gym",
    "run",
    "cook",
    "talk",
    "sober",
    "clean",
    "week",
    "month",
    "year",
    "strength",
    "together",
    "help",
]


@dataclass(frozen=True)
class Scale:
    members: int = 100_000
    groups: int = 2_000
    threads: int = 50_000
    posts: int = 1_000_000
    mentors: int = 10_000
    mentorships: int = 20_000
    messages: int = 1_000_000
    meetings: int = 100_000
    check_in_share: float = 0.2  # members with a year of check-ins
    check_in_days: int = 365
    notifications: int = 200_000

    @classmethod
    def for_members(cls, members: int, **overrides: Any) -> "Scale":
        """Everything in proportion to the community at 100,000 members."""
        f = members / 100_000

        def n(full: int, least: int) -> int:
            return max(least, round(full * f))

        values: dict[str, Any] = {
            "members": members,
            "groups": n(2_000, 2),
            "threads": n(50_000, 5),
            "posts": n(1_000_000, 60),
            "mentors": n(10_000, 3),
            "mentorships": n(20_000, 2),
            "messages": n(1_000_000, 20),
            "meetings": n(100_000, 20),
            "notifications": n(200_000, 10),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


Row = dict[str, Any]
Progress = Callable[[str, int], None]


class Writer:
    """Inserts rows (dicts of attname -> value) in batches with explicit primary keys."""

    def __init__(self, batch: int = 20_000, progress: Progress | None = None) -> None:
        self.batch = batch
        self.progress = progress or (lambda label, n: None)
        self.copy = connection.vendor == "postgresql"
        self.counts: dict[str, int] = {}
        self.touched: list[type[models.Model]] = []

    def next_id(self, model: type[models.Model]) -> int:
        top = model._default_manager.aggregate(top=models.Max("pk"))["top"]
        return (top or 0) + 1

    def write(self, model: type[models.Model], rows: Iterable[Row]) -> int:
        fields = [f for f in model._meta.concrete_fields]
        defaults = {f.attname: f.get_default() for f in fields}
        json_fields = {f.attname for f in fields if isinstance(f, models.JSONField)}
        secret = {f.attname for f in fields if isinstance(f, EncryptedTextField)}
        label = model._meta.label
        written = 0
        chunk: list[Row] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= self.batch:
                self._flush(model, fields, defaults, json_fields, secret, chunk)
                written += len(chunk)
                self.progress(label, len(chunk))
                chunk = []
        if chunk:
            self._flush(model, fields, defaults, json_fields, secret, chunk)
            written += len(chunk)
            self.progress(label, len(chunk))
        self.counts[label] = self.counts.get(label, 0) + written
        if model not in self.touched:
            self.touched.append(model)
        return written

    def _flush(self, model, fields, defaults, json_fields, secret, chunk: list[Row]) -> None:
        if not self.copy:
            model._default_manager.bulk_create([model(**{**defaults, **r}) for r in chunk])
            return
        names = [f.attname for f in fields]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        table = connection.ops.quote_name(model._meta.db_table)
        encrypt_fields = {name: model._meta.get_field(name.removesuffix("_id")) for name in secret}
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for r in chunk:
                values = []
                for name in names:
                    value = r[name] if name in r else defaults[name]
                    if name in json_fields:
                        value = json.dumps(value)
                    elif name in secret:
                        value = encrypt_fields[name].get_prep_value(value)
                    values.append(value)
                copy.write_row(values)

    def reset_sequences(self) -> None:
        statements = connection.ops.sequence_reset_sql(no_style(), self.touched)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def analyze(self) -> None:
        """Fresh planner statistics: right after a bulk load PostgreSQL still believes the
        tables are empty and picks nested loops over 50,000 threads (300 ms for the home
        feed's group threads instead of a few)."""
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for model in self.touched:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def sentence(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return (" ".join(words)).capitalize() + "."


def generate(
    scale: Scale, *, seed: int = 1, now: datetime | None = None, writer: Writer
) -> dict[str, int]:
    """Build the community; returns rows written per model."""
    rng = random.Random(seed)  # noqa: S311  (made-up data, not secrets)
    now = now or datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    today = now.date()
    password = make_password(PASSWORD, salt="alongsidebench")
    try:
        _generate(rng, scale, now, today, password, writer)
    finally:
        writer.reset_sequences()
    writer.analyze()
    return writer.counts


def _ago(rng: random.Random, now: datetime, days: int) -> datetime:
    return now - timedelta(seconds=rng.randrange(max(1, days * 86_400)))


def _generate(rng, scale: Scale, now: datetime, today: date, password: str, w: Writer) -> None:
    zones = [c[2] for c in CITIES]
    # Members -----------------------------------------------------------------------------
    first_user = w.next_id(User)
    user_ids = list(range(first_user, first_user + scale.members))
    user_zone: dict[int, str] = {}
    handles: dict[int, str] = {}

    def users() -> Iterator[Row]:
        for i, uid in enumerate(user_ids):
            zone = rng.choice(zones)
            user_zone[uid] = zone
            handle = f"{HANDLE_PREFIX}{first_user + i}"
            handles[uid] = handle
            joined = _ago(rng, now, 900)
            yield {
                "id": uid,
                "password": password,
                "handle": handle,
                "email": f"{handle}@example.invalid",
                "email_confirmed_at": joined,
                "timezone": zone,
                "language": "es" if rng.random() < 0.08 else "en",
                "date_joined": joined,
                "is_superuser": False,
                "is_staff": False,
                "is_active": True,
                "last_login": None,
            }

    w.write(User, users())
    shared = {f: Visibility.MEMBERS for f in Profile.VISIBLE_FIELDS}
    private = {f: Visibility.ONLY_ME for f in Profile.VISIBLE_FIELDS}
    w.write(
        Profile,
        (
            {
                "user_id": uid,
                "display_name": f"{rng.choice(WORDS).title()} {chr(65 + rng.randrange(26))}.",
                "pronouns": rng.choice(["", "she/her", "he/him", "they/them"]),
                "bio": sentence(rng, 5, 25) if rng.random() < 0.6 else "",
                "location": rng.choice(CITIES)[3],
                "pathways": rng.sample(Pathway.values, rng.randint(0, 2)),
                "visibility": shared if rng.random() < 0.5 else private,
                "updated_at": now,
            }
            for uid in user_ids
        ),
    )
    # Journeys for everyone, a year of check-ins for a fifth ----------------------------------
    journey_id = w.next_id(Journey)
    journeys: list[Row] = []
    for uid in user_ids:
        for _ in range(1 if rng.random() < 0.85 else 2):
            journeys.append(
                {
                    "id": journey_id,
                    "user_id": uid,
                    "substance": rng.choice(Substance.values),
                    "pathway": rng.choice(Pathway.values),
                    "start_date": today - timedelta(days=rng.randint(0, 3000)),
                    "sharing": rng.choice(Visibility.values),
                    "show_substance": rng.random() < 0.3,
                    "created_at": _ago(rng, now, 900),
                    "substance_other": "",
                }
            )
            journey_id += 1
    w.write(Journey, journeys)
    checkers = rng.sample(user_ids, round(len(user_ids) * scale.check_in_share))
    checkin_id = w.next_id(CheckIn)

    def check_ins() -> Iterator[Row]:
        nonlocal checkin_id
        for uid in sorted(checkers):
            habit = rng.uniform(0.3, 0.95)  # how often this member checks in
            mood = rng.randint(2, 4)
            for back in range(scale.check_in_days, 0, -1):
                if rng.random() > habit:
                    continue
                mood = min(5, max(1, mood + rng.choice((-1, 0, 0, 1))))
                at = now - timedelta(days=back)
                yield {
                    "id": checkin_id,
                    "user_id": uid,
                    "day": today - timedelta(days=back),
                    "mood": mood,
                    "craving": rng.randint(0, 10),
                    "triggers": rng.sample(
                        ["stress", "people", "boredom", "halt"], rng.randint(0, 2)
                    ),
                    "used": rng.random() < 0.03,
                    "gratitude": sentence(rng, 3, 8) if rng.random() < 0.25 else "",
                    "note": "",
                    "created_at": at,
                    "updated_at": at,
                }
                checkin_id += 1

    w.write(CheckIn, check_ins())
    # Groups, each with its discussions board, members and a chat room ------------------------
    board_id = w.next_id(Board)
    group_id = w.next_id(Group)
    groups: list[Row] = []
    boards: list[Row] = []
    memberships: list[Row] = []
    group_members: dict[int, list[int]] = {}
    membership_id = w.next_id(Membership)
    for g in range(scale.groups):
        gid = group_id + g
        facilitator = rng.choice(user_ids)
        topic = rng.choice(WORDS)
        boards.append({"id": board_id + g, "kind": "group", "created_at": _ago(rng, now, 900)})
        groups.append(
            {
                "id": gid,
                "name": f"{topic.title()} circle {g + 1}",
                "slug": f"lg-group-{g + 1}",
                "description": sentence(rng, 10, 30),
                "guidelines": sentence(rng, 5, 15),
                "language": "en",
                "timezone": rng.choice(zones),
                "visibility": "listed" if rng.random() < 0.9 else "private",
                "join_policy": rng.choice(["open", "open", "ask"]),
                "size_limit": None,
                "join_key": f"lgkey{gid}",
                "board_id": board_id + g,
                "created_by_id": facilitator,
                "created_at": _ago(rng, now, 900),
            }
        )
        size = max(2, min(len(user_ids), int(rng.paretovariate(1.6) * 25)))
        people = {facilitator, *rng.sample(user_ids, min(size, len(user_ids)))}
        group_members[gid] = sorted(people)
        for uid in group_members[gid]:
            role = "facilitator" if uid == facilitator else "member"
            memberships.append(
                {
                    "id": membership_id,
                    "group_id": gid,
                    "user_id": uid,
                    "role": role,
                    "joined_at": _ago(rng, now, 600),
                }
            )
            membership_id += 1
    forum_board = board_id + scale.groups
    categories = []
    first_category = w.next_id(Category)
    for c, name in enumerate(FORUM_CATEGORIES):
        boards.append({"id": forum_board + c, "kind": "forum", "created_at": now})
        categories.append(
            {
                "id": first_category + c,
                "name": name,
                "slug": f"lg-{c + 1}",
                "description": sentence(rng, 5, 12),
                "position": c,
                "board_id": forum_board + c,
            }
        )
    w.write(Board, boards)
    w.write(Group, groups)
    w.write(Membership, memberships)
    w.write(Category, categories)
    # Threads and posts: three in five on the forum, the rest on group boards -----------------
    thread_id = w.next_id(Thread)
    post_id = w.next_id(Post)
    weights = [rng.lognormvariate(0, 1) for _ in range(scale.threads)]
    total = sum(weights)
    replies = [int(x / total * (scale.posts - scale.threads)) for x in weights]
    # Guarantee long threads exist (the thread-page benchmark reads one with 50 replies).
    for i in range(min(len(replies), 20)):
        replies[i] = max(replies[i], 50)
    # Parents go in before children (each batch commits on its own), so a thread's timeline
    # comes from its own random stream, read once for the thread row and again for its posts.
    plans = []
    for t in range(scale.threads):
        if rng.random() < 0.6 or not group_members:
            board, pool = forum_board + rng.randrange(len(FORUM_CATEGORIES)), user_ids
        else:
            g = rng.randrange(scale.groups)
            board, pool = board_id + g, group_members[group_id + g]
        plans.append(
            (thread_id + t, board, pool, _ago(rng, now, 365), replies[t] + 1, rng.random())
        )

    def timeline(plan) -> Iterator[tuple[datetime, int]]:
        _tid, _board, pool, at, count, key = plan
        local = random.Random(key)  # noqa: S311
        for _ in range(count):
            yield at, local.choice(pool)
            at = min(now, at + timedelta(minutes=local.randint(1, 600)))

    def threads() -> Iterator[Row]:
        for plan in plans:
            tid, board, _pool, started, count, _key = plan
            *_, (last, _author) = timeline(plan)
            yield {
                "id": tid,
                "board_id": board,
                "author_id": next(timeline(plan))[1],
                "title": sentence(rng, 3, 10).rstrip("."),
                "anonymous": rng.random() < 0.1,
                "content_warning": "relapse" if rng.random() < 0.03 else "",
                "pinned": False,
                "locked": False,
                "created_at": started,
                "last_activity_at": last,
                "reply_count": count - 1,
            }

    def posts() -> Iterator[Row]:
        nonlocal post_id
        for plan in plans:
            for p, (at, author) in enumerate(timeline(plan)):
                body = sentence(rng, 8, 60)
                yield {
                    "id": post_id,
                    "thread_id": plan[0],
                    "author_id": author,
                    "body": body,
                    "body_html": f"<p>{body}</p>",
                    "is_opening": p == 0,
                    "created_at": at,
                    "held": False,
                }
                post_id += 1

    w.write(Thread, threads())
    w.write(Post, posts())
    # Mentors and mentorships -----------------------------------------------------------------
    mentors = rng.sample(user_ids, min(scale.mentors, len(user_ids)))
    slots = sorted(SLOT_KEYS)
    first = w.next_id(MentorProfile)
    w.write(
        MentorProfile,
        (
            {
                "id": first + i,
                "user_id": uid,
                "about": sentence(rng, 8, 30),
                "pathways": rng.sample(Pathway.values, 2),
                "languages": rng.sample(Language.values, rng.randint(1, 2)),
                "experiences": rng.sample(Experience.values, 3),
                "help_with": rng.sample(HelpArea.values, 3),
                "gender": rng.choice(["", "woman", "man", "non-binary"]),
                "availability": rng.sample(slots, rng.randint(2, 8)),
                "capacity": rng.randint(1, 4),
                "accepting": rng.random() < 0.8,
                "agreement_accepted_at": _ago(rng, now, 900),
            }
            for i, uid in enumerate(mentors)
        ),
    )
    from django.contrib.auth.models import Group as RoleGroup

    mentor_role, _created = RoleGroup.objects.get_or_create(name=Role.MENTOR)
    through = User.groups.through
    first = w.next_id(through)
    w.write(
        through,
        (
            {"id": first + i, "user_id": uid, "group_id": mentor_role.pk}
            for i, uid in enumerate(mentors)
        ),
    )
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < scale.mentorships and len(user_ids) > 1:
        mentor, mentee = rng.choice(mentors), rng.choice(user_ids)
        if mentor != mentee:
            pairs.add((mentor, mentee))
    first = w.next_id(Mentorship)
    w.write(
        Mentorship,
        (
            {
                "id": first + i,
                "mentor_id": mentor,
                "mentee_id": mentee,
                "status": "active" if rng.random() < 0.7 else "ended",
                "cadence": "weekly",
                "channels": ["messages"],
                "contact_hours": "Evenings",
                "boundaries": "No calls after 9pm.",
                "crisis_plan": "Call 988.",
                "mentor_confirmed_at": now,
                "mentee_confirmed_at": now,
                "started_at": _ago(rng, now, 400),
            }
            for i, (mentor, mentee) in enumerate(sorted(pairs))
        ),
    )
    # Direct messages: about 20 a conversation, two participants each --------------------------
    conversation_id = w.next_id(Conversation)
    message_id = w.next_id(Message)
    n_conversations = max(1, scale.messages // 20)
    keys: set[str] = set()
    # (conversation id, a, b, first message id, count, start, timeline key)
    talks: list[tuple[Any, ...]] = []
    next_message = message_id
    attempts = 0
    while len(talks) < n_conversations and attempts < n_conversations * 3:
        attempts += 1
        a, b = rng.sample(user_ids, 2)
        key = Conversation.key_for(a, b)
        if key in keys:
            continue
        keys.add(key)
        count = max(1, int(rng.expovariate(1 / 20)))
        talks.append(
            (
                conversation_id + len(talks),
                a,
                b,
                next_message,
                count,
                _ago(rng, now, 365),
                rng.random(),
            )
        )
        next_message += count

    def spoken(talk) -> Iterator[tuple[datetime, int]]:
        _cid, a, b, _first, count, at, key = talk
        local = random.Random(key)  # noqa: S311
        for _ in range(count):
            yield at, local.choice((a, b))
            at = min(now, at + timedelta(minutes=local.randint(1, 2000)))

    def conversations() -> Iterator[Row]:
        for talk in talks:
            cid, _a, _b, first_message, count, _start, _key = talk
            *_, (last, _author) = spoken(talk)
            yield {
                "id": cid,
                "kind": "direct",
                "pair_key": Conversation.key_for(talk[1], talk[2]),
                "group_id": None,
                "created_at": talk[5],
                "last_message_at": last,
                "last_message_id": first_message + count - 1,
            }
        for i, g in enumerate(groups):
            yield {
                "id": conversation_id + len(talks) + i,
                "kind": "group",
                "pair_key": None,
                "group_id": g["id"],
                "created_at": now,
                "last_message_at": now,
                "last_message_id": 0,
            }

    def participants() -> Iterator[Row]:
        pid = w.next_id(Participant)
        for cid, a, b, first_message, count, _start, _key in talks:
            for uid in (a, b):
                yield {
                    "id": pid,
                    "conversation_id": cid,
                    "user_id": uid,
                    "state": "active",
                    "last_read_id": first_message + max(0, count - 1 - rng.randint(0, 3)),
                }
                pid += 1

    def messages() -> Iterator[Row]:
        for talk in talks:
            for n, (at, author) in enumerate(spoken(talk)):
                body = sentence(rng, 3, 30)
                yield {
                    "id": talk[3] + n,
                    "conversation_id": talk[0],
                    "author_id": author,
                    "body": body,
                    "body_html": f"<p>{body}</p>",
                    "created_at": at,
                }

    w.write(Conversation, conversations())
    w.write(Participant, participants())
    w.write(Message, messages())
    # Meetings across North America ------------------------------------------------------------
    source, _created = FeedSource.objects.get_or_create(
        slug="loadgen", defaults={"name": "Generated meetings", "location": "North America"}
    )
    first = w.next_id(DirectoryMeeting)

    def meetings() -> Iterator[Row]:
        for i in range(scale.meetings):
            lat, lon, zone, city, state = rng.choice(CITIES)
            day, hour, minute = rng.randrange(7), rng.randrange(6, 23), rng.choice([0, 15, 30])
            types = sorted(rng.sample(MEETING_TYPES, 3))
            attendance = rng.choice(["in_person", "in_person", "online", "hybrid"])
            name = f"{rng.choice(WORDS).title()} {rng.choice(['Group', 'Meeting', 'Circle'])}"
            yield {
                "id": first + i,
                "source_id": source.pk,
                "feed_slug": f"m{i}",
                "slug": f"lg-meeting-{i}",
                "name": name,
                "day": day,
                "time": time(hour, minute),
                "week_minute": day * 1440 + hour * 60 + minute,
                "timezone": zone,
                "attendance": attendance,
                "latitude": lat + rng.gauss(0, 0.35),
                "longitude": lon + rng.gauss(0, 0.45),
                "city": city,
                "state": state,
                "country": "US",
                "location": f"{city} community hall",
                "types": types,
                "types_text": "," + ",".join(types) + ",",
                "search_text": f"{name} {city} {state}".lower(),
                "fingerprint": "-",
                "imported_at": now,
            }

    w.write(DirectoryMeeting, meetings())
    # Notifications ----------------------------------------------------------------------------
    first = w.next_id(Notification)
    w.write(
        Notification,
        (
            {
                "id": first + i,
                "recipient_id": rng.choice(user_ids),
                "kind": "replies",
                "verb": "discussion.reply",
                "actor_id": rng.choice(user_ids),
                "params": {"thread": sentence(rng, 3, 6)},
                "url": "/forum/",
                "key": "",
                "created_at": _ago(rng, now, 120),
                "read_at": None if rng.random() < 0.3 else now,
            }
            for i in range(scale.notifications)
        ),
    )
