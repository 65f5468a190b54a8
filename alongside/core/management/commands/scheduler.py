"""`alongside scheduler`: enqueue the periodic jobs that are due (for cron, or a lone process).

`alongside worker` already does this in a thread; use this command when workers run with
`--no-scheduler`, e.g. `alongside scheduler --once` from cron every minute.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand

from alongside.core.background import enqueue_due_jobs, periodic_jobs


class Command(BaseCommand):
    help = "Enqueue periodic jobs when they fall due (each slot once, however many run)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Check once, then exit.")
        parser.add_argument("--interval", type=float, default=30.0)
        parser.add_argument("--list", action="store_true", help="List the periodic jobs.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for job in periodic_jobs():
                self.stdout.write(f"{job.name}  every {job.every}")
            return
        while True:
            for name in enqueue_due_jobs():
                self.stdout.write(f"Enqueued {name}")
            if options["once"]:
                return
            time.sleep(options["interval"])
