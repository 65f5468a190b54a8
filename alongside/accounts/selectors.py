"""Reads for member pages: bounded queries, whatever the size of the community."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower

from alongside.accounts.models import Block, Connection, Profile, User, Visibility
from alongside.core.pagination import KeysetPage, keyset_page
from alongside.core.sections import count_of


@dataclass(frozen=True)
class Relationship:
    is_self: bool = False
    connection: Connection | None = None
    viewer_id: int | None = None

    @property
    def is_connected(self) -> bool:
        return self.is_self or (
            self.connection is not None and self.connection.status == Connection.Status.ACCEPTED
        )

    @property
    def request_sent(self) -> bool:
        c = self.connection
        return c is not None and c.status == "pending" and c.requester_id == self.viewer_id

    @property
    def request_received(self) -> bool:
        c = self.connection
        return c is not None and c.status == "pending" and c.addressee_id == self.viewer_id


def relationship_between(viewer: User, member: User) -> Relationship:
    if viewer.pk == member.pk:
        return Relationship(is_self=True, viewer_id=viewer.pk)
    connection = Connection.objects.filter(
        Q(requester=viewer, addressee=member) | Q(requester=member, addressee=viewer)
    ).first()
    return Relationship(connection=connection, viewer_id=viewer.pk)


def may_see(level: str, *, is_self: bool, is_connected: bool) -> bool:
    if is_self or level == Visibility.MEMBERS:
        return True
    return level == Visibility.CONNECTIONS and is_connected


@dataclass(frozen=True)
class ProfileField:
    name: str
    label: str
    value: str
    visibility: str


def visible_profile_fields(member: User, relationship: Relationship) -> list[ProfileField]:
    """The profile fields this viewer may see, in display order, empty ones left out."""
    profile: Profile = member.profile
    values = {
        "display_name": profile.display_name,
        "pronouns": profile.pronouns,
        "bio": profile.bio,
        "location": profile.location,
        "timezone": member.timezone.replace("_", " "),
        "languages": profile.languages,
        "pathways": ", ".join(profile.pathway_labels()),
    }
    labels = {
        "timezone": User._meta.get_field("timezone").verbose_name,
        "pathways": Profile._meta.get_field("pathways").verbose_name,
    }
    fields = []
    for name in Profile.VISIBLE_FIELDS:
        level = profile.visibility_of(name)
        if values[name] and may_see(
            level, is_self=relationship.is_self, is_connected=relationship.is_connected
        ):
            label = labels.get(name) or getattr(Profile._meta.get_field(name), "verbose_name", name)
            fields.append(ProfileField(name, str(label), values[name], level))
    return fields


def visible_display_name(member: User, *, viewer: User, connected_ids: set[int]) -> str:
    profile = member.profile
    if may_see(
        profile.visibility_of("display_name"),
        is_self=member.pk == viewer.pk,
        is_connected=member.pk in connected_ids,
    ):
        return profile.display_name
    return ""


def blocks_with(viewer: User, field: str) -> QuerySet[Block]:
    """Blocks between the viewer and the member in `field` of the outer query, either way round:
    `.exclude(Exists(blocks_with(viewer, "author_id")))` hides that member's things."""
    return Block.objects.filter(
        Q(blocker=viewer, blocked=OuterRef(field)) | Q(blocker=OuterRef(field), blocked=viewer)
    )


def blocked_between(a_id: int, b_id: int) -> bool:
    """Whether either of two members blocked the other."""
    return Block.objects.filter(
        Q(blocker_id=a_id, blocked_id=b_id) | Q(blocker_id=b_id, blocked_id=a_id)
    ).exists()


def members_visible_to(viewer: User) -> QuerySet[User]:
    """Active members, minus anyone on either side of a block with the viewer."""
    return (
        User.objects.filter(is_active=True)
        .exclude(pk__in=Block.objects.filter(blocked=viewer).values("blocker"))
        .exclude(pk__in=Block.objects.filter(blocker=viewer).values("blocked"))
    )


