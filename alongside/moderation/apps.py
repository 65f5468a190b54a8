from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "alongside.moderation"
    label = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        from alongside.moderation import handlers, tasks  # noqa: F401  (register)
