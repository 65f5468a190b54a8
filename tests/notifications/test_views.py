"""The notification centre and its endpoints: who may see and change what, the header's unread
count, keyset pagination and query counts."""

import itertools
import re

import pytest
from django.test import Client

from alongside.accounts import actions as accounts
from alongside.accounts.models import User
from alongside.notifications import actions
from alongside.notifications.models import Notification, NotificationSettings, PushSubscription
from tests.accounts.builders import SCRIPT, html, shows, without_csrf
from tests.helpers import assert_queries_do_not_grow, push_keys

P1, A1 = push_keys(1)
P2, A2 = push_keys(2)
P3, A3 = push_keys(3)
P4, A4 = push_keys(4)
P5, A5 = push_keys(5)
P6, A6 = push_keys(6)
P7, A7 = push_keys(7)


INDEX = "/notifications/"
READ_ALL = "/notifications/read-all/"
SETTINGS = "/settings/notifications/"
SUBSCRIBE = "/notifications/push/subscribe/"
UNSUBSCRIBE = "/notifications/push/unsubscribe/"
ENDPOINT = "https://push.example/abc"
MOST_QUERIES = 6  # measured: 4; a ceiling that keeps the page fast, raise it only with a reason

_keys = itertools.count()


def tell(recipient: User, actor: User | None = None, *, url: str = "/me/connections/"):
    """Notify `recipient` the way a feature does: through notify(), with a registered verb."""
    return actions.notify(recipient=recipient, verb="connection.requested", actor=actor, url=url)


def opened_ids(response) -> list[int]:
    """The notifications a page lists, in order (each links to /notifications/<id>/)."""
    return [int(pk) for pk in re.findall(r'href="/notifications/(\d+)/"', html(response))]


BADGE = re.compile(
    r'<span class="badge" data-unread-count( hidden)?>.*?<span data-unread-number>(\d*)</span>',
    re.S,
)


def badge(response) -> int | None:
    """The header's unread count as a member sees it: None when the badge is hidden."""
    found = BADGE.search(html(response))
    assert found, "the header has no unread badge"
    hidden, number = found.groups()
    return None if hidden else int(number)


@pytest.fixture
def push_hosts(settings):
    settings.WEB_PUSH_HOSTS = ["push.example"]


@pytest.fixture
def for_river(people) -> Notification:
    notification = tell(people.river, people.sam)
    assert notification is not None
    return notification


@pytest.fixture
def rivers_device(people, push_hosts) -> PushSubscription:
    return actions.save_push_subscription(
        user=people.river, endpoint=ENDPOINT, p256dh=P1, auth=A1, device="Android"
    )


# Visitors


@pytest.mark.parametrize("url", [INDEX, SETTINGS])
def test_visitors_are_asked_to_log_in_for_pages(db, url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_visitors_are_asked_to_log_in_to_open_a_notification(for_river):
    url = f"/notifications/{for_river.pk}/"
    response = Client().get(url)
    assert response["Location"] == f"/accounts/login/?next={url}"
    for_river.refresh_from_db()
    assert for_river.read_at is None


def test_visitors_cannot_mark_anything_read(for_river):
    for url in (f"/notifications/{for_river.pk}/read/", READ_ALL):
        response = Client().post(url)
        assert response["Location"] == f"/accounts/login/?next={url}"
    for_river.refresh_from_db()
    assert for_river.read_at is None


def test_visitors_cannot_touch_push_devices(people, rivers_device):
    client = Client()
    remove = f"/settings/notifications/devices/{rivers_device.pk}/remove/"
    for url in (remove, UNSUBSCRIBE, SUBSCRIBE):
        data = {"endpoint": ENDPOINT, "p256dh": P2, "auth": A2}
        response = client.post(url, data)
        assert response["Location"] == f"/accounts/login/?next={url}"
    device = PushSubscription.objects.get()
    assert (device.user, device.p256dh, device.auth) == (people.river, P1, A1)


def test_visitors_cannot_change_settings(people):
    response = Client().post(SETTINGS, {"digest_frequency": "weekly", "digest_hour": "3"})
    assert response["Location"] == f"/accounts/login/?next={SETTINGS}"
    assert not NotificationSettings.objects.exists()


def test_the_service_worker_is_served_to_anyone_as_javascript(db):
    response = Client().get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]
    script = html(response)
    assert "showNotification" in script
    assert "notificationclick" in script
    # Served by the instance: the icon is ours, nothing comes from another host.
    assert 'icon: "/static/' in script
    assert "http://" not in script
    assert "https://" not in script


def test_the_service_worker_is_the_same_for_members(people, client_for):
    response = client_for(people.river).get("/sw.js")
    assert response.status_code == 200
    assert html(response) == html(Client().get("/sw.js"))


# The notification centre


