from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "alongside.support"
    label = "support"
    verbose_name = "Support and crisis resources"

    def ready(self) -> None:
        from alongside.support import handlers, tasks  # noqa: F401  (register)
