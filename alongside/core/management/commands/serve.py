"""`alongside serve`: the production servers.

Pages go to granian's WSGI workers (one per core, persistent database connections): on this
stack WSGI serves Django pages several times faster than ASGI. Websockets go to one uvicorn ASGI
process. Put a reverse proxy in front that sends /ws/ to the ASGI port and everything else to
the WSGI port (docs/operations.md has an example). Static files are served by whitenoise.

Once static files are collected, this command execs into alongside.core.supervise, which has
nothing of Django in it (same pid): the ~100 MB that setting Django up cost would otherwise sit
beside the workers all day.
"""

import json
import os
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the production servers: WSGI workers for pages, an ASGI process for websockets."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--ws-port", type=int, default=int(os.environ.get("WS_PORT", "8001")))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_WORKERS", os.cpu_count() or 1))
        )
        parser.add_argument("--no-collectstatic", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        host = options["host"]
        commands = [
            [
                sys.executable, "-m", "granian", "--interface", "wsgi",
                "--blocking-threads", "1", "--workers", str(options["workers"]),
                "--host", host, "--port", str(options["port"]), "--no-ws",
                "--respawn-failed-workers", "--workers-kill-timeout", "10",
                "--log-level", "warning",
                "alongside.wsgi:application",
            ],
            [
                sys.executable, "-m", "uvicorn", "alongside.asgi:application",
                "--host", host, "--port", str(options["ws_port"]),
                "--timeout-graceful-shutdown", "10", "--no-access-log", "--log-level", "warning",
                # Messages are small HTML fragments; compressing them cost 35 KB a connection
                # (1,000 sockets: 206 MB a process, 172 MB without; docs/performance.md).
                "--ws-per-message-deflate", "false",
            ],
        ]  # fmt: skip
        self.stdout.write(
            f"Pages on http://{host}:{options['port']} ({options['workers']} WSGI workers), "
            f"websockets on ws://{host}:{options['ws_port']}/ws/"
        )
        self.stdout.flush()
        sys.stderr.flush()
        # From here on nothing needs Django: this process becomes the small supervisor of the
        # pair (same pid), instead of keeping what setting Django up cost beside the workers.
        supervisor = [sys.executable, "-m", "alongside.core.supervise", json.dumps(commands)]
        os.execv(sys.executable, supervisor)  # noqa: S606
