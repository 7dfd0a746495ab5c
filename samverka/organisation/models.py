"""Actors, groups with mandates and cadences, people, memberships, governing documents and
the answers to Brå's set-up questions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverka.accounts.models import Municipality
from samverka.areas.models import Area, Place
from samverka.core.validators import validate_single_line

if TYPE_CHECKING:
    from samverka.stats.models import Geography


class OrganisationKind(models.TextChoices):
    MUNICIPAL_ADMINISTRATION = "municipal_administration", _("Kommunal förvaltning")
    MUNICIPAL_BOARD = "municipal_board", _("Nämnd eller styrelse")
    MUNICIPAL_COMPANY = "municipal_company", _("Kommunalt bolag")
    POLICE = "police", _("Polisen")
    RESCUE_SERVICE = "rescue_service", _("Räddningstjänst")
    SCHOOL_ADMINISTRATION = "school_administration", _("Skolförvaltning")
    SCHOOL = "school", _("Skola")
    SOCIAL_SERVICES = "social_services", _("Socialtjänst")
    HOUSING_COMPANY = "housing_company", _("Bostadsbolag")
    PUBLIC_TRANSPORT = "public_transport", _("Kollektivtrafik")
    HEALTH_CARE = "health_care", _("Hälso- och sjukvård")
    BUSINESS_ASSOCIATION = "business_association", _("Företagarförening")
    CIVIL_SOCIETY = "civil_society", _("Civilsamhälle")
    YOUTH_COUNCIL = "youth_council", _("Ungdomsråd")
    RELIGIOUS_COMMUNITY = "religious_community", _("Trossamfund")
    SECURITY_COMPANY = "security_company", _("Bevakningsföretag")
    PROPERTY_OWNER = "property_owner", _("Fastighetsägare")
    UNIVERSITY = "university", _("Lärosäte")
    REGION = "region", _("Region")
    OTHER = "other", _("Annan aktör")


class Organisation(models.Model):
    """An actor in the collaboration (aktör): a förvaltning, the police, a housing company …"""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="organisations"
    )
    name = models.CharField(_("namn"), max_length=200, validators=[validate_single_line])
    short_name = models.CharField(
        _("kortnamn"), max_length=60, blank=True, validators=[validate_single_line]
    )
    kind = models.CharField(_("typ av aktör"), max_length=40, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("del av"),
    )
    website = models.URLField(_("webbplats"), blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    # The code of the shared reference geography (samverka.stats), e.g. "lpo-taby": one
    # lokalpolisområde serves several municipalities, and each municipality keeps its own row
    # (its own names, people, groups) pointing at the same code instead of sharing a row.
    reference_code = models.CharField(
        _("kod i referensgeografin"),
        max_length=40,
        blank=True,
        help_text=_("T.ex. lpo-taby för ett lokalpolisområde som betjänar flera kommuner."),
    )

    class Meta:
        verbose_name = _("aktör")
        verbose_name_plural = _("aktörer")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "reference_code"],
                condition=~models.Q(reference_code=""),
                name="organisation_reference_code_unique",
            ),
            models.UniqueConstraint(
                fields=["municipality", "name"], name="organisation_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def reference_geography(self) -> Geography | None:
        """The shared reference geography row of ``reference_code`` (None when not loaded)."""
        if not self.reference_code:
            return None
        from samverka.stats.models import Geography

        return Geography.objects.filter(code=self.reference_code).first()


class GroupKind(models.TextChoices):
    STEERING = "styrgrupp", _("Styrgrupp/ledningsgrupp")
    PREPARATION = "beredningsgrupp", _("Beredningsgrupp")
    WORKING = "arbetsgrupp", _("Arbetsgrupp")
    COUNCIL = "trygghetsrad", _("Trygghetsråd/brottsförebyggande råd")
    AREA_SAFETY = "trygghetsgrupp", _("Trygghetsgrupp")
    SSPF = "sspf", _("SSPF-grupp")
    COORDINATION_UNIT = "samordningsenhet", _("Samordningsenhet")
    OTHER = "annan", _("Annan grupp")


class Mandate(models.TextChoices):
    DECIDES = "decides", _("Beslutar")
    PREPARES = "prepares", _("Bereder och föreslår")
    CARRIES_OUT = "carries_out", _("Genomför")
    ADVISES = "advises", _("Rådgivande")


class Cadence(models.TextChoices):
    TIMES_PER_YEAR = "times_per_year", _("Antal gånger per år")
    EVERY_N_WEEKS = "every_n_weeks", _("Var n:e vecka")
    CUSTOM = "custom", _("Annat/efter behov")


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("måndag")
    TUESDAY = 2, _("tisdag")
    WEDNESDAY = 3, _("onsdag")
    THURSDAY = 4, _("torsdag")
    FRIDAY = 5, _("fredag")


class GroupQuerySet(models.QuerySet["Group"]):
    def in_municipality(self, municipality: Municipality) -> GroupQuerySet:
        return self.filter(municipality=municipality)

    def deciding(self) -> GroupQuerySet:
        return self.filter(mandate=Mandate.DECIDES)


class Group(models.Model):
    """A group in the structure: steering group, preparation group, working group, council …"""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("namn"), max_length=200, validators=[validate_single_line])
    short_name = models.CharField(
        _("kortnamn"), max_length=60, blank=True, validators=[validate_single_line]
    )
    kind = models.CharField(_("typ av grupp"), max_length=30, choices=GroupKind.choices)
    mandate = models.CharField(_("mandat"), max_length=20, choices=Mandate.choices)
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groups",
        verbose_name=_("område"),
    )
    reports_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reporting_groups",
        verbose_name=_("rapporterar till"),
    )
    appointed_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointed_groups",
        verbose_name=_("tillsatt av"),
    )
    coordinates = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="coordinated_by",
        verbose_name=_("samordnar"),
    )
    purpose = models.TextField(_("syfte och uppdrag"), blank=True)
    cadence = models.CharField(
        _("mötesfrekvens"), max_length=20, choices=Cadence.choices, default=Cadence.CUSTOM
    )
    meetings_per_year = models.PositiveSmallIntegerField(_("möten per år"), null=True, blank=True)
    interval_weeks = models.PositiveSmallIntegerField(
        _("veckor mellan möten"), null=True, blank=True
    )
    meeting_weekday = models.PositiveSmallIntegerField(
        _("mötesdag"), choices=Weekday.choices, null=True, blank=True
    )
    cadence_note = models.CharField(_("om mötesfrekvensen"), max_length=200, blank=True)
    acute_triggers = models.TextField(
        _("akuta möten vid"),
        blank=True,
        help_text=_("En händelse per rad, t.ex. skjutning, explosion, social oro."),
    )
    start_date = models.DateField(_("startdatum"), null=True, blank=True)
    end_date = models.DateField(_("slutdatum"), null=True, blank=True)
    convening_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="convened_groups",
        verbose_name=_("sammankallande aktör"),
    )
    internal_notes = models.TextField(
        _("interna anteckningar"),
        blank=True,
        help_text=_("Syns bara för gruppens medlemmar och kommunens samordnare."),
    )

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("grupp")
        verbose_name_plural = _("grupper")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="group_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def may_decide(self) -> bool:
        return self.mandate == Mandate.DECIDES

    @property
    def is_time_limited(self) -> bool:
        return self.kind == GroupKind.WORKING

    def acute_trigger_list(self) -> list[str]:
        return [line.strip() for line in self.acute_triggers.splitlines() if line.strip()]

    def cadence_label(self) -> str:
        """The cadence as a coordinator says it: "6 gånger per år", "varannan vecka (tisdag)"."""
        if self.cadence == Cadence.TIMES_PER_YEAR and self.meetings_per_year:
            label = str(_("%(n)s gånger per år") % {"n": self.meetings_per_year})
        elif self.cadence == Cadence.EVERY_N_WEEKS and self.interval_weeks:
            if self.interval_weeks == 1:
                label = str(_("varje vecka"))
            elif self.interval_weeks == 2:
                label = str(_("varannan vecka"))
            else:
                label = str(_("var %(n)s:e vecka") % {"n": self.interval_weeks})
            if self.meeting_weekday:
                label += f" ({self.get_meeting_weekday_display()})"
        else:
            label = self.cadence_note or str(_("efter behov"))
        return label


class PersonKind(models.TextChoices):
    OFFICIAL = "official", _("Tjänsteperson")
    POLITICIAN = "politician", _("Förtroendevald (politiker)")
    OTHER = "other", _("Annan")


class Person(models.Model):
    """A role holder in the organisation. May be linked to a user account."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(_("namn"), max_length=200, validators=[validate_single_line])
    title = models.CharField(
        _("befattning"), max_length=200, blank=True, validators=[validate_single_line]
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("arbetsgivare/aktör"),
    )
    kind = models.CharField(
        _("politiker eller tjänsteperson"),
        max_length=20,
        choices=PersonKind.choices,
        default=PersonKind.OFFICIAL,
    )
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    is_public_contact = models.BooleanField(
        _("offentlig kontaktperson"),
        default=False,
        help_text=_("Visas som kontaktuppgift; får aldrig utskick från samverka."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("användarkonto"),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="person_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def may_receive_mail(self) -> bool:
        return bool(self.email) and not self.is_public_contact


class MembershipRole(models.TextChoices):
    CHAIR = "chair", _("Ordförande")
    CONVENER = "convener", _("Sammankallande")
    SECRETARY = "secretary", _("Sekreterare")
    MEMBER = "member", _("Ledamot")
    COOPTED = "coopted", _("Adjungerad")


class Membership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("företräder"),
    )
    role = models.CharField(
        _("roll i gruppen"), max_length=20, choices=MembershipRole.choices, default="member"
    )
    start_date = models.DateField(_("från"), null=True, blank=True)
    end_date = models.DateField(_("till"), null=True, blank=True)

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        ordering = ["group", "role", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="one_membership_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.person} i {self.group} ({self.get_role_display()})"


class OrganisationMembership(models.Model):
    """An actor taking part in a group without a named person (”Polisen deltar”).

    Many municipalities name the organisations in a group, not the people who come. A row of
    its own rather than a Membership without a person, so that everything built on members
    (invitations, mail, minutes, access by group) keeps meaning people.
    """

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="organisation_memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="group_memberships",
        verbose_name=_("aktör"),
    )
    role = models.CharField(
        _("roll i gruppen"), max_length=20, choices=MembershipRole.choices, default="member"
    )
    start_date = models.DateField(_("från"), null=True, blank=True)
    end_date = models.DateField(_("till"), null=True, blank=True)

    class Meta:
        verbose_name = _("deltagande aktör")
        verbose_name_plural = _("deltagande aktörer")
        ordering = ["group", "role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "organisation"], name="one_organisation_membership_per_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} i {self.group} ({self.get_role_display()})"


class SpecialistFunction(models.Model):
    """A specialist function of the coordination unit (e.g. ungdomskriminalitet)."""

    group = models.ForeignKey(
        Group,
        on_delete=models.CASCADE,
        related_name="specialist_functions",
        verbose_name=_("samordningsenhet"),
    )
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    coordinator = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="specialist_functions",
        verbose_name=_("koordinator"),
    )

    class Meta:
        verbose_name = _("specialistfunktion")
        verbose_name_plural = _("specialistfunktioner")
        ordering = ["group", "name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "name"], name="specialist_function_unique")
        ]

    def __str__(self) -> str:
        return self.name


