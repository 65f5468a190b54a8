"""The benchmark's query-count header exists only when asked for (alongside.bench_settings)."""

from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from alongside.core.middleware import query_count


def view(request):  # type: ignore[no-untyped-def]
    from alongside.accounts.models import User

    User.objects.count()
    User.objects.count()
    return HttpResponse("ok")


def test_off_by_default_it_is_not_even_in_the_chain() -> None:
    assert query_count(view) is view


@override_settings(BENCH_QUERY_COUNT=True)
def test_on_it_counts_the_queries(db: None) -> None:
    response = query_count(view)(RequestFactory().get("/"))
    assert response["X-Query-Count"] == "2"
    assert float(response["X-Server-Ms"]) >= 0


def test_the_real_settings_never_install_it() -> None:
    from django.conf import settings

    assert "alongside.core.middleware.query_count" not in settings.MIDDLEWARE
