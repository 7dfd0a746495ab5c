"""Settings for the load test only (bench/bench_load.py): production settings plus a bare view.

``DEBUG`` is off as in production. The bench serves plain HTTP on 127.0.0.1, so cookies cannot
be ``Secure`` (production sets them through ``SAMVERKA_TLS`` behind its TLS proxy). The URLs add
``/bench/bare/``, a view that does no work, as the ceiling of the stack: the same gunicorn,
middleware and database connection, nothing of samverka's own. Nothing here is imported by
``config``; production cannot reach it.
"""

from config.settings import *  # noqa: F403

DEBUG = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
ROOT_URLCONF = "bench.urls_bench"
