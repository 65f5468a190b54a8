from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def assert_queries_do_not_grow(client: Client, url: str, grow: Callable[[], object]) -> int:
    """GET `url`, add data with `grow()`, GET again: the query count must stay the same."""

    def run() -> CaptureQueriesContext:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, response.status_code
        return captured

    before = run()
    grow()
    after = run()
    sql = "\n".join(q["sql"] for q in after.captured_queries)
    assert len(after) == len(before), f"{url}: {len(before)} -> {len(after)} queries\n{sql}"
    return len(after)
