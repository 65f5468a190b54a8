"""Pages that several domains contribute to (a member's profile, the home page).

A domain registers a function that returns a `Section` (a template and its context) or None;
the page renders every section in registration order. So accounts need not know about
recovery, and mentoring can add its part to a profile without touching accounts.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Section:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


SectionFunction = Callable[..., Section | None]
_sections: dict[str, list[SectionFunction]] = defaultdict(list)


def register_section(page: str) -> Callable[[SectionFunction], SectionFunction]:
    def register(function: SectionFunction) -> SectionFunction:
        if function not in _sections[page]:
            _sections[page].append(function)
        return function

    return register


def sections_for(page: str, **context: Any) -> list[Section]:
    found = (function(**context) for function in _sections[page])
    return [section for section in found if section is not None]
