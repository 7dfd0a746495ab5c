"""gunicorn for samverka (docs/deployment.md): `gunicorn -c config/gunicorn.conf.py`.

Every value can be overridden from the environment (GUNICORN_* below) without editing this file.
Graceful restart: `systemctl reload samverka-web` (SIGHUP) starts new workers with the new code
and lets the old ones finish their requests (up to ``graceful_timeout``) before they stop.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Synchronous workers, (2 × cores) + 1: samverka's requests wait mostly on PostgreSQL. A PDF or an
# import's check keeps one worker busy for seconds, so there are always more workers than cores.
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A lägesbild PDF or a large export may take half a minute; anything longer is stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# A worker is replaced after this many requests (± jitter), so slow leaks never build up.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Uploads are capped by Django (DATA_UPLOAD_MAX_MEMORY_SIZE); these cap the request line/headers.
limit_request_line = 8190
limit_request_fields = 100

# Restarts and reloads go through signals (systemd: `systemctl reload` sends HUP); no control
# socket in the service user's home.
control_socket_disable = True

# The proxy in front (deploy/nginx/) sets X-Forwarded-*; only trust it from these addresses.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs to stderr, which the supervisor (systemd's journal) collects. The access log carries the
# request id that samverka puts on every answer, so one request is found in both logs.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = (
    '%(h)s "%(r)s" %(s)s %(B)s %(M)sms request_id=%({x-request-id}o)s '
    'user_agent="%(a)s" forwarded_for="%({x-forwarded-for}i)s"'
)

# /metrics adds up every worker's counters (samverka/core/metrics.py): prometheus_client keeps
# them in files here. Emptied at start, so a restart begins from zero as Prometheus expects.
_metrics_dir = Path(
    os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    or Path(tempfile.gettempdir()) / f"samverka-metrics-{os.getuid()}"
)
os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(_metrics_dir)


def on_starting(server: Any) -> None:
    shutil.rmtree(_metrics_dir, ignore_errors=True)
    _metrics_dir.mkdir(parents=True, exist_ok=True)


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
