from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "alongside.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Every app's tasks.py, so periodic jobs and retry policies are registered everywhere.
        autodiscover_modules("tasks")
