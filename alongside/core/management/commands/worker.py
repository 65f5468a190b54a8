"""`alongside worker`: run background tasks from the database queue, with retries and schedules.

It is django-tasks-db's worker plus two things: a failed task goes back in the queue after a
backoff (tasks are idempotent; see alongside.core.background), and unless `--no-scheduler` a
thread enqueues the periodic jobs when they fall due. Run as many workers as the load needs.
"""

import logging
import threading
from typing import Any

from django.db import close_old_connections
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from alongside.core.background import enqueue_due_jobs, retry_policy

logger = logging.getLogger("alongside.worker")


class RetryingWorker(Worker):
    def run_task(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)
        if db_task_result.status != TaskResultStatus.FAILED:
            return
        attempts = len(db_task_result.worker_ids)
        policy = retry_policy(db_task_result.task_path)
        if attempts >= policy.max_attempts:
            logger.error("Task %s failed %d times; giving up", db_task_result.task_path, attempts)
            return
        delay = policy.delay(attempts)
        DBTaskResult.objects.filter(pk=db_task_result.pk, status=TaskResultStatus.FAILED).update(
            status=TaskResultStatus.READY, run_after=timezone.now() + delay, finished_at=None
        )
        logger.warning(
            "Task %s failed (attempt %d); retrying in %d s",
            db_task_result.task_path,
            attempts,
            delay.total_seconds(),
        )


class Scheduler(threading.Thread):
    """Checks every `interval` seconds for periodic jobs that have fallen due."""

    def __init__(self, interval: float) -> None:
        super().__init__(name="alongside-scheduler", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                close_old_connections()
                for name in enqueue_due_jobs():
                    logger.info("Scheduled %s", name)
            except Exception:
                logger.exception("The scheduler could not enqueue periodic jobs")
            finally:
                close_old_connections()
            self.stopped.wait(self.interval)


class Command(DBWorkerCommand):
    help = "Run background tasks with retries, and enqueue periodic jobs when they are due."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-scheduler",
            action="store_false",
            dest="scheduler",
            help="Only run tasks; another process enqueues the periodic jobs.",
        )
        parser.add_argument("--schedule-interval", type=float, default=30.0)

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        if not logger.hasHandlers():
            logger.addHandler(logging.StreamHandler(self.stdout))
        logger.setLevel(logging.INFO if options["verbosity"] else logging.WARNING)
        worker = RetryingWorker(
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=[q for q in options["exclude_queues"].split(",") if q],
        )
        if options["scheduler"] and not options["batch"]:
            Scheduler(options["schedule_interval"]).start()
        worker.configure_signals()
        worker.run()
