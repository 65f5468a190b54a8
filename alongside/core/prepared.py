"""Reads whose SQL Django builds once per process, for the hottest pages.

Building and compiling a queryset costs Django more CPU than PostgreSQL spends answering a
small indexed query: on the home page, about a millisecond of Python for each subquery against
a tenth of that in the database. A read whose SQL depends only on a few ids and dates has the
same SQL every time, only the values differ. `Prepared` builds its queryset twice with made-up
values, checks that nothing but those values changed, and keeps the SQL and Django's compiler;
each call puts the real values in and lets Django's own iterable run it, so rows come back as
they would from the queryset: model instances (with `select_related` ones and annotations) or,
for a `.values()` queryset, dicts.

A build function takes keyword arguments and returns a queryset. What each call passes decides
what each argument is:
- a model instance (the viewer, say), an int (an id) or a str (a slug): a value in the SQL,
  compared as it is (a lookup that rewrites text, like `icontains`, is refused). The build may
  use the instance's `pk` and nothing else of it;
- a date (`today`) or a datetime: a value too, and the build may use ones some days from it;
- a bool or None: part of the query's shape. The build sees the real value and may branch on
  it (`if moderator:`); each shape is built and kept on its own.
Nothing else may reach the SQL: not the clock, not another field of the viewer. Comparing the
two builds catches a slip: a parameter that differs between them and is none of the values, or
an id that never reaches the SQL (Django left it out, and the SQL would ignore it).
"""

import copy
import inspect
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Model, QuerySet
from django.db.models.sql import Query

Build = Callable[..., QuerySet[Any, Any]]

# Made-up values: argument i is _ID + 2i in the first build and _ID + 2i + 1 in the second
# (ids no table reaches, inside every integer column's range), or a date or a moment
# _DAY_STEP * (i + 1) days later in the second build than in the first.
_ID = 2_100_000_000
_FIRST_DAY = date(1901, 2, 3)
_FIRST_MOMENT = datetime(1901, 2, 3, tzinfo=UTC)
_DAY_STEP = 3653


@dataclass(frozen=True)
class _Value:
    name: str
    plus: timedelta | None = None  # for a date or a moment: how far from the argument
    moment: bool = False


def _as_date(value: Any) -> date | None:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and len(value) == 10:  # SQLite's dates are ISO text
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _as_moment(value: Any) -> datetime | None:
    """A moment as naive UTC, from a datetime or SQLite's ISO text of one."""
    if isinstance(value, str) and len(value) > 10:
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


def _kind(value: Any) -> Hashable:
    """What a call's value means for the query: its shape (bool, None) or the kind of value."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, Model):
        return value.__class__  # request.user is a lazy object around the model
    if isinstance(value, int):
        return int
    if isinstance(value, str):
        return str
    if isinstance(value, datetime):
        return datetime
    if isinstance(value, date):
        return date
    raise TypeError(f"A prepared read takes ids, text, instances, dates, bools or None: {value!r}")


def _in_sql(kind: Hashable, position: int, which: int) -> Any:
    """How an id or a text stand-in reaches the SQL's parameters."""
    number = _ID + 2 * position + which
    return f"prepared-stand-in-{number}" if kind is str else number


def _stand_in(kind: Hashable, position: int, which: int, real: Any) -> Any:
    if not _is_value(kind):
        return real
    if kind is date:
        return _FIRST_DAY + timedelta(days=_DAY_STEP * (position + 1) * which)
    if kind is datetime:
        return _FIRST_MOMENT + timedelta(days=_DAY_STEP * (position + 1) * which)
    if kind is int or kind is str:
        return _in_sql(kind, position, which)
    return kind(pk=_in_sql(int, position, which))  # type: ignore[operator]


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: list[Any]  # constants, and _Value where a call's values go
    query: Query  # the first build's, whose compiler has set up the columns
    queryset: Any  # the first build's, for its model and how it gives rows


class _WrittenQuery(Query):
    """A query whose SQL is already written: its compiler returns it rather than compiling.
    Refuses to be changed (a changed query would still run the written SQL)."""

    written_by: Any  # the compiler that set up the columns
    written: tuple[str, list[Any]]

    def get_compiler(
        self, using: Any = None, connection: Any = None, elide_empty: bool = True
    ) -> Any:
        compiler = copy.copy(self.written_by)
        compiler.query = self
        compiler.written = self.written
        return compiler

    def chain(self, klass: Any = None) -> Any:
        raise TypeError("A prepared read's rows can be read, not filtered or changed.")

    clone = chain


_written_compilers: dict[type, type] = {}


def _written_compiler(base: type) -> type:
    """The backend's compiler class, answering `as_sql` with the SQL it was given."""
    found = _written_compilers.get(base)
    if found is None:

        def as_sql(self: Any, with_limits: bool = True, with_col_aliases: bool = False) -> Any:
            return self.written

        found = _written_compilers[base] = type(
            f"Written{base.__name__}", (base,), {"as_sql": as_sql}
        )
    return found


