from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "alongside.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from alongside.accounts import export, handlers, signed_in  # noqa: F401  (register themselves)
