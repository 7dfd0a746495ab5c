"""How samverka declares a background task: the Django Tasks API's ``task`` plus a retry policy.

``background_task(max_attempts=3, backoff=30)`` gives a ``Task`` (``.enqueue(...)`` as in Django
6's ``django.tasks``) and records how often and how far apart the worker may try it again. A task
must be safe to run again: the worker retries after an exception and after its own death.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks.base import Task

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 3
    backoff_seconds: float = 30.0
    # Exceptions that another try cannot mend (a bad file stays bad): no retry.
    give_up_on: tuple[type[BaseException], ...] = ()

    def delay(self, attempt: int) -> timedelta:
        """Wait before try ``attempt + 1``: the backoff doubled for each try already made."""
        return timedelta(seconds=self.backoff_seconds * 2 ** max(0, attempt - 1))


DEFAULT = RetryPolicy()
_POLICIES: dict[str, RetryPolicy] = {}


def background_task(
    *,
    max_attempts: int = DEFAULT.max_attempts,
    backoff_seconds: float = DEFAULT.backoff_seconds,
    give_up_on: tuple[type[BaseException], ...] = (),
    queue_name: str = "default",
    priority: int = 0,
) -> Callable[[Callable[..., Any]], Task[Any, Any]]:
    def decorate(func: Callable[..., Any]) -> Task[Any, Any]:
        declared = task(queue_name=queue_name, priority=priority)(func)
        _POLICIES[declared.module_path] = RetryPolicy(max_attempts, backoff_seconds, give_up_on)
        return declared

    return decorate


def policy_for(task_path: str) -> RetryPolicy:
    """The task's policy; importing its module registers it (a worker may not have yet)."""
    if task_path not in _POLICIES:
        try:
            import_string(task_path)
        except ImportError:
            return DEFAULT
    return _POLICIES.get(task_path, DEFAULT)
