"""The fragment cache and its keys (alongside.core.fragments)."""

import datetime

import pytest
from django.core.cache import caches
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from alongside.core.fragments import ALIAS, fragment_key


@pytest.fixture
def fragments():
    cache = caches[ALIAS]
    cache.clear()
    yield cache
    cache.clear()


def test_a_fragment_comes_back_as_the_same_safe_text(fragments):
    fragments.set("post", mark_safe("<li>Hi</li>"))
    kept = fragments.get("post")
    assert kept == "<li>Hi</li>"
    assert isinstance(kept, SafeString)  # still safe: the template doesn't escape it again
    assert fragments.get("missing", "default") == "default"


def test_add_keeps_the_first_and_entries_expire(fragments):
    assert fragments.add("post", "first")
    assert not fragments.add("post", "second")
    assert fragments.get("post") == "first"
    fragments.set("brief", "gone", timeout=-1)
    assert fragments.get("brief") is None


def test_only_text_is_kept(fragments):
    # A list or dict handed out as is would change under the next reader; text cannot.
    with pytest.raises(TypeError):
        fragments.set("post", ["<li>Hi</li>"])
    with pytest.raises(TypeError):
        fragments.add("post", {"html": "<li>Hi</li>"})
    fragments.set("count", "1")
    with pytest.raises(TypeError):
        fragments.incr("count")
    assert fragments.get("post") is None


def test_a_full_cache_lets_go_of_the_least_recently_read_one_at_a_time():
    from alongside.core.fragments import FragmentCache

    small = FragmentCache("test-small", {"OPTIONS": {"MAX_ENTRIES": 3}})
    small.clear()
    for key in ["a", "b", "c"]:
        small.set(key, key.upper())
    assert small.get("a") == "A"  # read: now the most recent
    small.set("d", "D")  # full: "b", read least recently, goes, and only it
    assert [small.get(key) for key in "abcd"] == ["A", None, "C", "D"]
    small.set("e", "E")
    assert [small.get(key) for key in "acde"] == [None, "C", "D", "E"]


def test_keys_tell_apart_what_renders_differently():
    moment = datetime.datetime(2026, 12, 3, 9, 30, tzinfo=datetime.UTC)
    base = ("en", True, 7, [("thanks", "Thanks", 2, False)], moment, "<p>Hi</p>")
    assert fragment_key(*base) == fragment_key(*base)
    changed = [
        ("es", True, 7, [("thanks", "Thanks", 2, False)], moment, "<p>Hi</p>"),
        ("en", False, 7, [("thanks", "Thanks", 2, False)], moment, "<p>Hi</p>"),
        ("en", True, 7, [("thanks", "Thanks", 3, False)], moment, "<p>Hi</p>"),
        ("en", True, 7, [("thanks", "Thanks", 2, True)], moment, "<p>Hi</p>"),
        ("en", True, 7, [("thanks", "Thanks", 2, False)], None, "<p>Hi</p>"),
        ("en", True, 7, [("thanks", "Thanks", 2, False)], moment, "<p>Hi!</p>"),
        ("en", True, "7", [("thanks", "Thanks", 2, False)], moment, "<p>Hi</p>"),
    ]
    assert len({fragment_key(*parts) for parts in changed} | {fragment_key(*base)}) == 8


def test_keys_name_lazy_text_and_sets_by_their_content():
    assert fragment_key(gettext_lazy("Report")) == fragment_key("Report")
    assert fragment_key({"b", "a"}) == fragment_key(frozenset({"a", "b"}))
    # Separators inside values can't make two different lists name the same key.
    assert fragment_key(["a,b"]) != fragment_key(["a", "b"])
    assert fragment_key('a","b') != fragment_key("a", "b")
