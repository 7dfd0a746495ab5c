"""Meetings of the groups: series from a group's cadence, acute meetings, agendas, minutes with
approval (justering) and versions, proposals, decisions within mandate, and commitments (åtaganden).

The rules (who may decide, when minutes lock, what carries over) live in ``services``; the models
hold one row's facts and the small questions about one row.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverka.accounts.models import Municipality
from samverka.core.validators import validate_single_line
from samverka.organisation.models import GoverningDocument, Group, Organisation, Person


class MeetingKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinarie möte")
    ACUTE = "acute", _("Akut möte")
    EXTRA = "extra", _("Extra möte")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planerat")
    HELD = "held", _("Genomfört")
    CANCELLED = "cancelled", _("Inställt")


class MeetingState(models.TextChoices):
    """What a meeting is, as shown: the stored status checked against the clock. "Held" only
    once the meeting has started and its minutes are approved; a past meeting that nobody has
    minuted says so instead of passing for held."""

    PLANNED = "planned", _("Planerat")
    IN_PROGRESS = "in_progress", _("Pågår")
    HELD = "held", _("Genomfört")
    NOT_MINUTED = "not_minuted", _("Ej protokollfört")
    CANCELLED = "cancelled", _("Inställt")


class AcuteTrigger(models.TextChoices):
    SHOOTING = "shooting", _("Skjutning")
    EXPLOSION = "explosion", _("Explosion")
    SOCIAL_UNREST = "social_unrest", _("Social oro")
    OTHER = "other", _("Annan allvarlig händelse")


class MeetingSeries(models.Model):
    """The ordinary meetings of one group for one year, planned from its cadence."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meeting_series")
    year = models.PositiveSmallIntegerField(_("år"))
    # None: the cadence's default (n times a year skips the summer, every n weeks does not).
    skip_summer = models.BooleanField(_("uppehåll under sommaren"), null=True, blank=True)
    skip_christmas = models.BooleanField(_("uppehåll under jul och nyår"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mötesserie")
        verbose_name_plural = _("mötesserier")
        constraints = [
            models.UniqueConstraint(fields=["group", "year"], name="meeting_series_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.year}"


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def upcoming(self, now: object | None = None) -> MeetingQuerySet:
        return self.filter(starts_at__gte=now or timezone.now()).exclude(
            status=MeetingStatus.CANCELLED
        )

    def in_year(self, year: int) -> MeetingQuerySet:
        return self.filter(starts_at__year=year)


class Meeting(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="meetings"
    )
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meetings")
    series = models.ForeignKey(
        MeetingSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings"
    )
    kind = models.CharField(
        _("typ av möte"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.ORDINARY
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    title = models.CharField(
        _("rubrik"), max_length=200, blank=True, validators=[validate_single_line]
    )
    starts_at = models.DateTimeField(_("börjar"))
    ends_at = models.DateTimeField(_("slutar"))
    location = models.CharField(
        _("plats"), max_length=200, blank=True, validators=[validate_single_line]
    )
    # A video link lets anyone who has it into the meeting: shown to members and coordinators only.
    video_url = models.URLField(_("videolänk"), max_length=500, blank=True)
    trigger = models.CharField(
        _("anledning till akut möte"), max_length=20, choices=AcuteTrigger.choices, blank=True
    )
    trigger_note = models.CharField(_("om händelsen"), max_length=300, blank=True)
    cancel_reason = models.CharField(_("skäl till att mötet ställs in"), max_length=300, blank=True)
    # RFC 5545: UID stays the same for the meeting's life; SEQUENCE rises with every change that
    # calendar clients must pick up (time, place, cancellation).
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    notice_sent_at = models.DateTimeField(_("kallelse skickad"), null=True, blank=True)
    is_example = models.BooleanField(_("exempeldata"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["group", "starts_at"]),
            models.Index(fields=["municipality", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after"
            )
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        if self.kind == MeetingKind.ACUTE:
            return str(_("Akut möte: %(group)s") % {"group": self.group.name})
        return self.group.name

    @property
    def is_acute(self) -> bool:
        return self.kind == MeetingKind.ACUTE

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    def has_started(self, now: datetime | None = None) -> bool:
        """Minutes, attendance, approval and decisions record what happened: only from here."""
        return self.starts_at <= (now or timezone.now())

    @property
    def started(self) -> bool:
        return self.has_started()

    @property
    def has_place(self) -> bool:
        """Where to go: a place, or a video link for a meeting held online."""
        return bool(self.location.strip() or self.video_url.strip())

    def state_at(self, now: datetime | None = None) -> MeetingState:
        now = now or timezone.now()
        if self.is_cancelled:
            return MeetingState.CANCELLED
        if not self.has_started(now):
            # A stored "held" on a meeting still ahead (written directly, or moved) is not
            # believed: nothing has been held yet.
            return MeetingState.PLANNED
        if self.status == MeetingStatus.HELD:
            return MeetingState.HELD
        if now < self.ends_at:
            return MeetingState.IN_PROGRESS
        return MeetingState.NOT_MINUTED

    @property
    def state(self) -> MeetingState:
        return self.state_at()

    @property
    def state_display(self) -> str:
        return str(self.state.label)


class AgendaItemKind(models.TextChoices):
    """Standing items fill themselves: the latest lägesbild, proposals awaiting a decision, open
    commitments; the rest are plain items."""

    PLAIN = "plain", _("Punkt")
    SITUATION = "situation", _("Senaste lägesbilden")
    PROPOSALS = "proposals", _("Förslag för beslut")
    COMMITMENTS = "commitments", _("Uppföljning av åtaganden")
    REPORTS = "reports", _("Rapporter från arbetsgrupperna")


class AgendaTemplateItem(models.Model):
    """A group's standing agenda (stående dagordning): copied into every new meeting's agenda."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="agenda_template")
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    title = models.CharField(_("rubrik"), max_length=200, validators=[validate_single_line])
    kind = models.CharField(
        _("slags punkt"),
        max_length=20,
        choices=AgendaItemKind.choices,
        default=AgendaItemKind.PLAIN,
    )

    class Meta:
        verbose_name = _("stående dagordningspunkt")
        verbose_name_plural = _("stående dagordning")
        ordering = ["group", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class AgendaItemStatus(models.TextChoices):
    ACCEPTED = "accepted", _("På dagordningen")
    SUGGESTED = "suggested", _("Föreslagen av medlem")
    DECLINED = "declined", _("Inte tagen upp")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    # One level of nesting (7, 7.1, 7.2) is what agendas use; the services refuse deeper trees.
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    title = models.CharField(_("rubrik"), max_length=200, validators=[validate_single_line])
    description = models.TextField(_("beskrivning"), blank=True)
    kind = models.CharField(
        _("slags punkt"),
        max_length=20,
        choices=AgendaItemKind.choices,
        default=AgendaItemKind.PLAIN,
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AgendaItemStatus.choices,
        default=AgendaItemStatus.ACCEPTED,
    )
    document = models.ForeignKey(
        GoverningDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dokument"),
    )
    proposal = models.ForeignKey(
        "Proposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("förslag"),
    )
    commitment = models.ForeignKey(
        "Commitment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("åtagande"),
    )
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("dagordningspunkt")
        verbose_name_plural = _("dagordning")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    APPROVED = "approved", _("Justerat")


class Minutes(models.Model):
    """One version of a meeting's minutes (protokoll/minnesanteckningar).

    Once every named adjuster (justerare) has approved, the version is locked. A later change is a
    new version that copies the last one; the old stays readable.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes_versions")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    summary = models.TextField(_("allmänna anteckningar"), blank=True)
    change_reason = models.CharField(_("skäl till ny version"), max_length=300, blank=True)
    adjusters = models.ManyToManyField(
        Person, blank=True, related_name="minutes_to_adjust", verbose_name=_("justerare")
    )
    approved_at = models.DateTimeField(_("justerat"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("protokoll")
        verbose_name_plural = _("protokoll")
        ordering = ["meeting", "version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="minutes_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} v{self.version}"

    @property
    def is_locked(self) -> bool:
        return self.status == MinutesStatus.APPROVED


class MinutesItemNote(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="item_notes")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("anteckning"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "agenda_item"], name="minutes_item_note_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.minutes}: {self.agenda_item}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Närvarande")
    ABSENT = "absent", _("Frånvarande")
    SUBSTITUTE = "substitute", _("Ersättare")


class Attendance(models.Model):
    """Who was there, per organisation: a person, or a substitute named in text."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="attendance")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("närvaro"), max_length=20, choices=AttendanceStatus.choices)
    substitute_name = models.CharField(_("ersättarens namn"), max_length=200, blank=True)

    class Meta:
        ordering = ["minutes", "organisation__name", "person__name"]

    def __str__(self) -> str:
        who = self.substitute_name or self.person or self.organisation
        return f"{who}: {self.get_status_display()}"


class Approval(models.Model):
    """One adjuster's approval (justering) of one minutes version: in samverka by the adjuster
    themself, or on paper and recorded afterwards by a coordinator (who and when are kept)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="approvals")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(default=timezone.now)
    # On paper: ``approved_at`` carries the day the adjuster signed (its time means nothing).
    on_paper = models.BooleanField(_("justerat på papper"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrerat av"),
    )
    recorded_at = models.DateTimeField(_("registrerat"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["minutes", "person"], name="approval_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.minutes} – {self.person}"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Väntar på beslut")
    DECIDED = "decided", _("Beslutat")
    RETURNED = "returned", _("Återremitterat")
    WITHDRAWN = "withdrawn", _("Återtaget")


class Proposal(models.Model):
    """A preparing group's proposal (förslag till beslut), addressed to a deciding group."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="proposals"
    )
    from_group = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="proposals_made", verbose_name=_("från")
    )
    to_group = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="proposals_received", verbose_name=_("till")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals_made",
        verbose_name=_("beslutat att föreslå vid"),
    )
    title = models.CharField(_("rubrik"), max_length=200, validators=[validate_single_line])
    text = models.TextField(_("förslag"))
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    is_example = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("förslag")
        verbose_name_plural = _("förslag")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("Bifall")
    AMENDED = "amended", _("Bifall med ändring")
    REJECTED = "rejected", _("Avslag")
    RETURNED = "returned", _("Återremiss")
    NOTED = "noted", _("Noterat")


class Decision(models.Model):
    """A decision (beslut) of a meeting of a group whose mandate is to decide."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("förslag"),
    )
    number = models.PositiveSmallIntegerField(_("paragraf"))
    title = models.CharField(_("rubrik"), max_length=200, validators=[validate_single_line])
    text = models.TextField(_("beslut"))
    outcome = models.CharField(
        _("utfall"),
        max_length=20,
        choices=DecisionOutcome.choices,
        default=DecisionOutcome.APPROVED,
    )
    is_example = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")
        ordering = ["meeting__starts_at", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="decision_number_unique")
        ]

    def __str__(self) -> str:
        return f"§ {self.number} {self.title}"


class CommitmentStatus(models.TextChoices):
    OPEN = "open", _("Ej påbörjat")
    IN_PROGRESS = "in_progress", _("Pågår")
    DONE = "done", _("Genomfört")
    CANCELLED = "cancelled", _("Avbrutet")


OPEN_COMMITMENT_STATUSES = (CommitmentStatus.OPEN, CommitmentStatus.IN_PROGRESS)


class CommitmentQuerySet(models.QuerySet["Commitment"]):
    def open(self) -> CommitmentQuerySet:
        return self.filter(status__in=OPEN_COMMITMENT_STATUSES)

    def overdue(self, today: date | None = None) -> CommitmentQuerySet:
        return self.open().filter(due_date__lt=today or timezone.localdate())


class Commitment(models.Model):
    """An åtagande: what, who (person and organisation), by when — followed up at every meeting of
    the responsible group until it is done."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="commitments"
    )
    group = models.ForeignKey(
        Group,
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("ansvarig grupp"),
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="commitments"
    )
    origin_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments_made",
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments_made",
        verbose_name=_("från mötet"),
    )
    title = models.CharField(_("vad"), max_length=300, validators=[validate_single_line])
    description = models.TextField(_("beskrivning"), blank=True)
    owner_person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("ansvarig person"),
    )
    owner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("ansvarig aktör"),
    )
    due_date = models.DateField(_("klart senast"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.OPEN,
    )
    done_at = models.DateTimeField(_("klart"), null=True, blank=True)
    is_example = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("åtagande")
        verbose_name_plural = _("åtaganden")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["group", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_COMMITMENT_STATUSES

    def is_overdue(self, today: date | None = None) -> bool:
        return (
            self.is_open
            and self.due_date is not None
            and self.due_date < (today or timezone.localdate())
        )


class CommitmentUpdate(models.Model):
    """Follow-up history of a commitment: each status change with a note, often from a meeting."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=CommitmentStatus.choices)
    note = models.TextField(_("kommentar"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["commitment", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.commitment}: {self.get_status_display()}"


class CalendarFeed(models.Model):
    """A personal, revocable secret URL for a calendar subscription (ICS) of a group or of the
    user's own meetings. Only a hash of the token is stored; the URL is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_feeds"
    )
    # No group: the meetings of every group the user's person sits in ("mina möten").
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kalenderprenumeration")
        verbose_name_plural = _("kalenderprenumerationer")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} – {self.group or _('mina möten')}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
