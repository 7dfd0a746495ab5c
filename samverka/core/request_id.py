"""A request id on every answer and in every log record written while the request is served.

The TLS proxy (nginx, deploy/nginx/) or a load balancer may already have given the request an id
(``X-Request-ID``); we keep it when it is well-formed, so one id follows a request through the
proxy's log, gunicorn's access log and ours. Otherwise we make one. The id is sent back on the
answer (a user can quote it to the IT department) and put on every log record by
``RequestIdFilter`` through a context variable, which also works in threads and async code.

``JsonFormatter`` writes one JSON object per line (``LOG_FORMAT=json``) for a log collector.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
# Letters, digits and a few separators, at most 128 characters: a UUID, a hex string or an
# nginx $request_id all pass; anything that could forge a log line or a header does not.
WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
# Outside a request (commands, the server's own start-up): a dash, as in access logs.
NO_REQUEST = "-"

request_id: ContextVar[str] = ContextVar("samverka_request_id", default=NO_REQUEST)


def from_header(value: str | None) -> str:
    """The id a request carries, if it is well-formed, else a fresh one."""
    if value and WELL_FORMED.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE: everything after it, error pages included, logs with the id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = from_header(request.META.get("HTTP_X_REQUEST_ID"))
        request.request_id = rid  # type: ignore[attr-defined]
        token = request_id.set(rid)

        def reset() -> None:
            try:
                request_id.reset(token)
            except ValueError:  # closed in another context (ASGI): just clear it
                request_id.set(NO_REQUEST)

        try:
            response = self.get_response(request)
        except BaseException:
            reset()
            raise
        response[HEADER] = rid
        # Django logs an error answer ("Service Unavailable: /health/ready") after the middleware
        # has returned: the id is taken back only when the server closes the response.
        response._resource_closers.append(reset)  # type: ignore[attr-defined]
        return response


class RequestIdFilter(logging.Filter):
    """Puts ``request_id`` on every record (``-`` outside a request); never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request id, and
    the traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id.get()),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        # Django's request logger attaches the status code: useful to filter on.
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            entry["status_code"] = status
        return json.dumps(entry, ensure_ascii=False, default=str)
