"""Pages that several domains contribute to (a member's profile, the home page).

A domain registers a function that returns a `Section` (a template and its context), a list of
them, or None; the page renders every section in registration order. So accounts need not know
about recovery, and mentoring can add its part to a profile without touching accounts.

A page may also gather *facts*: small values about the viewer that sections need before they
read anything (checked in today? requests waiting? in any group at all?). Each domain registers
a function that returns expressions (an `Exists`, a `count_of`); `page_facts` reads every
domain's in one query, and a section whose facts say there is nothing to show reads nothing.
So a page costs one round trip for all of these, not one per domain.

Facts depend on the viewer and their today only: `function(*, user, today)` may use `user.pk`
and `today`, nothing else (no clock, no other field), because their SQL is built once per
process and then run with each viewer's values (core.prepared): Django spends several times
longer building and compiling a dozen subqueries than the database spends answering them.
"""

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Func, IntegerField, QuerySet, Subquery, Value
from django.utils import timezone

from alongside.core.prepared import Prepared


@dataclass(frozen=True)
class Section:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


SectionFunction = Callable[..., Section | list[Section] | None]
FactsFunction = Callable[..., Mapping[str, Any]]
_sections: dict[str, list[SectionFunction]] = defaultdict(list)
_facts: dict[str, list[FactsFunction]] = defaultdict(list)


def register_section(page: str) -> Callable[[SectionFunction], SectionFunction]:
    def register(function: SectionFunction) -> SectionFunction:
        if function not in _sections[page]:
            _sections[page].append(function)
        return function

    return register


def register_facts(page: str) -> Callable[[FactsFunction], FactsFunction]:
    """Register `function(*, user, today) -> {name: expression}` (names start with the domain's;
    see the module's docstring for what the expressions may depend on)."""

    def register(function: FactsFunction) -> FactsFunction:
        if function not in _facts[page]:
            _facts[page].append(function)
        return function

    return register


def count_of(rows: QuerySet[Any]) -> Subquery:
    """COUNT(*) of `rows` as a fact: a subquery without GROUP BY, so always one number."""
    counted = rows.order_by().annotate(counted=Func(Value(1), function="COUNT")).values("counted")
    return Subquery(counted, output_field=IntegerField())


_prepared_facts: dict[tuple[str, tuple[FactsFunction, ...]], Prepared] = {}


def _facts_read(page: str, functions: tuple[FactsFunction, ...]) -> Prepared:
    def build(*, user: Any, today: date) -> QuerySet[Any, Any]:
        expressions: dict[str, Any] = {}
        for function in functions:
            for name, expression in function(user=user, today=today).items():
                if name in expressions:
                    raise ImproperlyConfigured(f"Two facts of the {page} page are named {name!r}.")
                expressions[name] = expression
        return get_user_model().objects.filter(pk=user.pk).values(**expressions)

    found = _prepared_facts.get((page, functions))
    if found is None:
        found = _prepared_facts[page, functions] = Prepared(build, name=f"The {page} page's facts")
    return found


def page_facts(
    page: str, *, user: Any, also: Sequence[FactsFunction] = (), now: datetime | None = None
) -> dict[str, Any]:
    """Every registered fact of `page` about `user` (and those of the caller's own functions
    in `also`): one query, its SQL built once per process (core.prepared)."""
    functions = (*_facts[page], *also)
    if not functions:
        return {}
    zone = ZoneInfo(getattr(user, "timezone", "") or "UTC")
    today = timezone.localtime(now or timezone.now(), zone).date()
    read = _facts_read(page, functions)
    rows = read.rows(user=user, today=today)
    if not rows:  # the member is gone
        return dict.fromkeys(read.columns(user=user, today=today))
    return rows[0]


def sections_for(page: str, **context: Any) -> list[Section]:
    found: list[Section] = []
    for function in _sections[page]:
        result = function(**context)
        if isinstance(result, Section):
            found.append(result)
        elif result:
            found.extend(result)
    return found
