"""When a person last looked at their start page, per municipality: "what changed since"."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverka.accounts.models import Municipality


class LastVisit(models.Model):
    """A user's visits to the start page of one municipality.

    Two moments, not one: ``current_at`` is the visit going on now and ``previous_at`` the one
    before it. A reload within ``services.VISIT_GAP`` keeps both, so that the list of changes
    does not empty itself while the person is still working through it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    previous_at = models.DateTimeField(_("förra besöket"), null=True, blank=True)
    current_at = models.DateTimeField(_("senaste besöket"))

    class Meta:
        verbose_name = _("besök på startsidan")
        verbose_name_plural = _("besök på startsidan")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"], name="workbench_last_visit_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.municipality} {self.current_at:%Y-%m-%d %H:%M}"
