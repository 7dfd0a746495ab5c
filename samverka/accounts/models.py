"""Users, municipalities (the tenants) and each user's role in a municipality."""

from __future__ import annotations

import os
import re
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin


def _new_security_stamp() -> str:
    return secrets.token_hex(32)


class User(AbstractUser):  # type: ignore[django-manager-missing]  # django-otp has no stubs
    """A person who logs in. Platform staff have ``is_platform_admin``."""

    is_platform_admin = models.BooleanField(_("plattformsadministratör"), default=False)
    # Part of every session's auth hash: a new stamp ends every session of the user at once
    # (logout, a disabled account, a new password); see ``samverka.accounts.sessions``.
    security_stamp = models.CharField(
        _("säkerhetsstämpel"), max_length=64, default=_new_security_stamp, editable=False
    )

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_session_auth_hash(self) -> str:
        """The password hash, as Django's, and the security stamp."""
        return salted_hmac(
            "samverka.accounts.User.get_session_auth_hash",
            f"{self.password}:{self.security_stamp}",
            algorithm="sha256",
        ).hexdigest()

    def get_session_auth_fallback_hash(self):  # type: ignore[no-untyped-def]
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield salted_hmac(
                "samverka.accounts.User.get_session_auth_hash",
                f"{self.password}:{self.security_stamp}",
                secret=fallback_secret,
                algorithm="sha256",
            ).hexdigest()


class Municipality(models.Model):
    """A Swedish municipality: the tenant that owns everything else."""

    name = models.CharField(_("namn"), max_length=200, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=60, unique=True)
    scb_code = models.CharField(
        _("kommunkod (SCB)"), max_length=4, blank=True, help_text=_("Fyra siffror, t.ex. 1480.")
    )
    county = models.CharField(_("län"), max_length=100, blank=True)
    # From the reference geography (samverka.stats.reference) when the municipality was created
    # from it; scb_code is the link to the reference municipality itself.
    local_police_area = models.CharField(_("lokalpolisområde"), max_length=200, blank=True)
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


class ApiTokenScope(models.TextChoices):
    READ = "read", _("Läsa")
    WRITE = "write", _("Läsa och ändra")


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        from django.utils import timezone

        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A named API key of one user. Only a SHA-256 of the secret is kept; the key is shown once.

    The key reads ``svk_<prefix>_<secret>``: the prefix finds the row, the secret's hash is
    compared in constant time. See ``samverka.accounts.tokens``.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("namn"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    scope = models.CharField(
        _("behörighet"), max_length=10, choices=ApiTokenScope.choices, default=ApiTokenScope.READ
    )
    # The user's session auth hash when the key was made, hashed: a new password or a new
    # security stamp makes every key invalid, whichever way the password was changed.
    credential_stamp = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    expires_at = models.DateTimeField(_("giltig till"))
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} (svk_{self.prefix}_…)"


