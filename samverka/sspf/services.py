"""Every SSPF write: cases, persons with their consent or legal ground, name reveals, actions,
follow-up and the erasure. Each checks its rules, writes and audits in one transaction; audit
summaries name pseudonyms, never names."""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.access_log import log_personal_data_access
from samverka.accounts.audit import audit
from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.progress import Progress, no_progress
from samverka.lib.personnummer import find_identity_numbers, is_identity_number
from samverka.organisation.models import Group, GroupKind, Organisation
from samverka.sspf import crypto
from samverka.sspf.access import NAME_KIND
from samverka.sspf.models import (
    ADULT_AGE,
    OSL_10_18A_AGE_LIMIT,
    Action,
    Case,
    CaseCount,
    CasePerson,
    CasePersonIdentity,
    CaseStatus,
    Consent,
    ConsentKind,
    FollowUp,
    Sector,
    SSPFSettings,
)


def settings_for(municipality: Municipality) -> SSPFSettings:
    """The municipality's SSPF settings; the defaults (unsaved) until a coordinator saves them,
    so that reading them never writes."""
    found = SSPFSettings.objects.filter(municipality=municipality).first()
    return found or SSPFSettings(municipality=municipality)


@transaction.atomic
def settings_update(
    *, municipality: Municipality, user: AnyUser, own_consent_age: int, retention_months: int
) -> SSPFSettings:
    if not 12 <= own_consent_age <= ADULT_AGE:
        raise ValidationError(
            {"own_consent_age": _("Åldern för eget samtycke ska vara mellan 12 och 18 år.")}
        )
    if not 1 <= retention_months <= 120:
        raise ValidationError(
            {"retention_months": _("Gallringstiden ska vara mellan 1 och 120 månader.")}
        )
    row, _created = SSPFSettings.objects.update_or_create(
        municipality=municipality,
        defaults={"own_consent_age": own_consent_age, "retention_months": retention_months},
    )
    audit(
        municipality=municipality,
        user=user,
        action="sspf_settings",
        obj=row,
        summary=f"eget samtycke från {own_consent_age} år, gallring {retention_months} mån",
    )
    return row


# ---- cases ----------------------------------------------------------------------------------


def _refuse_identity_numbers(field_name: str, text: str) -> None:
    if find_identity_numbers(text):
        raise ValidationError(
            {
                field_name: _(
                    "Texten innehåller ett person- eller samordningsnummer. Skriv inte "
                    "identitetsuppgifter i fritext: lägg till personen under Personer, där "
                    "numret blir en pseudonym."
                )
            }
        )


def _check_case(
    *,
    municipality: Municipality,
    group: Group,
    area: Area | None,
    raised_by: Organisation | None,
    raised_on: date,
    description: str,
) -> None:
    if group.municipality_id != municipality.pk or group.kind != GroupKind.SSPF:
        raise ValidationError({"group": _("Välj en av kommunens SSPF-grupper.")})
    if area is not None and area.municipality_id != municipality.pk:
        raise ValidationError({"area": _("Området finns inte i kommunen.")})
    if raised_by is not None and raised_by.municipality_id != municipality.pk:
        raise ValidationError({"raised_by": _("Aktören finns inte i kommunen.")})
    if raised_on > timezone.localdate():
        raise ValidationError({"raised_on": _("Datumet kan inte vara i framtiden.")})
    if not description.strip():
        raise ValidationError({"description": _("Beskriv oron.")})
    _refuse_identity_numbers("description", description)


@transaction.atomic
def case_create(
    *,
    municipality: Municipality,
    user: AnyUser,
    group: Group,
    raised_on: date,
    sector: str,
    subject: str,
    description: str,
    area: Area | None = None,
    raised_by: Organisation | None = None,
) -> Case:
    """Raise a concern in an SSPF group. The group's area is the case's when none is given."""
    _check_case(
        municipality=municipality,
        group=group,
        area=area,
        raised_by=raised_by,
        raised_on=raised_on,
        description=description,
    )
    case = Case(
        municipality=municipality,
        group=group,
        area=area or group.area,
        raised_on=raised_on,
        raised_by=raised_by,
        sector=sector,
        subject=subject,
        description=description.strip(),
        created_by=user if user.is_authenticated else None,
    )
    case.full_clean(exclude=["created_by"])
    case.save()
    audit(municipality=municipality, user=user, action="sspf_case_create", obj=case)
    return case