def test_a_member_sees_their_notifications(people, client_for, for_river):
    response = client_for(people.river).get(INDEX)
    assert response.status_code == 200
    assert shows(response, "sam would like to connect with you.")
    assert opened_ids(response) == [for_river.pk]
    assert f'action="/notifications/{for_river.pk}/read/"' in html(response)
    assert f'action="{READ_ALL}"' in html(response)


def test_a_member_never_sees_anyone_elses_notifications(people, client_for, for_river):
    for someone in (people.sam, people.outsider, people.drew, people.casey):
        response = client_for(someone).get(INDEX)
        assert response.status_code == 200
        assert opened_ids(response) == []
        assert shows(
            response, "Nothing new. When someone reaches out or replies, you'll see it here."
        )
        assert "would like to connect" not in html(response)
        assert badge(response) is None


def test_only_get_is_allowed_on_the_list(people, client_for):
    assert client_for(people.river).post(INDEX).status_code == 405


# Opening a notification


def test_opening_marks_read_and_goes_where_it_points(people, client_for, for_river):
    client = client_for(people.river)
    assert badge(client.get(INDEX)) == 1
    response = client.get(f"/notifications/{for_river.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "/me/connections/"
    for_river.refresh_from_db()
    assert for_river.read_at is not None
    assert badge(client.get(INDEX)) is None


def test_opening_a_notification_without_a_url_goes_to_the_list(people, client_for):
    notification = tell(people.river, people.sam, url="")
    response = client_for(people.river).get(f"/notifications/{notification.pk}/")
    assert response["Location"] == INDEX


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/phish",
        "http://evil.example/",
        "//evil.example/phish",
        "///evil.example/phish",
        "/\\evil.example/phish",
        "\\\\evil.example/phish",
        "http:///evil.example/",
        "https:evil.example",
        " https://evil.example/",
        "\thttps://evil.example/",
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
    ],
)
def test_opening_never_follows_a_url_to_another_site(people, client_for, url):
    notification = tell(people.river, people.sam, url=url)
    response = client_for(people.river).get(f"/notifications/{notification.pk}/")
    assert response.status_code == 302
    assert response["Location"] == INDEX
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_follows_a_local_path_with_its_query(people, client_for):
    notification = tell(people.river, people.sam, url="/people/sam/?from=notification#top")
    response = client_for(people.river).get(f"/notifications/{notification.pk}/")
    assert response["Location"] == "/people/sam/?from=notification#top"


def not_found(client: Client, url: str, method: str = "get") -> str:
    response = getattr(client, method)(url)
    assert response.status_code == 404
    return without_csrf(response.content)


def test_someone_elses_notification_is_missing(people, client_for, for_river):
    missing = for_river.pk + 1000
    for someone in (people.sam, people.outsider, people.drew, people.morgan, people.casey):
        client = client_for(someone)
        assert not_found(client, f"/notifications/{for_river.pk}/") == not_found(
            client, f"/notifications/{missing}/"
        )
        assert not_found(client, f"/notifications/{for_river.pk}/read/", "post") == not_found(
            client, f"/notifications/{missing}/read/", "post"
        )
    for_river.refresh_from_db()
    assert for_river.read_at is None


# Marking read


def test_marking_one_read(people, client_for, for_river):
    other = tell(people.river, people.jordan)
    client = client_for(people.river)
    response = client.post(f"/notifications/{for_river.pk}/read/")
    assert response.status_code == 302
    assert response["Location"] == INDEX
    for_river.refresh_from_db()
    other.refresh_from_db()
    assert for_river.read_at is not None
    assert other.read_at is None
    page = client.get(INDEX)
    assert badge(page) == 1
    assert f'action="/notifications/{for_river.pk}/read/"' not in html(page)
    assert f'action="/notifications/{other.pk}/read/"' in html(page)


def test_marking_read_twice_keeps_the_first_time(people, client_for, for_river):
    client = client_for(people.river)
    client.post(f"/notifications/{for_river.pk}/read/")
    for_river.refresh_from_db()
    first = for_river.read_at
    assert client.post(f"/notifications/{for_river.pk}/read/").status_code == 302
    for_river.refresh_from_db()
    assert for_river.read_at == first


@pytest.mark.parametrize("url", ["/notifications/{pk}/read/", READ_ALL])
def test_marking_read_needs_a_post(people, client_for, for_river, url):
    response = client_for(people.river).get(url.format(pk=for_river.pk))
    assert response.status_code == 405
    for_river.refresh_from_db()
    assert for_river.read_at is None


