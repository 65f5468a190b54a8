import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
application = get_wsgi_application()

# What is loaded by now (Django, the apps, their modules: ~110,000 objects) lives as long as the
# process. Freezing it keeps it out of the collector's full passes, each of which walked all of
# it: a ~50 ms pause in one request every thousand or so (docs/performance.md, fix 25).
gc.freeze()
