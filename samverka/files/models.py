from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    """One uploaded file, whole, under its storage name (``samverka.files.storage``).

    Rows are found by name only; the bytes are read only when the file is opened. The file's
    owner (a governing document, an import job) refers to it by name in its FileField, as it
    would to a file on disk, and is what the access checks and the audit trail are about."""

    name = models.CharField(_("namn"), max_length=400, unique=True)
    content = models.BinaryField(_("innehåll"))
    size = models.PositiveBigIntegerField(_("storlek"))
    content_type = models.CharField(_("innehållstyp"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    modified_at = models.DateTimeField(_("ändrad"), default=timezone.now)

    class Meta:
        verbose_name = _("lagrad fil")
        verbose_name_plural = _("lagrade filer")

    def __str__(self) -> str:
        return self.name
