"""The medborgarlöfte (citizen promise) life cycle, the dialogues behind it and the law checklist.

Input from citizen and staff dialogues → the promise with its goals and concrete activities →
signed by the parties → a public progress page without login → renewal for the next period, the
previous promise kept as history (``previous``). The promise's goals are ``Goal`` rows of its
governing document (kind medborgarlöfte); its activities may point at measures of the action plan,
whose progress they then show.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.validators import validate_single_line
from samverka.organisation.models import GoverningDocument, Organisation
from samverka.process.models._common import Stamped


class DialogueKind(models.TextChoices):
    CITIZEN = "citizen", _("Medborgardialog")
    STAFF = "staff", _("Medarbetardialog")
    SURVEY = "survey", _("Trygghetsundersökning/enkät")
    WALK = "walk", _("Trygghetsvandring")


class DialogueNote(Stamped):
    """Notes from one dialogue (or survey): input to problems and to the medborgarlöfte."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="dialogue_notes"
    )
    kind = models.CharField(_("typ"), max_length=20, choices=DialogueKind.choices)
    title = models.CharField(_("rubrik"), max_length=200, validators=[validate_single_line])
    held_on = models.DateField(_("datum"))
    area = models.ForeignKey(
        Area,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("område"),
    )
    participants = models.PositiveIntegerField(_("antal deltagare"), null=True, blank=True)
    summary = models.TextField(_("vad som kom fram"))
    promise = models.ForeignKey(
        "process.CitizenPromise",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dialogues",
        verbose_name=_("underlag till medborgarlöfte"),
    )

    class Meta:
        verbose_name = _("dialog")
        verbose_name_plural = _("dialoger")
        ordering = ["-held_on", "title"]

    def __str__(self) -> str:
        return self.title


class PromiseStatus(models.TextChoices):
    DRAFT = "draft", _("Under arbete")
    SIGNED = "signed", _("Undertecknat")
    ENDED = "ended", _("Avslutat")
    RENEWED = "renewed", _("Förnyat")


class CitizenPromise(Stamped):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="citizen_promises"
    )
    document = models.OneToOneField(
        GoverningDocument,
        on_delete=models.PROTECT,
        related_name="citizen_promise",
        verbose_name=_("styrande dokument"),
    )
    title = models.CharField(_("rubrik"), max_length=200, validators=[validate_single_line])
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="citizen_promises",
        verbose_name=_("område"),
    )
    period_start = models.DateField(_("gäller från"))
    period_end = models.DateField(_("gäller till"))
    status = models.CharField(
        _("status"), max_length=20, choices=PromiseStatus.choices, default=PromiseStatus.DRAFT
    )
    # What the public page says; nothing else of the promise's internals is shown there.
    public_text = models.TextField(_("text för invånare"), blank=True)
    is_public = models.BooleanField(_("visas öppet"), default=False)
    public_slug = models.SlugField(_("adress för den öppna sidan"), max_length=80, blank=True)
    previous = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewal",
        verbose_name=_("förnyar"),
    )

    class Meta:
        verbose_name = _("medborgarlöfte")
        verbose_name_plural = _("medborgarlöften")
        ordering = ["-period_start", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "public_slug"],
                condition=~models.Q(public_slug=""),
                name="promise_public_slug_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="promise_period_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PromiseSignature(models.Model):
    promise = models.ForeignKey(CitizenPromise, on_delete=models.CASCADE, related_name="signatures")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("part")
    )
    signed_by = models.CharField(
        _("undertecknat av"), max_length=200, validators=[validate_single_line]
    )
    signed_on = models.DateField(_("datum"))
    is_example = models.BooleanField(_("exempeldata"), default=False)

    class Meta:
        verbose_name = _("underskrift")
        verbose_name_plural = _("underskrifter")
        ordering = ["promise", "signed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["promise", "organisation"], name="promise_signature_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.signed_on}"


class PromiseActivity(models.Model):
    """A concrete activity the promise names; public wording, progress from a measure or by hand."""

    promise = models.ForeignKey(CitizenPromise, on_delete=models.CASCADE, related_name="activities")
    goal = models.ForeignKey(
        "process.Goal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="promise_activities",
        verbose_name=_("mål"),
    )
    title = models.CharField(_("aktivitet"), max_length=200, validators=[validate_single_line])
    public_text = models.TextField(_("text för invånare"), blank=True)
    measure = models.ForeignKey(
        "process.Measure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="promise_activities",
        verbose_name=_("åtgärd i åtgärdsplanen"),
    )
    # Used when there is no measure to take the progress from.
    progress = models.PositiveSmallIntegerField(
        _("genomfört (procent)"), default=0, validators=[MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    is_example = models.BooleanField(_("exempeldata"), default=False)

    class Meta:
        verbose_name = _("aktivitet i medborgarlöfte")
        verbose_name_plural = _("aktiviteter i medborgarlöften")
        ordering = ["promise", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class StepConfirmation(models.Model):
    """A coordinator's confirmation that one done-criterion of Brå's collaboration steps is met,
    for the criteria the data cannot show by itself (samverka.process.law)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="step_confirmations"
    )
    criterion = models.SlugField(_("kriterium"), max_length=80)
    note = models.CharField(_("kommentar"), max_length=300, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bekräftat av"),
    )
    confirmed_at = models.DateTimeField(_("bekräftat"), auto_now_add=True)

    class Meta:
        verbose_name = _("bekräftat steg")
        verbose_name_plural = _("bekräftade steg")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "criterion"], name="step_confirmation_unique"
            )
        ]

    def __str__(self) -> str:
        return self.criterion
