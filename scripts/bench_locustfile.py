"""Locust users for scripts/bench_stack.py: one endpoint per run (BENCH_ENDPOINT), members
sampled from the prepared sessions (BENCH_TARGETS), every request timed and its X-Query-Count
and X-Server-Ms kept; the raw numbers go to BENCH_OUT when the run stops.

Closed loop by default (each user sends its next request when the last one answered, which
finds the maximum but hides queueing delay). With BENCH_RATE set, an open loop: every user
sends on a fixed schedule, together BENCH_RATE requests/s whatever the server does, and each
latency is measured from the moment the request was due, so waiting counts."""

import json
import os
import random
import time

import gevent
from locust import FastHttpUser, events, task

TARGETS = json.load(open(os.environ["BENCH_TARGETS"]))  # noqa: SIM115
ENDPOINT = os.environ["BENCH_ENDPOINT"]
RATE = float(os.environ.get("BENCH_RATE") or 0)  # requests/s in all; 0: closed loop
USERS = int(os.environ.get("BENCH_USERS") or 1)
SAMPLES: dict = {"times": [], "queries": [], "server_ms": [], "errors": [], "statuses": {}}


@events.request.add_listener
def record(response_time, response, exception, **kwargs):  # type: ignore[no-untyped-def]
    status = getattr(response, "status_code", 0)
    SAMPLES["statuses"][str(status)] = SAMPLES["statuses"].get(str(status), 0) + 1
    if exception is not None:
        SAMPLES["errors"].append(f"{status} {exception}"[:200])
        return
    if not RATE:
        SAMPLES["times"].append(response_time)
    headers = response.headers if response is not None else {}
    if (count := headers.get("X-Query-Count")) is not None:
        SAMPLES["queries"].append(int(count))
    if (server_ms := headers.get("X-Server-Ms")) is not None:
        SAMPLES["server_ms"].append(float(server_ms))


@events.quitting.add_listener
def dump(environment, **kwargs):  # type: ignore[no-untyped-def]
    with open(os.environ["BENCH_OUT"], "w") as out:
        json.dump(SAMPLES, out)


def words(n: int) -> str:
    """A varied sentence without digits (numbers can read as a phone number, which the forum
    stops to ask about first)."""
    vocabulary = ["truly", "a lot", "more than you know", "every day", "so much", "again"]
    return vocabulary[n % len(vocabulary)]


class Member(FastHttpUser):
    network_timeout = 30.0
    connection_timeout = 30.0
    due = 0.0  # open loop: when this user's next request is due (time.monotonic)

    def wait_time(self) -> float:
        return max(0.0, self.due - time.monotonic()) if RATE else 0.0

    def on_start(self) -> None:
        self.sign_in()
        if RATE:  # spread the users' schedules evenly over one interval
            self.interval = USERS / RATE
            self.due = time.monotonic() + random.uniform(0, self.interval)  # noqa: S311
            gevent.sleep(max(0.0, self.due - time.monotonic()))

    def sign_in(self) -> None:
        self.me = random.choice(TARGETS["members"])  # noqa: S311
        self.headers = {
            "Cookie": f"sessionid={self.me['session']}; csrftoken={TARGETS['csrf']}",
            "X-CSRFToken": TARGETS["csrf"],
        }

    def get(self, url: str, name: str, anonymous: bool = False) -> None:
        headers = {} if anonymous else self.headers
        self.client.get(url, headers=headers, name=name, allow_redirects=False)

    @task
    def hit(self) -> None:
        if not RATE:
            self.request()
            return
        due = self.due
        self.due += self.interval
        self.request()
        SAMPLES["times"].append((time.monotonic() - due) * 1000)

    def request(self) -> None:
        if ENDPOINT in {"reply", "send_message"}:
            # Each member may write only so often (messaging and moderation limits): writes
            # rotate through the sampled members instead of hitting one member's limit.
            self.sign_in()
        me, t = self.me, TARGETS
        n = random.randrange(10**6)  # noqa: S311
        if ENDPOINT == "floor":
            self.get("/bench/floor/", ENDPOINT, anonymous=True)
        elif ENDPOINT == "healthz":
            self.get("/healthz", ENDPOINT, anonymous=True)
        elif ENDPOINT == "home":
            self.get("/", ENDPOINT)
        elif ENDPOINT == "thread":
            self.get(f"/discussions/threads/{random.choice(t['long_threads'])}/", ENDPOINT)  # noqa: S311
        elif ENDPOINT == "forum_search":
            self.get(f"/forum/search/?q={random.choice(t['words'])}", ENDPOINT)  # noqa: S311
        elif ENDPOINT == "group":
            self.get(f"/groups/{me['group']}/", ENDPOINT)
        elif ENDPOINT == "meeting_search":
            zip_code = random.choice(t["zips"])  # noqa: S311
            self.get(f"/meetings/?near={zip_code}&distance=10&type=O&time=evening", ENDPOINT)
        elif ENDPOINT == "feed_json":
            zip_code = random.choice(t["zips"])  # noqa: S311
            self.get(f"/meetings/feed.json?near={zip_code}&distance=10&type=O", ENDPOINT)
        elif ENDPOINT == "mentors":
            self.get("/mentors/", ENDPOINT)
        elif ENDPOINT == "conversation":
            self.get(f"/messages/{me['conversation']}/", ENDPOINT)
        elif ENDPOINT == "reply":
            with self.client.post(
                f"/discussions/threads/{random.choice(t['reply_threads'])}/reply/",  # noqa: S311
                data={"body": f"Thank you for sharing this, it helps {words(n)}."},
                headers=self.headers,
                name=ENDPOINT,
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code != 302:
                    response.failure(f"status {response.status_code}")
        elif ENDPOINT == "send_message":
            with self.client.post(
                f"/messages/{me['conversation']}/send/",
                data={"body": f"Thinking of you today, {words(n)}."},
                headers={**self.headers, "X-Requested-With": "fetch"},
                name=ENDPOINT,
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code != 204:
                    response.failure(f"status {response.status_code}")
