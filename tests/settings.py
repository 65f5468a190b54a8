"""The test suite's settings: the real ones, with fast hashing and captured email."""

import os

os.environ.setdefault("ALONGSIDE_TESTING", "true")

from alongside.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
SITE_URL = "http://testserver"
AXES_FAILURE_LIMIT = 5
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
