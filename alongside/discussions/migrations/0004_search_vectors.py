"""Full-text search on PostgreSQL: a stored tsvector per post body and per thread title, kept
current by triggers, with a GIN index on each. SQLite has none of this (search there is a
substring match), so every step runs on PostgreSQL only and the columns stay out of the models.

Why stored columns and not expression indexes: to_tsvector costs ~50-150 us per post, and the
search must test and rank rows one by one when a word matches half the posts (docs/decisions.md).
Why this shape: adding a nullable column is instant; a GENERATED column would rewrite the table
under an exclusive lock. The backfill runs in batches, each its own transaction, and the indexes
are built CONCURRENTLY, so posting and reading go on during the migration (hence atomic = False).
"""

from django.db import migrations

CONFIG = "english"  # alongside.forum.selectors.SEARCH_CONFIG must say the same
BATCH = 20_000
SOURCES = [("discussions_post", "body"), ("discussions_thread", "title")]


def _vector(column: str) -> str:
    return f"to_tsvector('{CONFIG}'::regconfig, coalesce({column}, ''))"


def add_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in SOURCES:
        function = f"{table}_search_vector"
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector")
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN NEW.search_vector := {_vector('NEW.' + column)}; RETURN NEW; END $$"
            )
            cursor.execute(f"DROP TRIGGER IF EXISTS {function}_insert ON {table}")
            cursor.execute(
                f"CREATE TRIGGER {function}_insert BEFORE INSERT ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {function}()"
            )
            cursor.execute(f"DROP TRIGGER IF EXISTS {function}_update ON {table}")
            cursor.execute(
                f"CREATE TRIGGER {function}_update BEFORE UPDATE OF {column} ON {table} "
                f"FOR EACH ROW WHEN (OLD.{column} IS DISTINCT FROM NEW.{column}) "
                f"EXECUTE FUNCTION {function}()"
            )
            cursor.execute(f"SELECT coalesce(min(id), 0), coalesce(max(id), -1) FROM {table}")
            low, high = cursor.fetchone()
        # Rows written from here on get their vector from the trigger; fill in the others, one
        # short transaction per batch (autocommit: this migration is not atomic).
        for start in range(low, high + 1, BATCH):
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET search_vector = {_vector(column)} "
                    "WHERE id >= %s AND id < %s AND search_vector IS NULL",
                    [start, start + BATCH],
                )
        with schema_editor.connection.cursor() as cursor:
            index = f"{table.removeprefix('discussions_')}_search_idx"
            cursor.execute(
                f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {index} ON {table} "
                "USING gin (search_vector)"
            )
            # The backfill left an old version of every row behind: reclaim them now rather
            # than when autovacuum comes round (never, on a server that turns it off), and
            # tell the planner how common each word is, which it needs to choose between the
            # index (rare words) and walking the newest rows (common ones).
            cursor.execute(f"VACUUM (ANALYZE) {table}")


def remove_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table, _column in SOURCES:
            function = f"{table}_search_vector"
            cursor.execute(f"DROP TRIGGER IF EXISTS {function}_insert ON {table}")
            cursor.execute(f"DROP TRIGGER IF EXISTS {function}_update ON {table}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {function}()")
            cursor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("discussions", "0003_post_held_post_hidden_at_thread_hidden_at"),
    ]

    operations = [migrations.RunPython(add_search_vectors, remove_search_vectors)]
