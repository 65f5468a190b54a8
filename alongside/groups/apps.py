from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "alongside.groups"
    label = "groups"
    verbose_name = "Groups"

    def ready(self) -> None:
        from alongside.groups import export, handlers, policies, sections  # noqa: F401  (register)
