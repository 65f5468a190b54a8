"""Sync code publishes conversation events through one event loop kept for the process (with
Redis), so the layer keeps its connection instead of opening one per message."""

import asyncio

import pytest

from alongside.messaging import realtime


class RedisLikeLayer:
    """Stands in for channels_redis's layers: it only records where it was called."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict, asyncio.AbstractEventLoop]] = []

    async def group_send(self, group: str, message: dict) -> None:
        self.sent.append((group, message, asyncio.get_running_loop()))


RedisLikeLayer.__module__ = "channels_redis.stand_in"


@pytest.fixture
def layer(monkeypatch):
    fake = RedisLikeLayer()
    monkeypatch.setattr(realtime, "get_channel_layer", lambda: fake)
    return fake


def test_events_go_out_on_one_loop_for_the_process(layer):
    realtime.send_to_conversation(7, {"type": "message.new", "id": 1})
    realtime.send_to_conversation(8, {"type": "message.new", "id": 2})
    (group1, message1, loop1), (group2, _message2, loop2) = layer.sent
    assert (group1, group2) == ("conversation.7", "conversation.8")
    assert message1 == {"type": "conversation.event", "event": {"type": "message.new", "id": 1}}
    assert loop1 is loop2 and loop1.is_running()


def test_a_forked_worker_starts_its_own_loop(layer, monkeypatch):
    realtime.send_to_conversation(7, {"type": "message.new", "id": 1})
    monkeypatch.setattr(realtime.os, "getpid", lambda: -1)
    realtime.send_to_conversation(7, {"type": "message.new", "id": 2})
    assert layer.sent[0][2] is not layer.sent[1][2]


def test_a_layer_that_does_not_answer_is_an_error_not_a_hang(monkeypatch):
    class Stuck(RedisLikeLayer):
        async def group_send(self, group: str, message: dict) -> None:
            await asyncio.sleep(60)

    Stuck.__module__ = "channels_redis.stand_in"
    monkeypatch.setattr(realtime, "get_channel_layer", Stuck)
    monkeypatch.setattr(realtime, "PUBLISH_SECONDS", 0.05)
    with pytest.raises(TimeoutError):
        realtime.send_to_conversation(7, {"type": "message.new", "id": 1})


def test_the_in_memory_layer_is_used_as_before(monkeypatch):
    from channels.layers import InMemoryChannelLayer

    memory = InMemoryChannelLayer()
    monkeypatch.setattr(realtime, "get_channel_layer", lambda: memory)

    async def listen() -> dict:
        channel = await memory.new_channel()
        await memory.group_add("conversation.9", channel)
        await asyncio.get_running_loop().run_in_executor(
            None, realtime.send_to_conversation, 9, {"type": "message.new", "id": 3}
        )
        return await asyncio.wait_for(memory.receive(channel), 2)

    assert asyncio.run(listen())["event"] == {"type": "message.new", "id": 3}
