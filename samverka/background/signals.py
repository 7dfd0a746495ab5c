"""Signals of samverka's queue, beside django.tasks' own (task_enqueued, task_started,
task_finished)."""

from django.dispatch import Signal

# A task whose worker died on its last try, failed by recovery (``recovery.py``): sent after the
# commit with ``task_result``, so that an app keeping its own state beside the task (an import
# job) can end it too. (A task that raised is announced by the worker's ``task_finished``.)
task_lost = Signal()
