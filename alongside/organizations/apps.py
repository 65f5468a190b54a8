from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "alongside.organizations"
    label = "organizations"
    verbose_name = "Alumni program"

    def ready(self) -> None:
        from alongside.organizations import export, handlers, sections  # noqa: F401  (register)
