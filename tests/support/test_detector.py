"""The crisis-language detector: measured on a labelled set, then case by case.

The labelled set (crisis_texts.tsv) was written for this suite. Run with ``-s`` to see the
numbers: ``.venv/bin/pytest tests/support/test_detector.py -q -s``.
"""

import ast
import csv
import dataclasses
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alongside.support import detector
from alongside.support.detector import CATEGORIES, PATTERN_NAMES, Assessment, assess

DATA = Path(__file__).with_name("crisis_texts.tsv")
MIN_RECALL = 0.90
MIN_PRECISION = 0.80


def load() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def scores(rows: list[dict[str, str]]) -> dict[str, float]:
    tp = fp = fn = tn = 0
    for row in rows:
        flagged = assess(row["text"]).flagged
        crisis = row["label"] == "crisis"
        tp += crisis and flagged
        fn += crisis and not flagged
        fp += (not crisis) and flagged
        tn += (not crisis) and not flagged
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"n": len(rows), "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": precision, "recall": recall, "f1": f1}  # fmt: skip


# --- the labelled set ------------------------------------------------------------------------


def test_the_labelled_set_is_well_formed():
    rows = load()
    assert len(rows) >= 240
    assert {row["label"] for row in rows} == {"crisis", "ok"}
    assert {row["language"] for row in rows} == {"en", "es"}
    assert sum(row["label"] == "crisis" for row in rows) >= 100
    assert sum(row["label"] == "ok" for row in rows) >= 120
    for language in ("en", "es"):
        for label in ("crisis", "ok"):
            assert sum(r["language"] == language and r["label"] == label for r in rows) >= 40
    assert all(row["text"].strip() for row in rows)
    texts = [row["text"].lower() for row in rows]
    assert len(texts) == len(set(texts)), "duplicate texts"


def test_precision_and_recall_on_the_labelled_set():
    rows = load()
    report = {"all": scores(rows)}
    for language in ("en", "es"):
        report[language] = scores([r for r in rows if r["language"] == language])
    print()
    for name, s in report.items():
        print(
            f"crisis detector [{name}] n={s['n']} tp={s['tp']} fp={s['fp']} fn={s['fn']} "
            f"tn={s['tn']} precision={s['precision']:.3f} recall={s['recall']:.3f} "
            f"f1={s['f1']:.3f}"
        )
    misses = [r["text"] for r in rows if r["label"] == "crisis" and not assess(r["text"]).flagged]
    alarms = [r["text"] for r in rows if r["label"] == "ok" and assess(r["text"]).flagged]
    if misses or alarms:
        print("missed:", misses)
        print("false alarms:", alarms)
    for s in report.values():
        assert s["recall"] >= MIN_RECALL
        assert s["precision"] >= MIN_PRECISION


def test_every_crisis_text_names_a_known_category():
    for row in load():
        result = assess(row["text"])
        assert result.categories <= CATEGORIES
        assert set(result.matched) <= PATTERN_NAMES
        assert result.flagged == bool(result.categories) == bool(result.matched)


# --- categories ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I want to die", "suicide"),
        ("i dont want to be here anymore", "suicide"),
        ("everyone is better off without me", "suicide"),
        ("I'm going to end it", "suicide"),
        ("I can't go on", "suicide"),
        ("no quiero vivir", "suicide"),
        ("quiero morirme", "suicide"),
        ("voy a quitarme la vida", "suicide"),
        ("I've been cutting again", "self_harm"),
        ("i want to hurt myself", "self_harm"),
        ("me estoy cortando", "self_harm"),
        ("quiero hacerme daño", "self_harm"),
        ("I took too many pills", "overdose"),
        ("he's not breathing", "overdose"),
        ("she's turning blue", "overdose"),
        ("I think I'm overdosing", "overdose"),
        ("se está poniendo morado", "overdose"),
        ("no respira", "overdose"),
    ],
)
def test_each_category(text, category):
    result = assess(text)
    assert result.flagged
    assert category in result.categories


def test_a_recovery_word_does_not_hide_present_intent():
    for text in ("I'm 90 days sober and I want to die", "llevo un año sobria y quiero morirme"):
        assert assess(text).categories == {"suicide"}


# --- urgency ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I have a plan",
        "i want to die tonight",
        "I'm going to kill myself right now",
        "I took all my pills",
        "he's not breathing",
        "he won't wake up",
        "she's turning blue",
        "no respira",
        "me voy a matar esta noche",
        "this is my last post, goodbye forever",
    ],
)
def test_imminent_danger_is_urgent(text):
    result = assess(text)
    assert result.flagged and result.urgent


@pytest.mark.parametrize(
    "text", ["I want to die", "I feel suicidal", "no quiero vivir", "i keep hurting myself"]
)
def test_ideation_without_a_time_or_plan_is_flagged_but_not_urgent(text):
    result = assess(text)
    assert result.flagged and not result.urgent


# --- what is not a crisis --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I'm not suicidal",
        "I don't want to hurt myself",
        "I dont want to die",
        "I would never kill myself",
        "no quiero morir",
        "no me quiero morir",
        "nunca me haría daño",
        "no voy a lastimarme",
    ],
)
def test_negation(text):
    assert not assess(text).flagged


