"""`alongside demo`: load the demo world (Cedar Ridge Recovery). Safe to run again."""

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load the demo world of PRODUCT.md. Idempotent: running it again changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        # Each app may have a demo.py with load(); apps run in INSTALLED_APPS order, so a
        # later domain can use the members the accounts app made.
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if not config.name.startswith("alongside.") or find_spec(module_name) is None:
                continue
            with transaction.atomic():
                summary = import_module(module_name).load()
            if summary:
                self.stdout.write(f"{config.label}: {summary}")
        self.stdout.write(self.style.SUCCESS("Demo world ready."))
