"""`alongside loadgen`: fill the configured database with a large made-up community.

For benchmarks only (docs/performance.md). Run it on a fresh, migrated database: it adds rows
after the largest existing ids and does not check for an earlier run.
"""

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand

from alongside.core.loadgen import PASSWORD, Scale, Writer, generate


class Command(BaseCommand):
    help = "Generate a realistic community (100,000 members by default) for benchmarks."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--members", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch", type=int, default=20_000)
        for name in (
            "groups",
            "threads",
            "posts",
            "mentors",
            "mentorships",
            "messages",
            "meetings",
            "notifications",
            "check-in-days",
        ):
            parser.add_argument(f"--{name}", type=int, default=None, help="default: in proportion")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        overrides = {
            key: options[key]
            for key in (
                "groups",
                "threads",
                "posts",
                "mentors",
                "mentorships",
                "messages",
                "meetings",
                "notifications",
                "check_in_days",
            )
        }
        scale = Scale.for_members(options["members"], **overrides)
        show = not options["no_progress"] and sys.stdout.isatty() and options["verbosity"] > 0
        began = time.monotonic()
        state: dict[str, Any] = {"label": "", "n": 0}

        def progress(label: str, n: int) -> None:
            if state["label"] != label:
                if show and state["label"]:
                    sys.stdout.write("\n")
                state.update(label=label, n=0)
            state["n"] += n
            if show:
                elapsed = time.monotonic() - began
                sys.stdout.write(f"\r  {label:<28} {state['n']:>10,} rows  [{elapsed:6.0f} s]")
                sys.stdout.flush()

        counts = generate(scale, seed=options["seed"], writer=Writer(options["batch"], progress))
        if show:
            sys.stdout.write("\n")
        if options["verbosity"] > 0:
            for label, n in counts.items():
                self.stdout.write(f"{label:<32} {n:>10,}")
            self.stdout.write(
                f"Done in {time.monotonic() - began:.0f} s. Every generated member's password "
                f"is {PASSWORD!r}; handles are lg<id>."
            )
