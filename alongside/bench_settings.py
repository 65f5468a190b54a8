"""Settings for `make bench-stack` (scripts/bench_stack.py): the production settings plus a
query-count header and a /bench/floor/ page. Never use these to serve members."""

import os

from alongside.settings import *  # noqa: F403
from alongside.settings import MIDDLEWARE

BENCH_QUERY_COUNT = os.environ.get("BENCH_QUERY_COUNT", "") == "1"
MIDDLEWARE = ["alongside.core.middleware.query_count", *MIDDLEWARE]
ROOT_URLCONF = "alongside.core.bench_urls"
