"""`alongside rotate_encryption_keys`: re-encrypt every encrypted field with the newest key.

Put the new key first in ENCRYPTION_KEYS (keep the old ones after it), deploy, run this, then
remove the old keys. Safe to run again: rows already on the newest key are rewritten the same way.
"""

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from alongside.core.crypto import EncryptedTextField, rotate


class Command(BaseCommand):
    help = "Re-encrypt encrypted fields (check-in notes, reflections) with the first key."

    def handle(self, *args: Any, **options: Any) -> None:
        quote = connection.ops.quote_name
        for model in apps.get_models():
            fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            table, pk = quote(model._meta.db_table), quote(str(model._meta.pk.column))
            columns = ", ".join(quote(str(f.column)) for f in fields)
            rewritten = 0
            with transaction.atomic(), connection.cursor() as cursor:
                # Raw SQL: the ORM would hand us decrypted text, and we want the tokens.
                cursor.execute(f"SELECT {pk}, {columns} FROM {table}")  # noqa: S608
                for row in cursor.fetchall():
                    values = [rotate(value) for value in row[1:]]
                    sets = ", ".join(f"{quote(str(f.column))} = %s" for f in fields)
                    cursor.execute(f"UPDATE {table} SET {sets} WHERE {pk} = %s", [*values, row[0]])  # noqa: S608
                    rewritten += 1
            self.stdout.write(f"{model._meta.label}: {rewritten} rows re-encrypted")