@pytest.mark.parametrize(
    "text",
    [
        "this traffic is killing me",
        "I'm dying to see the new movie",
        "me muero de risa",
        "I'd kill for a coffee",
        "that joke killed",
        "me muero de hambre",
        "I want to die my hair blue",
        "voy a cortarme el pelo",
        "I'm going to end it with him",
    ],
)
def test_idioms(text):
    assert not assess(text).flagged


@pytest.mark.parametrize(
    "text",
    [
        "I used to want to die, today I'm 90 days clean",
        "a year ago I overdosed; naloxone saved me and now I carry it",
        "I called 988 last year and it helped",
        "the overdose prevention training is Tuesday",
        "signs of an overdose include blue lips and slow breathing",
        "if someone is not breathing, call 911",
        "my uncle overdosed years ago",
        "hace dos años tuve una sobredosis, hoy estoy bien",
        "today was rough but I went to a meeting",
    ],
)
def test_recovery_stories_resources_and_education(text):
    assert not assess(text).flagged


def test_a_contrast_word_ends_the_past():
    assert not assess("I used to want to die").flagged
    assert assess("I used to be happy but now I want to die").flagged
    assert assess("antes era feliz, pero ahora quiero morirme").flagged


# --- Spanish accents, case and texting style -------------------------------------------------


@pytest.mark.parametrize(
    ("accented", "plain"),
    [
        ("se está poniendo morado", "se esta poniendo morado"),
        ("mi familia estaría mejor sin mí", "mi familia estaria mejor sin mi"),
        ("ya no puedo más", "ya no puedo mas"),
        ("me tomé todas las pastillas", "me tome todas las pastillas"),
        ("tengo ganas de hacerme daño", "tengo ganas de hacerme dano"),
        ("ojalá estuviera muerta", "OJALA ESTUVIERA MUERTA"),
    ],
)
def test_spanish_with_or_without_accents(accented, plain):
    with_accents, without = assess(accented), assess(plain)
    assert with_accents.flagged
    assert with_accents == without


@pytest.mark.parametrize(
    "text",
    ["I WANT TO DIE", "i   want\tto\n die", "i wanna die", "i wnat to dieee", "IM SUCIDAL"],
)
def test_case_spacing_and_texting(text):
    assert assess(text).flagged


def test_a_blank_line_ends_a_sentence():
    assert not assess("A year ago I overdosed.\n\nNow I carry naloxone").flagged
    assert assess("years ago i was drinking\n\ni want to die").flagged


def test_normalize_expands_contractions_and_strips_accents():
    assert (
        detector.normalize("I'm  NOT gonna—dont, ya está") == "i am not going to do not , ya esta"
    )


# --- what the result exposes -----------------------------------------------------------------


def test_matched_names_patterns_never_the_text():
    for row in load():
        result = assess(row["text"])
        words = {w for w in detector.normalize(row["text"]).split() if len(w) > 3}
        for name in result.matched:
            assert name in PATTERN_NAMES
            assert row["text"].lower() not in name
        shown = repr(result)
        assert row["text"] not in shown
        assert not any(f" {w} " in f" {shown} " for w in words - {"self", "harm"})


def test_the_assessment_is_frozen():
    result = assess("I want to die")
    assert isinstance(result, Assessment)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.flagged = False  # type: ignore[misc]


def test_the_detector_has_no_dependencies():
    tree = ast.parse(Path(detector.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported <= {"__future__", "re", "unicodedata", "dataclasses"}


# --- odd input -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", " ", "\n\t  \r\n", "...", "🙂🙂🙂", "\x00\x01"])
def test_empty_and_blank_input(text):
    assert assess(text) == Assessment(
        flagged=False, categories=frozenset(), urgent=False, matched=()
    )


@pytest.mark.parametrize(
    "text",
    [
        "a" * 100_000,
        "i am fine " * 10_000,
        "I'm not suicidal. " * 5_600,
        "<b>" * 33_000,
        "no " * 33_000 + "i want to die",
        ("x" * 99_000) + " he is not breathing",
        "kill " * 20_000,
    ],
)
def test_very_long_input_is_fast_and_safe(text):
    """No pattern backtracks catastrophically: 100,000 characters take well under a second
    here; the generous bound only catches a runaway (minutes), not a busy machine."""
    start = time.perf_counter()
    result = assess(text)
    assert time.perf_counter() - start < 15.0
    assert result.flagged == text.endswith(("die", "breathing"))


def test_markup_is_just_text():
    assert not assess("<script>alert(1)</script>").flagged
    result = assess("<script>alert('i want to die')</script>")
    assert result.flagged and result.categories == {"suicide"}
    assert "script" not in repr(result)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_a_consistent_assessment(text):
    result = assess(text)
    assert result.categories <= CATEGORIES
    assert set(result.matched) <= PATTERN_NAMES
    assert result.flagged == bool(result.matched)
    assert not result.urgent or result.flagged
