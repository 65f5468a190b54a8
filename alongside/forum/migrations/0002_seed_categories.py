from django.db import migrations

from alongside.forum.categories import ensure_categories


def seed(apps, schema_editor):
    ensure_categories(apps.get_model("discussions", "Board"), apps.get_model("forum", "Category"))


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial"), ("discussions", "0002_bookmark_follow_readmark")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
