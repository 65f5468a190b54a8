import pytest
from django.test import Client


@pytest.mark.django_db
def test_healthz_reports_database():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_welcome_page_for_visitors_explains_and_invites():
    response = Client().get("/")
    assert response.status_code == 200
    assert b"Join" in response.content
    assert b'href="/help/"' in response.content


def test_every_page_has_csp_without_other_hosts(db):
    response = Client().get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "http" not in csp
