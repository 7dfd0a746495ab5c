"""Users, municipalities (the tenants) and each user's role in a municipality."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in. Platform staff have ``is_platform_admin``."""

    is_platform_admin = models.BooleanField(_("plattformsadministratör"), default=False)

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Municipality(models.Model):
    """A Swedish municipality: the tenant that owns everything else."""

    name = models.CharField(_("namn"), max_length=200, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=60, unique=True)
    scb_code = models.CharField(
        _("kommunkod (SCB)"), max_length=4, blank=True, help_text=_("Fyra siffror, t.ex. 1480.")
    )
    county = models.CharField(_("län"), max_length=100, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    is_example = models.BooleanField(_("exempel"), default=False)

    class Meta:
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Samordnare (administratör)")
    MEMBER = "member", _("Medlem")
    READER = "reader", _("Läsare")


class MunicipalityRole(models.Model):
    """What one user may do in one municipality."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="municipality_roles")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="user_roles"
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("roll i kommun")
        verbose_name_plural = _("roller i kommuner")
        constraints = [
            models.UniqueConstraint(fields=["user", "municipality"], name="one_role_per_municipality")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.municipality}: {self.get_role_display()}"