def test_marking_all_read_only_touches_the_members_own(people, client_for, for_river):
    tell(people.river, people.jordan)
    for_sam = tell(people.sam, people.river)
    client = client_for(people.river)
    response = client.post(READ_ALL, follow=True)
    assert response.redirect_chain == [(INDEX, 302)]
    assert shows(response, "All caught up.")
    assert not Notification.objects.filter(recipient=people.river, read_at__isnull=True).exists()
    for_sam.refresh_from_db()
    assert for_sam.read_at is None
    assert f'action="{READ_ALL}"' not in html(response)


def test_marking_all_read_with_nothing_unread_is_fine(people, client_for):
    response = client_for(people.outsider).post(READ_ALL, follow=True)
    assert response.status_code == 200
    assert shows(response, "All caught up.")


# The header's unread count


def test_the_header_counts_unread_notifications_on_every_page(people, client_for, for_river):
    tell(people.river, people.jordan)
    read = tell(people.river, people.morgan)
    actions.mark_read(user=people.river, notification=read)
    client = client_for(people.river)
    for url in ("/", INDEX, SETTINGS):
        assert badge(client.get(url)) == 2
    listed = client.get(INDEX)
    assert len(opened_ids(listed)) == 3
    assert html(listed).count("notification--unread") == 2


def test_the_header_count_disappears_after_marking_all_read(people, client_for, for_river):
    tell(people.river, people.jordan)
    client = client_for(people.river)
    assert badge(client.get("/")) == 2
    client.post(READ_ALL)
    for url in ("/", INDEX):
        response = client.get(url)
        assert badge(response) is None
        assert "data-unread-count hidden" in html(response)


def test_the_header_has_no_count_for_a_member_with_nothing(people, client_for):
    assert badge(client_for(people.outsider).get("/")) is None


def test_visitors_see_no_unread_count(db):
    assert "data-unread-count" not in html(Client().get("/"))


# Blocks


def test_notify_creates_nothing_across_a_block(people):
    # river blocked drew: neither hears about the other.
    assert (
        actions.notify(recipient=people.river, verb="connection.requested", actor=people.drew)
        is None
    )
    assert (
        actions.notify(recipient=people.drew, verb="connection.requested", actor=people.river)
        is None
    )
    assert not Notification.objects.filter(recipient__in=[people.river, people.drew]).exists()


def test_notifications_about_someone_blocked_later_are_not_listed(people, client_for, for_river):
    from_outsider = tell(people.river, people.outsider)
    from_jordan = tell(people.river, people.jordan)
    from_system = tell(people.river, None)
    accounts.block_member(blocker=people.river, blocked=people.outsider)  # river blocks them
    accounts.block_member(blocker=people.jordan, blocked=people.river)  # they block river
    response = client_for(people.river).get(INDEX)
    listed = opened_ids(response)
    assert listed == [from_system.pk, for_river.pk]
    assert from_outsider.pk not in listed
    assert from_jordan.pk not in listed
    assert "outsider" not in html(response)
    assert "jordan would like" not in html(response)


def test_the_header_count_leaves_out_notifications_hidden_by_a_block(people, client_for):
    tell(people.river, people.outsider)
    accounts.block_member(blocker=people.river, blocked=people.outsider)
    response = client_for(people.river).get(INDEX)
    assert opened_ids(response) == []
    assert badge(response) is None


# Keyset pagination


@pytest.fixture
def seventy(people) -> list[int]:
    """70 notifications for river, from several people; their ids, newest first."""
    actors = [people.sam, people.jordan, people.morgan, people.casey, people.outsider, None]
    made = [tell(people.river, actors[n % len(actors)]) for n in range(70)]
    return sorted((n.pk for n in made if n is not None), reverse=True)


def test_the_first_page_shows_the_30_newest(people, client_for, seventy):
    response = client_for(people.river).get(INDEX)
    assert opened_ids(response) == seventy[:30]
    assert f'href="?after={seventy[29]}"' in html(response)


def test_the_cursor_walks_through_every_notification_once(people, client_for, seventy):
    client = client_for(people.river)
    second = client.get(INDEX, {"after": seventy[29]})
    assert opened_ids(second) == seventy[30:60]
    assert f'href="?after={seventy[59]}"' in html(second)
    last = client.get(INDEX, {"after": seventy[59]})
    assert opened_ids(last) == seventy[60:]
    assert "?after=" not in html(last)
    assert shows(last, "sam would like to connect with you.")


def test_a_new_notification_does_not_shift_the_next_page(people, client_for, seventy):
    client = client_for(people.river)
    tell(people.river, people.sam)
    assert opened_ids(client.get(INDEX, {"after": seventy[29]})) == seventy[30:60]


def test_the_cursor_never_reaches_someone_elses_notifications(people, client_for, seventy):
    tell(people.sam, people.river)
    response = client_for(people.sam).get(INDEX, {"after": seventy[0] + 100})
    assert len(opened_ids(response)) == 1
    assert not set(opened_ids(response)) & set(seventy)


