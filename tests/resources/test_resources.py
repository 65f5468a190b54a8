"""The resource directory: public pages, search and filters, safe links, hidden resources,
flat query counts and the admin."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from alongside.resources import actions, demo, selectors
from alongside.resources.models import Category, Resource
from tests.helpers import assert_queries_do_not_grow

DIRECTORY = reverse("resources:directory")


@pytest.fixture
def world(db):
    crisis = actions.save_category(name="Crisis and helplines", slug="crisis", position=0)
    meetings = actions.save_category(name="Meetings", slug="meetings", position=1)
    lifeline = actions.save_resource(
        name="988 Suicide & Crisis Lifeline",
        category=crisis,
        description="Call or text 988 to reach a trained crisis counselor.",
        phone="988",
        sms="988",
        url="https://988lifeline.org",
    )
    text_line = actions.save_resource(
        name="Crisis Text Line",
        category=crisis,
        description="Text with a trained volunteer.",
        sms="741741",
        sms_keyword="HOME",
        url="https://www.crisistextline.org",
    )
    smart = actions.save_resource(
        name="SMART Recovery",
        category=meetings,
        description="Science-based mutual help with meetings online every day.",
        url="https://smartrecovery.org",
    )
    local = actions.save_resource(
        name="Multnomah County Crisis Line",
        category=crisis,
        description="The county's 24-hour mental health crisis line.",
        phone="503-988-4888",
        area=Resource.Area.LOCAL,
        city="Portland",
        state="OR",
    )
    return {
        "crisis": crisis,
        "meetings": meetings,
        "lifeline": lifeline,
        "text_line": text_line,
        "smart": smart,
        "local": local,
    }


@pytest.fixture
def logged_in(people, client_for):
    return client_for(people.river)


@pytest.fixture(params=["visitor", "member"])
def anyone(request, people, client_for):
    """The directory is public: everything here holds for a visitor and for river alike."""
    return Client() if request.param == "visitor" else client_for(people.river)


# Listing and searching


def test_the_directory_lists_resources_grouped_by_category(world, anyone):
    page = anyone.get(DIRECTORY)
    assert page.status_code == 200
    text = page.text.split('role="search"', 1)[1].split("</form>", 1)[1]  # past the filters
    assert text.index("Crisis and helplines") < text.index("988 Suicide") < text.index("Meetings")
    assert text.index("Meetings") < text.index("SMART Recovery")
    assert 'href="tel:988"' in text
    assert 'href="sms:741741?body=HOME"' in text
    assert "Text HOME to 741741" in text
    assert 'href="tel:503-988-4888"' not in text  # tel: links keep digits only
    assert 'href="tel:5039884888"' in text


def test_search_finds_by_name_and_description(world, anyone):
    by_name = anyone.get(DIRECTORY, {"q": "SMART"})
    assert "SMART Recovery" in by_name.text
    assert "Crisis Text Line" not in by_name.text
    by_description = anyone.get(DIRECTORY, {"q": "volunteer"})
    assert "Crisis Text Line" in by_description.text
    assert "SMART Recovery" not in by_description.text


def test_a_search_that_finds_nothing_says_what_to_do(world, anyone):
    page = anyone.get(DIRECTORY, {"q": "zebra-unicorn"})
    assert page.status_code == 200
    assert "Nothing matches that yet" in page.text
    assert "see every resource" in page.text


def test_category_filter(world, anyone):
    page = anyone.get(DIRECTORY, {"category": "meetings"})
    assert "SMART Recovery" in page.text
    assert "Crisis Text Line" not in page.text
    assert '<option value="meetings" selected>' in page.text


def test_area_filter_and_a_combined_search(world, anyone):
    local = anyone.get(DIRECTORY, {"area": "local"})
    assert "Multnomah County Crisis Line" in local.text
    assert "988 Suicide" not in local.text
    combined = anyone.get(DIRECTORY, {"q": "crisis", "category": "crisis", "area": "national"})
    assert "988 Suicide" in combined.text
    assert "Multnomah" not in combined.text


def test_unknown_filters_are_ignored(world, anyone):
    page = anyone.get(DIRECTORY, {"category": "no-such-thing", "area": "mars", "page": "x"})
    assert page.status_code == 200
    assert "SMART Recovery" in page.text
    assert "988 Suicide" in page.text


JUNK = [
    "<script>alert(1)</script>",
    "x" * 10_000,
    "%",
    "_",
    "100%_",
    "' OR 1=1 --",
    '"unbalanced',
    "a & | ! ( ) : * <-> b",
    "-",
    "  ",
    "née café 988 🧡 ЖЖ 中文",
    "\x00nul",
    "\\",
]


@pytest.mark.parametrize("junk", JUNK)
def test_search_and_filters_never_fail_on_junk(world, anyone, junk):
    for params in ({"q": junk}, {"category": junk}, {"area": junk}, {"page": junk}):
        page = anyone.get(DIRECTORY, params)
        assert page.status_code == 200, params
        assert "<script>alert" not in page.text


def test_a_percent_sign_is_not_a_wildcard(world, anyone):
    page = anyone.get(DIRECTORY, {"q": "%"})
    assert "SMART Recovery" not in page.text


def test_a_search_is_bounded():
    assert len(selectors.clean_query("y" * 5000)) == selectors.MAX_QUERY
    assert selectors.clean_query("  two \n\t words\x00 ") == "two words"


def test_pages_are_bounded(db, anyone):
    category = actions.save_category(name="Many", slug="many")
    Resource.objects.bulk_create(
        Resource(name=f"Resource {i:03}", slug=f"r-{i}", category=category, description="d")
        for i in range(selectors.PER_PAGE + 5)
    )
    first = anyone.get(DIRECTORY)
    assert first.text.count("<li><article") == selectors.PER_PAGE
    assert "Page 1 of 2" in first.text
    second = anyone.get(DIRECTORY, {"page": 2})
    assert second.text.count("<li><article") == 5
    assert "Resource 054" in second.text


# Safe links


def test_external_links_open_safely(world, anyone):
    page = anyone.get(DIRECTORY)
    assert '<a href="https://988lifeline.org" rel="noopener noreferrer nofollow">' in page.text
    assert "target=" not in page.text.split("<main", 1)[1]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.org/file",
        "vbscript:msgbox(1)",
        "//example.org",
        "example.org/<script>",
    ],
)
def test_only_http_and_https_urls_are_accepted(world, url):
    with pytest.raises(ValidationError) as raised:
        actions.save_resource(name="Bad link", category=world["crisis"], description="d", url=url)
    assert "url" in raised.value.message_dict
    assert not Resource.objects.filter(name="Bad link").exists()


def test_the_database_refuses_other_schemes_too(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Resource.objects.filter(pk=world["smart"].pk).update(url="javascript:alert(1)")


def test_http_and_https_urls_are_accepted(world):
    for url in ("http://example.org", "https://example.org/path?x=1"):
        resource = actions.save_resource(
            name="Fine link", category=world["crisis"], description="d", url=url
        )
        assert resource.url == url


# Hidden resources


def test_inactive_resources_are_hidden_everywhere(world, anyone):
    actions.hide_resource(resource=world["smart"])
    page = anyone.get(DIRECTORY)
    assert "SMART Recovery" not in page.text
    # A category with nothing shown in it leaves the filter too.
    assert '<option value="meetings"' not in page.text
    assert "SMART Recovery" not in anyone.get(DIRECTORY, {"q": "SMART"}).text
    assert "SMART Recovery" not in anyone.get(DIRECTORY, {"category": "meetings"}).text
    hidden = anyone.get(reverse("resources:detail", args=[world["smart"].slug]))
    missing = anyone.get(reverse("resources:detail", args=["no-such-resource"]))
    assert hidden.status_code == missing.status_code == 404


def test_the_detail_page(world, anyone):
    page = anyone.get(reverse("resources:detail", args=[world["text_line"].slug]))
    assert page.status_code == 200
    assert "<h1" in page.text and "Crisis Text Line" in page.text
    assert 'rel="noopener noreferrer nofollow"' in page.text
    assert 'href="sms:741741?body=HOME"' in page.text
    assert "Last updated" in page.text


def test_an_empty_directory_says_what_to_do(db, anyone):
    page = anyone.get(DIRECTORY)
    assert page.status_code == 200
    assert "No resources have been added yet" in page.text


def test_only_get(world):
    assert Client().post(DIRECTORY).status_code == 405


# Query counts


def _grow(category: Category, start: int) -> None:
    for i in range(start, start + 5):
        other = actions.save_category(name=f"Category {i}", slug=f"category-{i}", position=i)
        for target in (category, other):
            actions.save_resource(
                name=f"Resource {i} in {target.slug}",
                category=target,
                description="Support line, peer support.",
                phone="1-800-000-0000",
                url="https://example.org",
            )


@pytest.mark.parametrize("params", ["", "?q=line", "?category=crisis", "?area=national"])
def test_query_count_is_flat_as_resources_grow(world, anyone, params):
    assert_queries_do_not_grow(anyone, DIRECTORY + params, lambda: _grow(world["crisis"], 10))


# Links to the directory


def test_footer_and_help_page_link_to_the_directory(db, anyone):
    help_page = anyone.get(reverse("support:help"))
    assert help_page.text.count(f'href="{DIRECTORY}"') == 2  # the page and the footer


# Admin


@pytest.fixture
def admin_client(db):
    from alongside.accounts.models import User

    admin = User.objects.create_superuser("admin", "admin@example.org", "a-long-admin-pass")
    client = Client()
    client.force_login(admin)
    return client


def test_admin_pages_load_for_an_admin(world, admin_client):
    for url in (
        reverse("admin:resources_resource_changelist"),
        reverse("admin:resources_resource_changelist") + "?q=crisis&area__exact=local",
        reverse("admin:resources_resource_add"),
        reverse("admin:resources_resource_change", args=[world["smart"].pk]),
        reverse("admin:resources_category_changelist"),
        reverse("admin:resources_category_add"),
        reverse("admin:resources_category_change", args=[world["crisis"].pk]),
    ):
        assert admin_client.get(url).status_code == 200, url


def test_the_admin_refuses_a_javascript_link(world, admin_client):
    response = admin_client.post(
        reverse("admin:resources_resource_add"),
        {
            "name": "Sneaky",
            "slug": "sneaky",
            "category": world["crisis"].pk,
            "description": "d",
            "url": "javascript:alert(1)",
            "area": "national",
            "position": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["url"]
    assert not Resource.objects.filter(slug="sneaky").exists()


def test_members_do_not_get_the_admin(world, logged_in):
    page = logged_in.get(reverse("admin:resources_resource_changelist"))
    assert page.status_code == 302


# Demo


def test_demo_loads_once_and_every_entry_is_valid(db):
    assert "resources" in demo.load()
    count = Resource.objects.count()
    assert count == len(demo.RESOURCES) >= 35
    assert Resource.objects.filter(area=Resource.Area.LOCAL).count() >= 12
    assert demo.load() == "0 resources"
    assert Resource.objects.count() == count
    never_alone = Resource.objects.get(name="Never Use Alone")
    assert never_alone.phone == "800-484-3731"
    page = Client().get(DIRECTORY, {"q": "naloxone"})
    assert "NEXT Distro" in page.text
