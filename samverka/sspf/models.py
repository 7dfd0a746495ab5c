"""SSPF: concern raised about a group of young people or one young person, worked on by the
area's SSPF group (skola, socialtjänst, polis, fritid) under secrecy law and written consent.

Stricter than the rest of samverka, on purpose:
- every table carries ``municipality`` (the database's row-level security covers each one);
- a young person is a pseudonym (``CasePerson.pseudonym``, a keyed hash); the name and birth date
  are in a separate table (``CasePersonIdentity``), encrypted with a key outside the database, and
  read only by the members' logged reveals and by the erasure job;
- consent or the legal ground is recorded per person and ends; the erasure job (``erase_sspf``)
  removes the person when it ends, and the whole case after its retention, leaving ``CaseCount``.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.organisation.models import Group, Organisation

# The default age from which the young person's own written consent is asked for, besides the
# guardian's. domain.md (SSPF): "written consent (guardian, and the young person from the age the
# municipality sets)" — the law sets no age, so each municipality decides it in its routine. 15
# is the age of criminal responsibility (brottsbalken 1 kap. 6 §) and the age many municipal
# SSPF routines use; a municipality changes it in its SSPF settings.
DEFAULT_OWN_CONSENT_AGE = 15
# Guardians decide for a child until 18 (föräldrabalken 6 kap. 2 §): from 18 only the young
# person's own consent counts.
ADULT_AGE = 18
# OSL 10 kap. 18 a §: social services may inform the police about a person under 21 when it is
# needed to prevent the person from committing crime.
OSL_10_18A_AGE_LIMIT = 21
# How long a closed case is kept before erasure; the municipality sets its own in its SSPF
# settings (its dokumenthanteringsplan decides). A year covers the follow-up of a school year.
DEFAULT_RETENTION_MONTHS = 12


class Sector(models.TextChoices):
    SCHOOL = "school", _("Skola")
    SOCIAL_SERVICES = "social_services", _("Socialtjänst")
    POLICE = "police", _("Polis")
    LEISURE = "leisure", _("Fritid")


class Subject(models.TextChoices):
    GROUP = "group", _("En grupp unga")
    INDIVIDUAL = "individual", _("En enskild ung person")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Öppet")
    IN_PROGRESS = "in_progress", _("Pågående")
    CLOSED = "closed", _("Avslutat")


class SSPFSettings(models.Model):
    """The municipality's own SSPF rules (one row per municipality, created on first use)."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="sspf_settings"
    )
    own_consent_age = models.PositiveSmallIntegerField(
        _("eget samtycke från ålder"),
        default=DEFAULT_OWN_CONSENT_AGE,
        help_text=_(
            "Från denna ålder krävs även den unga personens eget skriftliga samtycke, utöver "
            "vårdnadshavarens. Från 18 år räcker det egna."
        ),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("gallring, månader efter avslut"),
        default=DEFAULT_RETENTION_MONTHS,
        help_text=_(
            "Så många månader efter att ärendet avslutats raderas det; kvar blir bara antal."
        ),
    )

    class Meta:
        verbose_name = _("SSPF-inställningar")
        verbose_name_plural = _("SSPF-inställningar")

    def __str__(self) -> str:
        return f"SSPF {self.municipality}"


class CaseQuerySet(models.QuerySet["Case"]):
    def in_groups(self, municipality: Municipality, group_ids: frozenset[int]) -> CaseQuerySet:
        return self.filter(municipality=municipality, group_id__in=group_ids)


