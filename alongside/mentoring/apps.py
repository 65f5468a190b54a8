from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "alongside.mentoring"
    label = "mentoring"
    verbose_name = "Mentoring"

    def ready(self) -> None:
        from alongside.mentoring import export, handlers, sections, tasks  # noqa: F401  (register)
