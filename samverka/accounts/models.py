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
    access_log_retention_days = models.PositiveIntegerField(
        _("lagringstid för åtkomstloggen (dagar)"),
        default=365 * 2,
        help_text=_("Hur länge loggen över läsningar av personuppgifter sparas."),
    )

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
    # The data protection officer follows up the access log of personal data (with the
    # coordinators); a flag beside the role, since the officer is often also a reader.
    is_data_protection_officer = models.BooleanField(_("dataskyddsombud"), default=False)

    class Meta:
        verbose_name = _("roll i kommun")
        verbose_name_plural = _("roller i kommuner")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"], name="one_role_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.municipality}: {self.get_role_display()}"


class AuditEvent(models.Model):
    """Who changed what, and when, with the values before and after (``accounts/audit.py``).

    Two kinds of rows: the services' events (``audit()``: "create", "update", "import", ...) and,
    on PostgreSQL, one row per written table row from the capture trigger (``row_insert``,
    ``row_update``, ``row_delete``). Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE.
    The foreign keys carry no database constraint and never cascade: the trail outlives the
    account and the municipality it names.
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="audit_events",
        null=True,
    )
    user = models.ForeignKey(
        User, on_delete=models.DO_NOTHING, db_constraint=False, null=True, blank=True
    )
    # The username at the time, so the row still says who if the account is renamed.
    username = models.CharField(_("användarnamn"), max_length=150, blank=True)
    action = models.CharField(_("händelse"), max_length=40)
    object_type = models.CharField(_("typ"), max_length=60)
    object_id = models.CharField(_("id"), max_length=40, blank=True)
    summary = models.CharField(_("sammanfattning"), max_length=300, blank=True)
    # {field: [before, after]}; a field whose values are secret or personal shows "***".
    changes = models.JSONField(_("ändringar"), default=dict, blank=True)
    source = models.CharField(_("kanal"), max_length=20, blank=True)  # web, api, cli, db
    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True)

    class Meta:
        verbose_name = _("loggad händelse")
        verbose_name_plural = _("loggade händelser")
        ordering = ["-at"]
        indexes = [models.Index(fields=["municipality", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.summary}"


class PersonalDataAccess(models.Model):
    """One read of personal data: an SSPF record, or an incident's free text.

    Kept on the model of HSLF-FS 2016:40 (the health-care rule for access logs), which Swedish
    data protection officers use as the yardstick for sensitive registers: who read what, when,
    and why where the reader was asked for a reason. The data protection officer and the
    coordinators follow the log up with spot checks (``accounts/access_log.py``). Rows are
    written by ``log_personal_data_access`` only and are kept for the municipality's
    ``access_log_retention_days``.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="personal_data_accesses"
    )
    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True)
    # The username at the time, so the row still says who after the account is removed.
    username = models.CharField(_("användarnamn"), max_length=150, blank=True)
    kind = models.CharField(_("slag"), max_length=40)  # e.g. "sspf_case", "incident_text"
    object_id = models.CharField(_("id"), max_length=40, blank=True)
    description = models.CharField(_("vad"), max_length=300, blank=True)
    reason = models.CharField(_("skäl"), max_length=300, blank=True)
    # Reads that were refused are logged too: a non-member trying an SSPF case is what a spot
    # check looks for first.
    granted = models.BooleanField(_("beviljad"), default=True)
    channel = models.CharField(_("kanal"), max_length=20, default="web")  # web, api, cli
    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("åtkomst till personuppgifter")
        verbose_name_plural = _("åtkomstlogg för personuppgifter")
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["municipality", "-at"]),
            models.Index(fields=["municipality", "kind", "object_id"]),
            models.Index(fields=["municipality", "user", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.kind} {self.object_id}"
