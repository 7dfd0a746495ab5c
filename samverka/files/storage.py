"""``DatabaseStorage``: Django's storage API over the ``StoredFile`` table.

With ``SAMVERKA_FILE_STORAGE=database`` (config/settings.py) this is ``STORAGES["default"]``, so
the FileFields of samverka (an incident import's file, a governing document's attachment) keep
their bytes in the database instead of under MEDIA_ROOT: every app server sees every file, a
``pg_dump`` holds them, and no server holds anything a load balancer would have to route to.

Every read asks for one name (a unique index); only ``_open`` fetches the bytes. A file is one
value, read and written whole: fine for what samverka stores (the upload forms stop at 20 MB),
and refused above ``max_bytes`` (100 MiB unless the STORAGES options say otherwise) so that a
mistake cannot put a gigabyte into one row. PostgreSQL keeps such a value out of line (TOAST)
and tops out at 1 GB a value; SQLite at its SQLITE_MAX_LENGTH (1 GB by default).

The bytes never reach the audit trail: on PostgreSQL the capture trigger (accounts/audit.py)
would copy every inserted or deleted file into the append-only trail, so writes here run under
``bulk_write``. What the trail records is the row that refers to the file — its FileField
holds the name — and that row is captured as usual.
"""

from __future__ import annotations

import mimetypes
from datetime import datetime
from io import BytesIO
from typing import IO, Any
from urllib.parse import urljoin

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.encoding import filepath_to_uri

from samverka.accounts.audit import bulk_write
from samverka.files.models import StoredFile

DEFAULT_MAX_BYTES = 100 * 1024 * 1024


class FileTooLarge(ValueError):
    """A file above the storage's ``max_bytes``; the upload forms refuse far smaller files."""


@deconstructible(path="samverka.files.storage.DatabaseStorage")
class DatabaseStorage(Storage):
    """Files as rows of ``files.StoredFile``, one row per name."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = max_bytes

    # --- writing --------------------------------------------------------------------------

    def _save(self, name: str, content: File[Any]) -> str:
        data = self._read_all(name, content)
        content_type = getattr(content, "content_type", None) or (
            mimetypes.guess_type(name)[0] or ""
        )
        # Two uploads of one name at the same moment both passed get_available_name; the unique
        # index lets one of them in and the other takes another name, as FileSystemStorage
        # does with O_EXCL.
        while True:
            try:
                with transaction.atomic(), bulk_write("stored_file"):
                    now = timezone.now()
                    StoredFile.objects.create(
                        name=name,
                        content=data,
                        size=len(data),
                        content_type=content_type[:100],
                        created_at=now,
                        modified_at=now,
                    )
                return name
            except IntegrityError:
                if not self.exists(name):
                    raise
                name = self.get_available_name(name)

    def _read_all(self, name: str, content: File[Any]) -> bytes:
        if hasattr(content, "seek") and getattr(content, "seekable", lambda: True)():
            content.seek(0)
        parts: list[bytes] = []
        size = 0
        for chunk in content.chunks():
            data = chunk.encode() if isinstance(chunk, str) else bytes(chunk)
            size += len(data)
            if size > self.max_bytes:
                raise FileTooLarge(
                    f"{name}: larger than the database storage's limit of {self.max_bytes} bytes"
                )
            parts.append(data)
        return b"".join(parts)

    def delete(self, name: str) -> None:
        if not name:
            raise ValueError("The name must be given to delete().")
        with transaction.atomic(), bulk_write("stored_file"):
            StoredFile.objects.filter(name=name).delete()

    # --- reading --------------------------------------------------------------------------

    def _open(self, name: str, mode: str = "rb") -> File[bytes]:
        if any(flag in mode for flag in "wa+"):
            raise ValueError(f"DatabaseStorage opens files for reading only, not {mode!r}.")
        content = StoredFile.objects.filter(name=name).values_list("content", flat=True).first()
        if content is None:
            raise FileNotFoundError(f"No stored file named {name!r}")
        handle: IO[bytes] = BytesIO(bytes(content))
        return File(handle, name=name)

    def exists(self, name: str) -> bool:
        return StoredFile.objects.filter(name=name).exists()

    def size(self, name: str) -> int:
        size = StoredFile.objects.filter(name=name).values_list("size", flat=True).first()
        if size is None:
            raise FileNotFoundError(f"No stored file named {name!r}")
        return size

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        prefix = path.strip("/") + "/" if path.strip("/") else ""
        directories: set[str] = set()
        files: list[str] = []
        names = StoredFile.objects.filter(name__startswith=prefix).values_list("name", flat=True)
        for name in names.order_by("name").iterator():
            rest = name[len(prefix) :]
            if "/" in rest:
                directories.add(rest.split("/", 1)[0])
            else:
                files.append(rest)
        return sorted(directories), files

    def get_created_time(self, name: str) -> datetime:
        return self._time(name, "created_at")

    def get_modified_time(self, name: str) -> datetime:
        return self._time(name, "modified_at")

    def _time(self, name: str, field: str) -> datetime:
        value = StoredFile.objects.filter(name=name).values_list(field, flat=True).first()
        if value is None:
            raise FileNotFoundError(f"No stored file named {name!r}")
        # As FileSystemStorage: aware with USE_TZ, naive local time without.
        return value if settings.USE_TZ else timezone.make_naive(value)

    def url(self, name: str | None) -> str:
        """The URL FileSystemStorage would give, which nothing serves: samverka never serves an
        upload by URL (a document's file streams through ``organisation:document_file`` after
        its access check). Not NotImplementedError, because Django's file widgets (the admin's,
        ClearableFileInput) ask every current file for its ``url`` and would fail the page."""
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name or ""))