@transaction.atomic
def case_update(
    *,
    case: Case,
    user: AnyUser,
    area: Area | None,
    raised_on: date,
    raised_by: Organisation | None,
    sector: str,
    subject: str,
    description: str,
    status: str,
) -> Case:
    """Change a case. Closing it starts its retention time; reopening stops it."""
    _check_case(
        municipality=case.municipality,
        group=case.group,
        area=area,
        raised_by=raised_by,
        raised_on=raised_on,
        description=description,
    )
    before = case.status
    case.area, case.raised_on, case.raised_by = area, raised_on, raised_by
    case.sector, case.subject, case.status = sector, subject, status
    case.description = description.strip()
    if status == CaseStatus.CLOSED and before != CaseStatus.CLOSED:
        case.closed_on = timezone.localdate()
    elif status != CaseStatus.CLOSED:
        case.closed_on = None
    case.full_clean(exclude=["created_by"])
    case.save()
    audit(
        municipality=case.municipality,
        user=user,
        action="sspf_case_update",
        obj=case,
        summary=f"{case}: status {before} → {status}",
    )
    return case


# ---- persons and their consent --------------------------------------------------------------


_PNR = re.compile(r"(\d{6}|\d{8})([-+]?)(\d{4})")


def parse_personnummer(value: str, *, today: date) -> tuple[str, date]:
    """A personnummer or samordningsnummer as 12 digits, and the birth date it holds.

    A 10-digit number gets the century that makes the person younger than 100 ("+" adds a
    hundred years, as the Tax Agency writes the numbers of centenarians).
    """
    compact = re.sub(r"[\s\u2010-\u2015\u2212]", "-", value.strip()).replace(" ", "")
    match = _PNR.fullmatch(compact.replace("--", "-"))
    if match is None or not is_identity_number(match.group(1), match.group(3)):
        raise ValidationError(
            {"personnummer": _("Ange ett giltigt personnummer (ÅÅÅÅMMDD-NNNN) eller lämna tomt.")}
        )
    date_part, separator, serial = match.groups()
    if len(date_part) == 6:
        yy = int(date_part[:2])
        century = 2000 if 2000 + yy <= today.year else 1900
        if separator == "+":
            century -= 100
        date_part = f"{century // 100}{date_part}"
    year, month, day = int(date_part[:4]), int(date_part[4:6]), int(date_part[6:8])
    if day > 60:  # samordningsnummer
        day -= 60
    try:
        born = date(year, month, day)
    except ValueError:
        raise ValidationError({"personnummer": _("Numret har inget giltigt datum.")}) from None
    return date_part + serial, born