class OidcProvider(models.Model):
    """A municipality's identity provider for login over OpenID Connect.

    Who gets which role comes from a claim (``groups_claim``, e.g. ``groups``): a value listed for
    coordinators, members or readers gives that role in ``municipality``; otherwise
    ``default_role``, or no login at all when it is empty. Whether the provider's own login counts
    as samverka's second factor: ``trusted_for_mfa``, or the ID token's ``amr`` holding one of
    ``mfa_amr_values``, or its ``acr`` being one of ``mfa_acr_values``.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="oidc_providers"
    )
    slug = models.SlugField(_("kortnamn"), max_length=60, unique=True)
    name = models.CharField(
        _("namn"), max_length=100, help_text=_("Visas på knappen: ”Logga in med <namn>”.")
    )
    discovery_url = models.URLField(
        _("discovery-adress"),
        max_length=500,
        help_text=_("Utfärdarens .well-known/openid-configuration."),
    )
    client_id = models.CharField(_("klient-id"), max_length=200)
    # The secret itself lives in the environment, named here (``secret_env_name``); a secret in
    # this column is from before and still read, with a warning in ``check --deploy``
    # (docs/deployment-security.md).
    secret_env = models.CharField(
        _("miljövariabel med klienthemligheten"),
        max_length=100,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Z][A-Z0-9_]*$",
                _("Stora bokstäver A–Z, siffror och understreck, t.ex. SAMVERKA_OIDC_AD_SECRET."),
            )
        ],
        help_text=_(
            "Namnet på miljövariabeln som håller hemligheten. Tomt: "
            "SAMVERKA_OIDC_<KORTNAMN>_SECRET. Ingen variabel satt: en publik klient (bara PKCE)."
        ),
    )
    client_secret = models.CharField(
        _("klienthemlighet (gammal, i databasen)"),
        max_length=500,
        blank=True,
        help_text=_("Används bara om miljövariabeln saknas. Flytta den till miljön."),
    )
    scopes = models.CharField(_("scopes"), max_length=200, default="openid profile email")
    groups_claim = models.CharField(_("anspråk med grupper"), max_length=100, default="groups")
    coordinator_groups = models.TextField(
        _("grupper som ger samordnarroll"), blank=True, help_text=_("En per rad.")
    )
    member_groups = models.TextField(
        _("grupper som ger medlemsroll"), blank=True, help_text=_("En per rad.")
    )
    reader_groups = models.TextField(
        _("grupper som ger läsarroll"), blank=True, help_text=_("En per rad.")
    )
    default_role = models.CharField(
        _("roll utan matchande grupp"),
        max_length=20,
        choices=Role.choices,
        blank=True,
        help_text=_("Tomt: den som inte har någon av grupperna ovan kan inte logga in."),
    )
    trusted_for_mfa = models.BooleanField(_("räknas alltid som tvåstegsverifiering"), default=False)
    mfa_amr_values = models.CharField(
        _("amr-värden som räknas som tvåstegsverifiering"),
        max_length=200,
        default="mfa",
        blank=True,
        help_text=_("Kommaseparerade, t.ex. mfa, otp, hwk."),
    )
    mfa_acr_values = models.CharField(
        _("acr-värden som räknas som tvåstegsverifiering"),
        max_length=500,
        blank=True,
        help_text=_("Kommaseparerade, t.ex. http://id.elegnamnden.se/loa/1.0/loa3."),
    )
    enabled = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("identitetsleverantör (OIDC)")
        verbose_name_plural = _("identitetsleverantörer (OIDC)")
        ordering = ["municipality__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality})"

    @property
    def secret_env_name(self) -> str:
        """The environment variable with the client secret (``SAMVERKA_OIDC_<SLUG>_SECRET``
        unless named)."""
        if self.secret_env:
            return self.secret_env
        return f"SAMVERKA_OIDC_{re.sub(r'[^A-Z0-9]', '_', self.slug.upper())}_SECRET"

    def client_secret_value(self) -> str | None:
        """The secret from the environment; else the old one from the database; else None (a
        public client)."""
        return os.environ.get(self.secret_env_name) or self.client_secret or None


class OidcIdentity(models.Model):
    """The link between a provider's subject (``sub``) and a samverka account."""

    provider = models.ForeignKey(OidcProvider, on_delete=models.CASCADE, related_name="identities")
    subject = models.CharField(_("subjekt (sub)"), max_length=255)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="oidc_identities")
    created_at = models.DateTimeField(auto_now_add=True)
    last_login_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("OIDC-identitet")
        verbose_name_plural = _("OIDC-identiteter")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "subject"], name="one_user_per_oidc_subject"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider.slug}:{self.subject} → {self.user}"


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """A user's set of single-use recovery codes, as a django-otp device (so ``match_token`` and
    ``devices_for_user`` find it). Only their keyed hashes are kept
    (``samverka.accounts.recovery_codes``); the codes are shown once, when made."""

    # Device's own, with a related name of ours (the type checker cannot name Django's default).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_code_devices"
    )

    class Meta:
        verbose_name = _("reservkoder")
        verbose_name_plural = _("reservkoder")

    def get_throttle_factor(self) -> int:
        return int(getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1))

    def verify_token(self, token: str) -> bool:  # type: ignore[override]
        from samverka.accounts.recovery_codes import candidate_hashes

        allowed, _info = self.verify_is_allowed()
        if not allowed or not isinstance(token, str) or not token.strip():
            return False
        # One DELETE: of two logins racing with the same code, only one removes the row.
        deleted, _rows = self.codes.filter(code_hash__in=candidate_hashes(token)).delete()
        if deleted:
            self.throttle_reset()
        else:
            self.throttle_increment()
        return bool(deleted)


class RecoveryCode(models.Model):
    """One unused recovery code: its keyed hash, never the code."""

    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, db_index=True)

    class Meta:
        verbose_name = _("reservkod")
        verbose_name_plural = _("reservkoder")

    def __str__(self) -> str:
        return f"{self.device.user}: …"
