"""The test suite's settings: the real ones, with fast hashing and captured email."""

import os

os.environ.setdefault("ALONGSIDE_TESTING", "true")

from alongside.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
SITE_URL = "http://testserver"
AXES_FAILURE_LIMIT = 5
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not Django's shared-cache in-memory database: the browser tests' servers answer
    # from other threads, and in shared-cache mode two threads writing at once get "database
    # table is locked" at once instead of waiting. On a file, WAL and the busy timeout in
    # alongside.settings let them take turns, as the web server and the worker do in `make run`.
    # pytest-django adds the xdist worker's suffix; the process id keeps two runs apart.
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"alongside-test-{os.getpid()}.sqlite3")
    }