def _compile(
    build: Build, name: str, names: list[str], kinds: tuple[Hashable, ...], real: dict[str, Any]
) -> _Compiled:
    built = []
    for which in (0, 1):
        values = {
            key: _stand_in(kind, position, which, real.get(key))
            for position, (key, kind) in enumerate(zip(names, kinds, strict=True))
        }
        queryset: Any = build(**values)
        query = queryset.query
        compiler = query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        built.append((queryset, compiler, sql, list(params)))
    (queryset, compiler, sql, params), (_other, _c, other_sql, other_params) = built
    if sql != other_sql or len(params) != len(other_params):
        raise ImproperlyConfigured(f"{name} depends on more than its arguments.")
    if queryset._prefetch_related_lookups or queryset._known_related_objects:
        raise ImproperlyConfigured(f"{name} may not prefetch or come from a related manager.")
    slots = [_slot(a, b, name, names, kinds) for a, b in zip(params, other_params, strict=True)]
    used = {slot.name for slot in slots if isinstance(slot, _Value)}
    for key, kind in zip(names, kinds, strict=True):
        if _is_value(kind) and kind not in (date, datetime) and key not in used:
            raise ImproperlyConfigured(f"{name}: {key} never reaches the SQL.")
    compiler.__class__ = _written_compiler(type(compiler))
    query.__class__ = _WrittenQuery
    query.written_by = compiler
    return _Compiled(sql, slots, query, queryset)


def _is_value(kind: Hashable) -> bool:
    return kind is not None and not isinstance(kind, bool)


def _slot(first: Any, second: Any, name: str, names: list[str], kinds: tuple) -> Any:
    """What a parameter is, from its value in the two builds: a constant, or a call's value."""
    if first == second:
        return first
    first_day, second_day = _as_date(first), _as_date(second)
    first_moment, second_moment = _as_moment(first), _as_moment(second)
    for position, (key, kind) in enumerate(zip(names, kinds, strict=True)):
        step = timedelta(days=_DAY_STEP * (position + 1))
        if kind is date and first_day and second_day and second_day - first_day == step:
            return _Value(key, first_day - _FIRST_DAY)
        moved = first_moment and second_moment and second_moment - first_moment
        if kind is datetime and moved == step:
            return _Value(key, first_moment - _FIRST_MOMENT.replace(tzinfo=None), moment=True)  # type: ignore[operator]
        stand_ins = (_in_sql(kind, position, 0), _in_sql(kind, position, 1))
        if kind not in (date, datetime) and _is_value(kind) and (first, second) == stand_ins:
            return _Value(key)
    raise ImproperlyConfigured(f"{name} depends on more than its arguments.")


class Prepared:
    def __init__(self, build: Build, name: str = "") -> None:
        self.build = build
        self.name = name or f"{build.__module__}.{build.__qualname__}"
        self.names = [
            key
            for key, parameter in inspect.signature(build).parameters.items()
            if parameter.kind is inspect.Parameter.KEYWORD_ONLY
        ]
        self._compiled: dict[tuple[Hashable, ...], _Compiled] = {}
        self._lock = threading.Lock()

    def _for(self, values: dict[str, Any]) -> _Compiled:
        unknown = set(values) - set(self.names)
        if unknown:
            raise TypeError(f"{self.name} takes no {', '.join(sorted(unknown))}.")
        kinds = tuple(_kind(values.get(key)) for key in self.names)
        key = (connection.vendor, *kinds)
        compiled = self._compiled.get(key)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(key)
                if compiled is None:
                    compiled = _compile(self.build, self.name, self.names, kinds, values)
                    self._compiled[key] = compiled
        return compiled

    def columns(self, **values: Any) -> list[str]:
        """The names a `.values()` read's rows have, for these arguments."""
        query = self._for(values).query
        return [*query.extra_select, *query.values_select, *query.annotation_select]

    def rows(self, **values: Any) -> list[Any]:
        """The rows for these arguments (missing ones are None), as the queryset gives them."""
        compiled = self._for(values)
        params = []
        for slot in compiled.params:
            if not isinstance(slot, _Value):
                params.append(slot)
                continue
            value = values[slot.name]
            if slot.moment:
                params.append(connection.ops.adapt_datetimefield_value(value + slot.plus))
            elif slot.plus is not None:
                params.append(connection.ops.adapt_datefield_value(value + slot.plus))
            else:
                params.append(value.pk if isinstance(value, Model) else value)
        query = copy.copy(compiled.query)
        query.written = (compiled.sql, params)  # type: ignore[attr-defined]
        template = compiled.queryset
        queryset = type(template)(model=template.model, query=query, using=template._db)
        queryset._iterable_class = template._iterable_class
        queryset._fields = template._fields
        queryset._fetch_mode = template._fetch_mode
        return list(queryset)


def prepared(build: Build) -> Prepared:
    """Decorate a build function (see the module's docstring) to get its `Prepared` read."""
    return Prepared(build)