class Case(models.Model):
    """An SSPF case (ärende): one concern raised in one SSPF group."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="sspf_cases"
    )
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="sspf_cases", verbose_name=_("SSPF-grupp")
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sspf_cases",
        verbose_name=_("område"),
    )
    raised_on = models.DateField(_("datum"))
    raised_by = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sspf_cases",
        verbose_name=_("lyft av"),
    )
    sector = models.CharField(_("sektor"), max_length=20, choices=Sector.choices)
    subject = models.CharField(_("oron gäller"), max_length=20, choices=Subject.choices)
    description = models.TextField(_("beskrivning av oron"))
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    closed_on = models.DateField(_("avslutat"), null=True, blank=True)
    # Persons erased from the case while it lives (their consent ended): still counted.
    persons_erased = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("SSPF-ärende")
        verbose_name_plural = _("SSPF-ärenden")
        ordering = ["-raised_on", "-pk"]

    def __str__(self) -> str:
        return f"SSPF-ärende {self.pk}"


class CasePerson(models.Model):
    """A young person in a case, known by a pseudonym only."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="persons")
    # HMAC-SHA256 of the normalised identity (samverka.sspf.crypto): the same person in two cases
    # has the same value; the number itself is never stored.
    pseudonym = models.CharField(max_length=64, db_index=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("person i SSPF-ärende")
        verbose_name_plural = _("personer i SSPF-ärenden")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "pseudonym"], name="sspf_person_once_per_case")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """What everyone sees instead of the name: "Ung person 7F3A"."""
        return _("Ung person %(code)s") % {"code": self.pseudonym[:4].upper()}


class CasePersonIdentity(models.Model):
    """The name and birth date of a person in a case, encrypted (Fernet, key outside the
    database). Only ``services.person_reveal`` (a member, with a logged reason), the consent
    rules (the age) and the erasure job read this table."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    person = models.OneToOneField(CasePerson, on_delete=models.CASCADE, related_name="identity")
    name_encrypted = models.TextField()
    birth_date_encrypted = models.TextField()

    class Meta:
        verbose_name = _("identitet (krypterad)")
        verbose_name_plural = _("identiteter (krypterade)")

    def __str__(self) -> str:
        return f"identitet {self.person_id}"


class ConsentKind(models.TextChoices):
    GUARDIAN = "guardian", _("Vårdnadshavares skriftliga samtycke")
    OWN = "own", _("Den unga personens eget skriftliga samtycke")
    OSL_10_18A = (
        "osl_10_18a",
        _("Lagstöd: OSL 10 kap. 18 a § (socialtjänsten till polisen, under 21 år)"),
    )


class Consent(models.Model):
    """Written consent, or the legal ground that applies instead, for one person in one case."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(CasePerson, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(_("grund"), max_length=20, choices=ConsentKind.choices)
    given_on = models.DateField(_("datum"))
    ends_on = models.DateField(_("gäller till"))
    scope = models.CharField(_("omfattning"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("samtycke eller lagstöd")
        verbose_name_plural = _("samtycken och lagstöd")
        ordering = ["given_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.given_on}–{self.ends_on}"

    def is_in_force(self, on: date) -> bool:
        return self.given_on <= on <= self.ends_on


class Action(models.Model):
    """Who does what by when in a case."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    what = models.CharField(_("vad"), max_length=300)
    responsible = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarig aktör"),
    )
    due_on = models.DateField(_("klart senast"))
    done_on = models.DateField(_("klart"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.what


class FollowUp(models.Model):
    """A follow-up note on a case."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    noted_on = models.DateField(_("datum"))
    text = models.TextField(_("uppföljning"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")
        ordering = ["noted_on", "pk"]

    def __str__(self) -> str:
        return f"uppföljning {self.noted_on}"


class CaseCount(models.Model):
    """What is left of erased cases: numbers only, by area, sector, quarter and subject.

    The counts of the lägesbild and the overview add the live cases to these rows
    (``selectors.case_counts``), so erasing a case never changes a figure.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey(
        Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sector = models.CharField(max_length=20, choices=Sector.choices)
    quarter_start = models.DateField()  # the first day of the quarter the concern was raised in
    subject = models.CharField(max_length=20, choices=Subject.choices)
    cases = models.PositiveIntegerField(default=0)
    persons = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("antal SSPF-ärenden")
        verbose_name_plural = _("antal SSPF-ärenden")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "area", "sector", "quarter_start", "subject"],
                name="sspf_one_count_per_cell",
            )
        ]

    def __str__(self) -> str:
        return f"{self.quarter_start} {self.sector} {self.subject}: {self.cases}"