def connected_member_ids(user: User) -> set[int]:
    rows = Connection.objects.filter(
        Q(requester=user) | Q(addressee=user), status=Connection.Status.ACCEPTED
    ).values_list("requester_id", "addressee_id")
    return {b if a == user.pk else a for a, b in rows}


@dataclass(frozen=True)
class DirectoryEntry:
    member: User
    display_name: str
    is_connected: bool


def member_directory(
    viewer: User, *, query: str = "", after: str | None = None, limit: int = 30
) -> KeysetPage[DirectoryEntry]:
    """Find members by handle, or by display name where its owner shows it to all members."""
    members = members_visible_to(viewer).exclude(pk=viewer.pk).select_related("profile")
    query = query.strip()
    if query:
        members = members.filter(
            Q(handle__icontains=query)
            | Q(profile__display_name__icontains=query, profile__visibility__display_name="members")
        )
    page = keyset_page(
        members.annotate(handle_key=Lower("handle")), key="handle_key", after=after, limit=limit
    )
    connected = connected_member_ids(viewer)
    entries = [
        DirectoryEntry(
            member=m,
            display_name=visible_display_name(m, viewer=viewer, connected_ids=connected),
            is_connected=m.pk in connected,
        )
        for m in page.items
    ]
    return KeysetPage(items=entries, next_cursor=page.next_cursor)


@dataclass(frozen=True)
class ConnectionEntry:
    connection: Connection
    member: User
    display_name: str


@dataclass(frozen=True)
class ConnectionsOverview:
    connections: list[ConnectionEntry]
    incoming: list[ConnectionEntry]
    outgoing: list[ConnectionEntry]


def connections_overview(user: User) -> ConnectionsOverview:
    """Everyone the member is connected with or has a pending request with: one query."""
    rows = list(
        Connection.objects.filter(Q(requester=user) | Q(addressee=user))
        .select_related("requester__profile", "addressee__profile")
        .order_by("-accepted_at", "-created_at")
    )
    connected = {c.other(user).pk for c in rows if c.status == Connection.Status.ACCEPTED}
    result: dict[str, list[ConnectionEntry]] = {"accepted": [], "incoming": [], "outgoing": []}
    for connection in rows:
        member = connection.other(user)
        entry = ConnectionEntry(
            connection, member, visible_display_name(member, viewer=user, connected_ids=connected)
        )
        if connection.status == Connection.Status.ACCEPTED:
            result["accepted"].append(entry)
        elif connection.addressee_id == user.pk:
            result["incoming"].append(entry)
        else:
            result["outgoing"].append(entry)
    return ConnectionsOverview(result["accepted"], result["incoming"], result["outgoing"])


def recent_connections(user: User, *, limit: int = 5) -> list[ConnectionEntry]:
    """The member's newest connections, for the home page (the whole list is on its own page)."""
    rows = (
        Connection.objects.filter(
            Q(requester=user) | Q(addressee=user), status=Connection.Status.ACCEPTED
        )
        .select_related("requester__profile", "addressee__profile")
        .order_by("-accepted_at", "-created_at")[:limit]
    )
    entries = [(connection, connection.other(user)) for connection in rows]
    connected = {member.pk for _connection, member in entries}
    return [
        ConnectionEntry(c, m, visible_display_name(m, viewer=user, connected_ids=connected))
        for c, m in entries
    ]


def network_facts(*, user: User, today: date) -> dict[str, Any]:
    """What the home page's network cards need to know first (see core.sections.page_facts):
    whether there is anyone to list, how many requests wait, whether the profile is still
    empty."""
    return {
        "network_connected": Exists(
            Connection.objects.filter(
                Q(requester=user) | Q(addressee=user), status=Connection.Status.ACCEPTED
            )
        ),
        "network_incoming": count_of(
            Connection.objects.filter(addressee=user, status=Connection.Status.PENDING)
        ),
        "network_introduced": Exists(
            Profile.objects.filter(user=user).exclude(display_name="", bio="")
        ),
    }


def blocked_members(user: User) -> list[Block]:
    return list(
        Block.objects.filter(blocker=user).select_related("blocked").order_by("-created_at")
    )
