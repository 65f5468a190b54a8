from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "alongside.forum"
    label = "forum"
    verbose_name = "Forum"

    def ready(self) -> None:
        from alongside.forum import export, policies  # noqa: F401  (register)
