from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "alongside.discussions"
    label = "discussions"
    verbose_name = "Discussions"

    def ready(self) -> None:
        from alongside.discussions import export, handlers, sections  # noqa: F401  (register)
