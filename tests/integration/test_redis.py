"""The cache and the channel layer on a real Redis, as in production."""

import pytest
from asgiref.sync import async_to_sync
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.core.cache import caches

from alongside.asgi import application
from alongside.core.realtime import send_to_member

pytestmark = pytest.mark.redis


@pytest.fixture
def redis_settings(settings, redis_url):
    settings.CACHES = {
        "default": {
            "BACKEND": "alongside.core.cache_pool.SharedClientCache",
            "LOCATION": redis_url,
            "OPTIONS": {"pool_class": "alongside.core.cache_pool.SharedConnectionPool"},
        }
    }
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [redis_url]},
        }
    }
    channel_layers.backends.clear()
    yield settings
    channel_layers.backends.clear()


def test_cache_round_trip_on_redis(redis_settings):
    cache = caches.create_connection("default")
    cache.set("alongside-test", {"count": 3}, timeout=30)
    assert cache.get("alongside-test") == {"count": 3}
    assert cache.add("alongside-counter", 1)
    assert cache.incr("alongside-counter") == 2


@pytest.mark.django_db(transaction=True)
def test_member_socket_receives_events_sent_through_redis(redis_settings, people):
    river = people.river

    async def scenario() -> dict:
        communicator = WebsocketCommunicator(
            application, "/ws/member/", headers=[(b"origin", b"http://127.0.0.1:8000")]
        )
        communicator.scope["user"] = river
        connected, _ = await communicator.connect()
        assert connected
        from asgiref.sync import sync_to_async

        await sync_to_async(send_to_member)(river.pk, {"kind": "hello", "count": 1})
        event = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        return event

    assert async_to_sync(scenario)() == {"kind": "hello", "count": 1}
