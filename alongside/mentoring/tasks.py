"""Mentoring's periodic work: requests expire, check-ins are reminded, mentors are asked how
they are, and a mentee leaning on one person alone is encouraged to widen their circle."""

from datetime import timedelta

from django.tasks import task

from alongside.core.background import periodic
from alongside.mentoring import actions, guardrails


@periodic(every=timedelta(hours=1))
@task
def expire_mentoring_requests() -> int:
    return actions.expire_requests()


@periodic(every=timedelta(minutes=15))
@task
def remind_check_ins() -> int:
    return guardrails.remind_check_ins()


@periodic(every=timedelta(days=1))
@task
def ask_mentors_about_wellbeing() -> int:
    return guardrails.ask_about_wellbeing()


@periodic(every=timedelta(days=1))
@task
def encourage_wider_networks() -> int:
    return guardrails.encourage_wider_networks()