class DocumentKind(models.TextChoices):
    BUDGET = "budget", _("Budget")
    COLLABORATION_AGREEMENT = "collaboration_agreement", _("Samverkansöverenskommelse")
    CITIZEN_PROMISE = "citizen_promise", _("Medborgarlöfte")
    ACTION_PLAN = "action_plan", _("Åtgärdsplan/handlingsplan")
    POLICY = "policy", _("Policy/program")
    OTHER = "other", _("Annat styrande dokument")


class GoverningDocument(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="governing_documents"
    )
    title = models.CharField(_("titel"), max_length=300, validators=[validate_single_line])
    kind = models.CharField(_("typ"), max_length=40, choices=DocumentKind.choices)
    area = models.ForeignKey(
        Area,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="governing_documents",
        verbose_name=_("gäller område"),
    )
    parties = models.ManyToManyField(
        Organisation, blank=True, related_name="governing_documents", verbose_name=_("parter")
    )
    summary = models.TextField(_("syfte och innehåll"), blank=True)
    goals = models.TextField(_("mål"), blank=True, help_text=_("Ett mål per rad."))
    valid_from = models.DateField(_("gäller från"), null=True, blank=True)
    valid_until = models.DateField(_("gäller till"), null=True, blank=True)
    adopted_on = models.DateField(_("antagen datum"), null=True, blank=True)
    adopted_by = models.CharField(_("antagen av"), max_length=200, blank=True)
    next_review = models.DateField(_("nästa översyn"), null=True, blank=True)
    file = models.FileField(_("fil"), upload_to="documents/%Y/", blank=True)
    url = models.URLField(_("länk"), blank=True)
    # "gäller 2025–2027": the dates are 1 January and 31 December, written back as years.
    valid_in_years = models.BooleanField(_("giltighet angiven i hela år"), default=False)
    covers_areas = models.ManyToManyField(
        Area,
        blank=True,
        related_name="covering_documents",
        verbose_name=_("gäller även områden"),
    )
    places = models.ManyToManyField(
        Place, blank=True, related_name="governing_documents", verbose_name=_("gäller platser")
    )
    # An agreement made of several documents: the appendices are parts of the main document.
    part_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("del av dokument"),
    )

    class Meta:
        verbose_name = _("styrande dokument")
        verbose_name_plural = _("styrande dokument")
        ordering = ["-valid_from", "title"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "title"], name="document_title_unique")
        ]

    def __str__(self) -> str:
        return self.title

    def goal_list(self) -> list[str]:
        return [line.strip() for line in self.goals.splitlines() if line.strip()]


