"""The search vectors' GIN indexes without the pending list (PostgreSQL only).

With `fastupdate` on (PostgreSQL's default) new entries collect in a pending list and the insert
that finds it full merges the whole list into the index, while a reply holds its thread's row
lock: rare replies of seconds, and everyone replying to that thread waits behind them. A post
adds a few dozen entries, so writing them straight into the index costs each reply a little and
keeps every reply's time even, which is what people posting want (PostgreSQL's documentation
on GIN's fast update technique says the same trade). The list already there is merged now.
"""

from django.db import migrations

INDEXES = ["post_search_idx", "thread_search_idx"]


def fastupdate(on: bool):
    def change(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            for index in INDEXES:
                cursor.execute(
                    f"ALTER INDEX IF EXISTS {index} SET (fastupdate = {'on' if on else 'off'})"
                )
                if not on:
                    cursor.execute("SELECT gin_clean_pending_list(to_regclass(%s))", [index])

    return change


class Migration(migrations.Migration):
    dependencies = [("discussions", "0005_post_opening_idx")]

    operations = [migrations.RunPython(fastupdate(on=False), fastupdate(on=True))]
