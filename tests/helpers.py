from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def assert_queries_do_not_grow(client: Client, url: str, grow: Callable[[], object]) -> int:
    """GET `url`, add data with `grow()`, GET again: the query count must stay the same.

    Each count is the page's steady state: one unmeasured GET first fills the caches (the
    signed-in member, the header's counts), which `grow()` may have emptied again."""

    def run() -> CaptureQueriesContext:
        client.get(url)
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


def page_html(client: Client, url: str) -> str:
    """The page at `url`, which must answer 200, as text."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def push_keys(seed: int) -> tuple[str, str]:
    """A browser-shaped push subscription's keys (p256dh, auth), different for each seed."""
    import base64

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    private = ec.derive_private_key(seed + 1, ec.SECP256R1())
    point = private.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    secret = seed.to_bytes(16, "big")

    def encode(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return encode(point), encode(secret)