class CommitmentPeriod(models.TextChoices):
    DAY = "day", _("dag")
    WEEK = "week", _("vecka")
    MONTH = "month", _("månad")
    QUARTER = "quarter", _("kvartal")
    YEAR = "year", _("år")


class DocumentCommitment(models.Model):
    """A commitment in a document, above all a medborgarlöfte: "en trygghetsvandring per år".

    Kept on the governing document (as the organisation file writes it); the process app's
    promise activities are the follow-up of a promise, not its wording.
    """

    document = models.ForeignKey(
        GoverningDocument, on_delete=models.CASCADE, related_name="commitments"
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    text = models.CharField(_("åtagande"), max_length=300, validators=[validate_single_line])
    count = models.PositiveSmallIntegerField(_("antal gånger"), null=True, blank=True)
    period = models.CharField(_("per"), max_length=10, choices=CommitmentPeriod.choices, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="document_commitments",
        verbose_name=_("ansvarig aktör"),
    )

    class Meta:
        verbose_name = _("åtagande")
        verbose_name_plural = _("åtaganden")
        ordering = ["document", "position"]

    def __str__(self) -> str:
        return self.text

    def frequency_label(self) -> str:
        if not self.count or not self.period:
            return ""
        if self.count == 1:
            return str(_("en gång per %(period)s") % {"period": self.get_period_display()})
        return str(
            _("%(n)s gånger per %(period)s")
            % {"n": self.count, "period": self.get_period_display()}
        )


class SetupAnswer(models.Model):
    """One answer to one of Brå's set-up questions; the newest row per question is current.

    Older answers are kept so that the checklist shows who answered what, and when.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="setup_answers"
    )
    question_key = models.CharField(_("fråga"), max_length=60)
    answer = models.TextField(_("svar"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="setup_answers",
    )
    answered_by_name = models.CharField(_("besvarad av"), max_length=200, blank=True)
    answered_at = models.DateTimeField(_("besvarad"))

    class Meta:
        verbose_name = _("svar på uppstartsfråga")
        verbose_name_plural = _("svar på uppstartsfrågor")
        ordering = ["municipality", "question_key", "-answered_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "question_key", "-answered_at"])]

    def __str__(self) -> str:
        return f"{self.question_key}: {self.answer[:40]}"
