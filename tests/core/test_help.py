import pytest
from django.test import Client, override_settings

from alongside.support.models import CrisisLine


@pytest.mark.django_db
def test_help_page_needs_no_login_and_lists_national_lines():
    response = Client().get("/help/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="tel:988"' in html
    assert 'href="tel:18006624357"' in html
    assert 'href="tel:911"' in html
    assert "435748" in html
    assert "Naloxone" in html


@pytest.mark.django_db
def test_help_link_is_in_the_header_of_every_page(people, client_for):
    pages = ["/", "/accounts/login/", "/accounts/signup/", "/about/privacy/", "/no-such/"]
    for url in pages:
        assert b'class="help-now" href="/help/"' in Client().get(url).content, url
    member = client_for(people.river)
    for url in ["/", "/people/", "/me/connections/", "/settings/", "/settings/profile/"]:
        assert b'class="help-now" href="/help/"' in member.get(url).content, url


@pytest.mark.django_db
@override_settings(
    LOCAL_CRISIS_LINES="Multnomah County Crisis Line|503-988-4888|24/7 mental health"
)
def test_deployment_adds_local_lines_in_settings_and_admin():
    CrisisLine.objects.create(name="Cedar Ridge on-call nurse", phone="(503) 555-0100")
    CrisisLine.objects.create(name="Retired line", phone="1", is_active=False)
    html = Client().get("/help/").content.decode()
    assert "Multnomah County Crisis Line" in html
    assert 'href="tel:5039884888"' in html
    assert "Cedar Ridge on-call nurse" in html
    assert 'href="tel:5035550100"' in html
    assert "Retired line" not in html


@pytest.mark.django_db
def test_local_line_names_are_escaped():
    CrisisLine.objects.create(name="<script>alert(1)</script>", phone="555")
    html = Client().get("/help/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
