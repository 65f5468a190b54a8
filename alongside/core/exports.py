"""Download my data: each app registers what it keeps about a member."""

from collections.abc import Callable
from typing import Any

Exporter = Callable[[Any], Any]
_exporters: dict[str, Exporter] = {}


def register_exporter(section: str) -> Callable[[Exporter], Exporter]:
    def register(exporter: Exporter) -> Exporter:
        _exporters[section] = exporter
        return exporter

    return register


def export_member_data(user: Any) -> dict[str, Any]:
    return {section: exporter(user) for section, exporter in sorted(_exporters.items())}