def age_on(birth_date: date, on: date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


@dataclass(frozen=True)
class ConsentInput:
    kind: str
    given_on: date
    ends_on: date
    scope: str


def consent_problem(
    *,
    consents: Sequence[ConsentInput | Consent],
    birth_date: date,
    own_consent_age: int,
    case: Case,
    on: date,
) -> str | None:
    """Why the person may not be in the case on ``on`` (None when a consent or ground covers
    them). The rules:

    - the legal ground OSL 10 kap. 18 a § covers a person under 21 in a case raised by social
      services (it lets social services inform the police, nothing more);
    - otherwise written consent: the guardian's until 18, and from the municipality's age
      (``own_consent_age``) the young person's own as well; from 18 the own alone.
    """
    in_force = [c for c in consents if c.given_on <= on <= c.ends_on]
    kinds = {c.kind for c in in_force}
    age = age_on(birth_date, on)
    if ConsentKind.OSL_10_18A in kinds:
        if age >= OSL_10_18A_AGE_LIMIT:
            return _("Lagstödet i OSL 10 kap. 18 a § gäller bara personer under 21 år.")
        if case.sector != Sector.SOCIAL_SERVICES:
            return _(
                "Lagstödet i OSL 10 kap. 18 a § gäller när socialtjänsten lämnar uppgifter till "
                "polisen; ärendet är inte lyft av socialtjänsten."
            )
        return None
    if not in_force:
        return _(
            "Ärendet saknar samtycke eller lagstöd för personen. Registrera skriftligt samtycke "
            "eller lagstödet innan personen tas med med namn."
        )
    if age < ADULT_AGE and ConsentKind.GUARDIAN not in kinds:
        return _("Personen är under 18 år: vårdnadshavarens skriftliga samtycke krävs.")
    if age >= own_consent_age and ConsentKind.OWN not in kinds:
        return _(
            "Personen har fyllt %(age)s år: den unga personens eget skriftliga samtycke krävs."
        ) % {"age": min(own_consent_age, ADULT_AGE)}
    return None


def _check_consent_input(item: ConsentInput) -> None:
    if item.ends_on < item.given_on:
        raise ValidationError({"ends_on": _("Slutdatumet kan inte vara före datumet.")})
    if not item.scope.strip():
        raise ValidationError({"scope": _("Ange vad samtycket eller lagstödet omfattar.")})
    _refuse_identity_numbers("scope", item.scope)


@transaction.atomic
def person_add(
    *,
    case: Case,
    user: AnyUser,
    name: str,
    birth_date: date | None,
    personnummer: str = "",
    consents: Sequence[ConsentInput],
    today: date | None = None,
) -> CasePerson:
    """Add a young person to a case with the consent or legal ground that allows it.

    Refused unless the consents (or ground) cover the person today: a case never holds a named
    person without one. The number is used for the pseudonym and then forgotten.
    """
    today = today or timezone.localdate()
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Ange personens namn.")})
    number = ""
    if personnummer.strip():
        number, born = parse_personnummer(personnummer, today=today)
        if birth_date is not None and birth_date != born:
            raise ValidationError(
                {"birth_date": _("Födelsedatumet stämmer inte med personnumret.")}
            )
        birth_date = born
    if birth_date is None:
        raise ValidationError({"birth_date": _("Ange födelsedatum eller personnummer.")})
    if birth_date > today:
        raise ValidationError({"birth_date": _("Födelsedatumet kan inte vara i framtiden.")})
    for item in consents:
        _check_consent_input(item)
    rules = settings_for(case.municipality)
    problem = consent_problem(
        consents=consents,
        birth_date=birth_date,
        own_consent_age=rules.own_consent_age,
        case=case,
        on=today,
    )
    if problem:
        raise ValidationError(problem)
    identity = crypto.normalised_identity(personnummer=number, name=name, birth_date=birth_date)
    pseudonym = crypto.pseudonym(municipality_id=case.municipality_id, identity=identity)
    if CasePerson.objects.filter(case=case, pseudonym=pseudonym).exists():
        raise ValidationError(_("Personen finns redan i ärendet."))
    by = user if user.is_authenticated else None
    person = CasePerson.objects.create(
        municipality=case.municipality, case=case, pseudonym=pseudonym, added_by=by
    )
    CasePersonIdentity.objects.create(
        municipality=case.municipality,
        person=person,
        name_encrypted=crypto.encrypt(name),
        birth_date_encrypted=crypto.encrypt(birth_date.isoformat()),
    )
    for item in consents:
        Consent.objects.create(
            municipality=case.municipality,
            person=person,
            kind=item.kind,
            given_on=item.given_on,
            ends_on=item.ends_on,
            scope=item.scope.strip(),
            recorded_by=by,
        )
    audit(
        municipality=case.municipality,
        user=user,
        action="sspf_person_add",
        obj=person,
        summary=f"{person.label} i {case}",
    )
    return person


def birth_date_of(person: CasePerson) -> date:
    """For the consent rules only (never shown): the decrypted birth date."""
    return date.fromisoformat(crypto.decrypt(person.identity.birth_date_encrypted))


@transaction.atomic
def consent_add(*, person: CasePerson, user: AnyUser, item: ConsentInput) -> Consent:
    """Record one more consent (e.g. the own consent at 15) or the legal ground."""
    _check_consent_input(item)
    if item.kind == ConsentKind.OSL_10_18A:
        problem = consent_problem(
            consents=[item],
            birth_date=birth_date_of(person),
            own_consent_age=settings_for(person.municipality).own_consent_age,
            case=person.case,
            on=item.given_on,
        )
        if problem:
            raise ValidationError(problem)
    consent = Consent.objects.create(
        municipality=person.municipality,
        person=person,
        kind=item.kind,
        given_on=item.given_on,
        ends_on=item.ends_on,
        scope=item.scope.strip(),
        recorded_by=user if user.is_authenticated else None,
    )
    audit(
        municipality=person.municipality,
        user=user,
        action="sspf_consent_add",
        obj=consent,
        summary=f"{consent.get_kind_display()} för {person.label} till {item.ends_on}",
    )
    return consent


@dataclass(frozen=True)
class RevealedIdentity:
    name: str
    birth_year: int


def person_reveal(
    *, person: CasePerson, user: AnyUser, reason: str, channel: str = "web"
) -> RevealedIdentity:
    """The name and birth year of a person, for a member of the case's group (the caller has
    checked that through ``access.case_for_user``), each time with a reason, logged first."""
    reason = " ".join(reason.split())
    if len(reason) < 5:
        raise ValidationError({"reason": _("Skriv varför du behöver se namnet.")})
    log_personal_data_access(
        municipality=person.municipality,
        user=user,
        kind=NAME_KIND,
        object_id=person.pk,
        description=f"{person.label} i {person.case}",
        reason=reason,
        channel=channel,
    )
    identity = person.identity
    return RevealedIdentity(
        name=crypto.decrypt(identity.name_encrypted),
        birth_year=date.fromisoformat(crypto.decrypt(identity.birth_date_encrypted)).year,
    )


# ---- actions and follow-up ------------------------------------------------------------------


@transaction.atomic
def action_add(
    *,
    case: Case,
    user: AnyUser,
    what: str,
    due_on: date,
    responsible: Organisation | None = None,
) -> Action:
    if not what.strip():
        raise ValidationError({"what": _("Beskriv åtgärden.")})
    _refuse_identity_numbers("what", what)
    if responsible is not None and responsible.municipality_id != case.municipality_id:
        raise ValidationError({"responsible": _("Aktören finns inte i kommunen.")})
    action = Action.objects.create(
        municipality=case.municipality,
        case=case,
        what=what.strip(),
        due_on=due_on,
        responsible=responsible,
        created_by=user if user.is_authenticated else None,
    )
    audit(
        municipality=case.municipality,
        user=user,
        action="sspf_action_add",
        obj=action,
        summary=f"åtgärd i {case}",
    )
    return action


@transaction.atomic
def action_done(*, action: Action, user: AnyUser, done_on: date | None = None) -> Action:
    action.done_on = done_on or timezone.localdate()
    action.save(update_fields=["done_on"])
    audit(
        municipality=action.municipality,
        user=user,
        action="sspf_action_done",
        obj=action,
        summary=f"åtgärd klar i ärende {action.case_id}",
    )
    return action


@transaction.atomic
def follow_up_add(*, case: Case, user: AnyUser, noted_on: date, text: str) -> FollowUp:
    if not text.strip():
        raise ValidationError({"text": _("Skriv uppföljningen.")})
    _refuse_identity_numbers("text", text)
    note = FollowUp.objects.create(
        municipality=case.municipality,
        case=case,
        noted_on=noted_on,
        text=text.strip(),
        written_by=user if user.is_authenticated else None,
    )
    audit(
        municipality=case.municipality,
        user=user,
        action="sspf_follow_up_add",
        obj=note,
        summary=f"uppföljning i {case}",
    )
    return note


# ---- erasure --------------------------------------------------------------------------------


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier (the month's last day when it has no such day)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month0 + 1, min(day.day, monthrange(year, month0 + 1)[1]))


@dataclass
class ErasureResult:
    cases: int = 0
    persons: int = 0
    case_ids: list[int] = field(default_factory=list)


def _count_cell(case: Case) -> CaseCount:
    cell, _created = CaseCount.objects.select_for_update().get_or_create(
        municipality=case.municipality,
        area=case.area,
        sector=case.sector,
        quarter_start=quarter_start(case.raised_on),
        subject=case.subject,
    )
    return cell


@transaction.atomic
def _erase_case(case: Case) -> int:
    persons = case.persons.count() + case.persons_erased
    cell = _count_cell(case)
    CaseCount.objects.filter(pk=cell.pk).update(
        cases=F("cases") + 1, persons=F("persons") + persons
    )
    audit(
        municipality=case.municipality,
        user=None,
        action="sspf_case_erase",
        obj=case,
        summary=f"{case} raderat efter gallringstiden ({persons} personer räknade)",
    )
    case.delete()  # persons, identities, consents, actions and follow-up go with it
    return persons


@transaction.atomic
def _erase_person(person: CasePerson) -> None:
    Case.objects.filter(pk=person.case_id).update(persons_erased=F("persons_erased") + 1)
    audit(
        municipality=person.municipality,
        user=None,
        action="sspf_person_erase",
        obj=person,
        summary=f"{person.label} i ärende {person.case_id}: samtycke eller lagstöd har upphört",
    )
    person.delete()


def persons_without_basis(*, municipality: Municipality, today: date) -> list[CasePerson]:
    """Persons whose every consent and ground has ended (or no longer covers them)."""
    own_age = settings_for(municipality).own_consent_age
    persons = (
        CasePerson.objects.filter(municipality=municipality)
        .select_related("case", "identity", "municipality")
        .prefetch_related("consents")
        .order_by("pk")
    )
    due: list[CasePerson] = []
    for person in persons:
        try:
            born = birth_date_of(person)
        except (ValueError, CasePersonIdentity.DoesNotExist):
            due.append(person)  # unreadable identity (the key changed): nothing to keep it for
            continue
        problem = consent_problem(
            consents=list(person.consents.all()),
            birth_date=born,
            own_consent_age=own_age,
            case=person.case,
            on=today,
        )
        if problem:
            due.append(person)
    return due


def cases_past_retention(*, municipality: Municipality, today: date) -> list[Case]:
    """Closed cases whose retention after closing has run out."""
    cutoff = _months_before(today, settings_for(municipality).retention_months)
    return list(
        Case.objects.filter(
            municipality=municipality, status=CaseStatus.CLOSED, closed_on__lte=cutoff
        )
        .select_related("municipality", "area")
        .order_by("pk")
    )


def erase_due(
    *,
    today: date | None = None,
    municipalities: Sequence[Municipality] | None = None,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> ErasureResult:
    """Erase what is due: whole cases past their retention after closing (counted in
    ``CaseCount`` first), and persons whose consent or ground has ended (counted on their case).

    Idempotent: what is erased is gone, so a second run finds nothing. Each case and person is
    erased in its own transaction, so that one failure does not undo the others' erasure. One
    municipality at a time, as a tenant's own job (row-level security keys on it).
    """
    today = today or timezone.localdate()
    result = ErasureResult()
    if municipalities is None:
        municipalities = list(Municipality.objects.order_by("pk"))
    work: list[tuple[str, Case | CasePerson]] = []
    for municipality in municipalities:
        cases = cases_past_retention(municipality=municipality, today=today)
        erased = {case.pk for case in cases}
        work += [("case", case) for case in cases]
        work += [
            ("person", person)
            for person in persons_without_basis(municipality=municipality, today=today)
            if person.case_id not in erased
        ]
    for done, (kind, row) in enumerate(work, start=1):
        if kind == "case":
            if not dry_run:
                _erase_case(row)  # type: ignore[arg-type]
            result.cases += 1
            result.case_ids.append(row.pk)
        else:
            if not dry_run:
                _erase_person(row)  # type: ignore[arg-type]
            result.persons += 1
        progress(_("ärenden och personer"), done, len(work))
    if not work:
        progress(_("ärenden och personer"), 0, 0)
    return result
