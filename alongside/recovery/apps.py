from django.apps import AppConfig


class RecoveryConfig(AppConfig):
    name = "alongside.recovery"
    label = "recovery"
    verbose_name = "Recovery journey"

    def ready(self) -> None:
        from alongside.recovery import export, handlers, sections  # noqa: F401  (register)
