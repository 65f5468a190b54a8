"""`alongside import_meetings SOURCE`: import a Meeting Guide JSON feed (a file or a URL)."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.text import slugify

from alongside.meetings import feed_import
from alongside.meetings.feed_normalize import parse_timezone
from alongside.meetings.models import FeedSource


class Command(BaseCommand):
    help = "Import meetings from a Meeting Guide JSON feed (file path or http(s) URL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="a file path or an http(s) URL")
        parser.add_argument("--name", help="what to call this source (default: from SOURCE)")
        parser.add_argument(
            "--timezone", help="IANA time zone for meetings that don't say (default: the site's)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change, change nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        location = options["source"]
        name = options["name"] or location.rstrip("/").rsplit("/", 1)[-1].removesuffix(".json")
        source = FeedSource.objects.filter(location=location).first()
        if source is None:
            source = FeedSource(name=name[:120], slug=_free_slug(name), location=location)
        elif options["name"]:
            source.name = name[:120]
        if options["timezone"]:
            zone, zone_problem = parse_timezone(options["timezone"], "")
            if zone_problem or not zone:
                raise CommandError(f"{options['timezone']!r} is not a time zone")
            source.default_timezone = zone
        if not options["dry_run"]:
            source.save()
        result = feed_import.sync(
            source,
            dry_run=options["dry_run"],
            progress=self._progress if sys.stderr.isatty() else None,
        )
        if sys.stderr.isatty():
            sys.stderr.write("\n")
        if result.error:
            raise CommandError(
                f"{source.name}: {result.error} (the meetings already imported stay)"
            )
        summary = result.summary()
        prefix = "Would import" if options["dry_run"] else "Imported"
        self.stdout.write(
            f"{prefix} {source.name}: {summary['added']} added, {summary['updated']} updated, "
            f"{summary['unchanged']} unchanged, {summary['removed']} removed, "
            f"{summary['rejected']} rejected, {summary['problems']} problems"
        )
        for problem in result.problems[:50]:
            self.stdout.write(
                f"  {problem.slug or '?'} ({problem.name}): {problem.field}: {problem.message}"
            )
        if len(result.problems) > 50:
            self.stdout.write(f"  ... and {len(result.problems) - 50} more in the admin")

    def _progress(self, done: int, total: int) -> None:
        width = 30
        filled = int(width * done / max(total, 1))
        sys.stderr.write(f"\r  [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stderr.flush()


def _free_slug(name: str) -> str:
    base = slugify(name)[:36] or "feed"
    slug, n = base, 2
    while FeedSource.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug
