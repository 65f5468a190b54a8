from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "alongside.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from alongside.notifications import export, handlers  # noqa: F401  (register themselves)
