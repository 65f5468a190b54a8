from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "alongside.meetings"
    label = "meetings"
    verbose_name = "Meetings"

    def ready(self) -> None:
        from alongside.meetings import export, handlers, sections  # noqa: F401  (register)
