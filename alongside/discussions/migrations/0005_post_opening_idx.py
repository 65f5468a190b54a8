"""A partial index of opening posts (search finds a thread by its title, then its opening post).
Built CONCURRENTLY on PostgreSQL so that posting goes on meanwhile (hence atomic = False); any
other database gets the plain index of the model's state."""

from django.db import migrations, models

INDEX = models.Index(
    fields=["thread"], condition=models.Q(is_opening=True), name="post_opening_idx"
)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS post_opening_idx "
            "ON discussions_post (thread_id) WHERE is_opening"
        )
    else:
        schema_editor.add_index(apps.get_model("discussions", "Post"), INDEX)


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS post_opening_idx")
    else:
        schema_editor.remove_index(apps.get_model("discussions", "Post"), INDEX)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("discussions", "0004_search_vectors"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_index, remove_index)],
            state_operations=[migrations.AddIndex(model_name="post", index=INDEX)],
        )
    ]