@pytest.mark.parametrize(
    "cursor",
    [
        "abc",
        "-1",
        SCRIPT,
        "",
        "0",
        "1.5",
        "1e3",
        " 5",
        "99999999999999999999999999",
        "9223372036854775808",
        "x" * 5000,
        "²",  # str.isdigit() is true for it, int() is not
    ],
)
def test_a_junk_cursor_shows_the_first_page(people, client_for, seventy, cursor):
    response = client_for(people.river).get(INDEX, {"after": cursor})
    assert response.status_code == 200
    assert opened_ids(response) == seventy[:30]
    assert SCRIPT not in html(response)


# Push devices (the endpoints' validation is in test_views_settings.py)


def test_a_member_removes_their_own_device(people, client_for, rivers_device):
    client = client_for(people.river)
    assert shows(client.get(SETTINGS), "Android")
    response = client.post(
        f"/settings/notifications/devices/{rivers_device.pk}/remove/", follow=True
    )
    assert response.redirect_chain == [(SETTINGS, 302)]
    assert shows(response, "That device won't get notifications any more.")
    assert not PushSubscription.objects.exists()


def test_someone_elses_device_is_missing(people, client_for, rivers_device):
    url = f"/settings/notifications/devices/{rivers_device.pk}/remove/"
    missing = f"/settings/notifications/devices/{rivers_device.pk + 1000}/remove/"
    for someone in (people.sam, people.outsider, people.drew, people.casey):
        client = client_for(someone)
        assert not_found(client, url, "post") == not_found(client, missing, "post")
        settings_page = client.get(SETTINGS)
        assert "Android" not in html(settings_page)
        assert url not in html(settings_page)
    assert PushSubscription.objects.get().user == people.river


def test_removing_a_device_needs_a_post(people, client_for, rivers_device):
    url = f"/settings/notifications/devices/{rivers_device.pk}/remove/"
    assert client_for(people.river).get(url).status_code == 405
    assert PushSubscription.objects.filter(pk=rivers_device.pk).exists()


def test_subscribing_a_device_stores_it_for_the_member(people, client_for, push_hosts):
    response = client_for(people.river).post(
        SUBSCRIBE, {"endpoint": ENDPOINT, "p256dh": P3, "auth": A3, "device": "Linux"}
    )
    assert response.status_code == 201
    assert response.json() == {"ok": True}
    device = PushSubscription.objects.get()
    assert (device.user, device.endpoint, device.device) == (people.river, ENDPOINT, "Linux")


def test_subscribing_needs_a_post(people, client_for, push_hosts):
    assert client_for(people.river).get(SUBSCRIBE).status_code == 405
    assert client_for(people.river).get(UNSUBSCRIBE).status_code == 405


def test_a_member_unsubscribes_their_own_device(people, client_for, rivers_device):
    response = client_for(people.river).post(UNSUBSCRIBE, {"endpoint": ENDPOINT})
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    assert not PushSubscription.objects.exists()


def test_nobody_unsubscribes_someone_elses_device(people, client_for, rivers_device):
    for someone in (people.sam, people.outsider, people.drew):
        response = client_for(someone).post(UNSUBSCRIBE, {"endpoint": ENDPOINT})
        assert response.status_code == 200  # the same answer as for an unknown endpoint
        assert response.json() == client_for(someone).post(UNSUBSCRIBE, {"endpoint": "x"}).json()
    assert PushSubscription.objects.get().user == people.river


# Query counts


def grow_notifications(people, count: int) -> None:
    """Unread and read notifications from several people, and one hidden by a block."""
    actors = [people.sam, people.jordan, people.morgan, people.casey, None]
    for n in range(count):
        made = tell(people.river, actors[n % len(actors)])
        if n % 4 == 0:
            actions.mark_read(user=people.river, notification=made)


def test_the_list_costs_the_same_with_5_or_50_notifications(people, client_for):
    grow_notifications(people, 5)
    client = client_for(people.river)
    count = assert_queries_do_not_grow(client, INDEX, lambda: grow_notifications(people, 45))
    assert count <= MOST_QUERIES
    assert len(opened_ids(client.get(INDEX))) == 30


def test_the_next_page_costs_the_same_as_the_first(people, client_for, count_queries):
    grow_notifications(people, 70)
    client = client_for(people.river)
    first = client.get(INDEX)
    cursor = re.search(r'href="\?after=(\d+)"', html(first)).group(1)
    assert count_queries(lambda: client.get(INDEX)) == count_queries(
        lambda: client.get(INDEX, {"after": cursor})
    )


def test_the_header_count_costs_the_same_with_5_or_50_notifications(people, client_for):
    grow_notifications(people, 5)
    client = client_for(people.river)
    assert_queries_do_not_grow(client, "/", lambda: grow_notifications(people, 45))
    assert badge(client.get("/")) is not None
