"""The fact sheet's editable texts: Brå's guidance boxes and the other fixed passages.

The defaults are Brå's own words from the Angered fact sheet (``samverka.reports.texts``); a
municipality's coordinators may rewrite any of them. A row exists only for a text that has been
changed: the fact sheet uses the default for every key without one, so improving a default reaches
every municipality that has not rewritten it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverka.accounts.models import Municipality


class FactSheetText(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="fact_sheet_texts"
    )
    key = models.SlugField(_("nyckel"), max_length=60)
    title = models.CharField(_("rubrik"), max_length=200)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Stycken skiljs åt med en tom rad. En rad som börjar med ”- ” blir en punkt i en lista."
        ),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ändrad av"),
    )
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("text i faktabladet")
        verbose_name_plural = _("texter i faktabladet")
        ordering = ["municipality", "key"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="fact_sheet_text_unique")
        ]

    def __str__(self) -> str:
        return self.title
