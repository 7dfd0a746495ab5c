"""The SSPF services: pseudonyms, consent and legal ground, identity numbers, erasure, logging."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from samverka.accounts.models import AuditEvent, PersonalDataAccess
from samverka.core.testing import World
from samverka.lib.personnummer import luhn_ok
from samverka.sspf import crypto, services
from samverka.sspf.models import (
    Case,
    CaseCount,
    CasePerson,
    CasePersonIdentity,
    CaseStatus,
    Consent,
    ConsentKind,
    Sector,
    SSPFSettings,
)
from samverka.sspf.selectors import case_counts
from samverka.sspf.tests.factories import add_person, born_years_ago, consents_for, make_case

pytestmark = pytest.mark.django_db


def synthetic_number(birth: date) -> str:
    """A made-up personnummer with a valid check digit (serial 980x: not a real person's)."""
    stem = birth.strftime("%y%m%d") + "980"
    check = next(d for d in "0123456789" if luhn_ok(stem + d))
    return birth.strftime("%Y%m%d") + "-980" + check


# ---- pseudonyms --------------------------------------------------------------------------


def test_the_same_young_person_in_two_cases_has_the_same_pseudonym(world: World) -> None:
    born = born_years_ago(14)
    number = synthetic_number(born)
    first = add_person(make_case(world), world, personnummer=number, birth_date=None)
    second = add_person(
        make_case(world), world, personnummer=number.replace("-", ""), birth_date=None
    )
    assert first.pseudonym == second.pseudonym
    assert len(first.pseudonym) == 64


def test_the_number_is_not_stored_anywhere(world: World) -> None:
    number = synthetic_number(born_years_ago(14))
    person = add_person(make_case(world), world, personnummer=number, birth_date=None)
    identity = CasePersonIdentity.objects.get(person=person)
    stored = " ".join([person.pseudonym, identity.name_encrypted, identity.birth_date_encrypted])
    assert number.replace("-", "") not in stored and number[2:8] not in stored
    assert "Test Ungdom" not in identity.name_encrypted


def test_a_different_key_gives_a_different_pseudonym(settings: object) -> None:
    identity = crypto.normalised_identity(personnummer="200001019801", birth_date=date(2000, 1, 1))
    first = crypto.pseudonym(municipality_id=1, identity=identity)
    settings.SAMVERKA_SSPF_KEY = "another-key-" + "y" * 40  # type: ignore[attr-defined]
    second = crypto.pseudonym(municipality_id=1, identity=identity)
    assert first != second


def test_the_same_person_in_another_municipality_is_not_linked() -> None:
    identity = crypto.normalised_identity(name="Ada Ek", birth_date=date(2011, 5, 2))
    assert crypto.pseudonym(municipality_id=1, identity=identity) != crypto.pseudonym(
        municipality_id=2, identity=identity
    )


def test_name_and_birth_date_are_normalised() -> None:
    a = crypto.normalised_identity(name="  ÅSA  Berg-Lund ", birth_date=date(2011, 5, 2))
    b = crypto.normalised_identity(name="åsa berg lund", birth_date=date(2011, 5, 2))
    assert a == b


def test_without_the_key_nothing_is_computed(settings: object) -> None:
    from django.core.exceptions import ImproperlyConfigured

    settings.SAMVERKA_SSPF_KEY = ""  # type: ignore[attr-defined]
    with pytest.raises(ImproperlyConfigured):
        crypto.pseudonym(municipality_id=1, identity="x")


def test_a_name_encrypted_under_another_key_cannot_be_read(settings: object) -> None:
    token = crypto.encrypt("Ada Ek")
    assert crypto.decrypt(token) == "Ada Ek"
    settings.SAMVERKA_SSPF_KEY = "another-key-" + "y" * 40  # type: ignore[attr-defined]
    assert crypto.decrypt(token) == ""


def test_the_person_shows_as_a_pseudonym(world: World) -> None:
    person = add_person(make_case(world), world)
    assert person.label == f"Ung person {person.pseudonym[:4].upper()}"


# ---- identity numbers in free text -------------------------------------------------------


def test_a_description_with_an_identity_number_is_refused(world: World) -> None:
    number = synthetic_number(date(2011, 4, 5))
    with pytest.raises(ValidationError) as error:
        make_case(world, description=f"Oro för eleven {number} i klass 8.")
    assert "person- eller samordningsnummer" in str(error.value)
    assert not Case.objects.exists()


def test_a_concern_cannot_be_raised_in_the_future(world: World) -> None:
    with pytest.raises(ValidationError, match="framtiden"):
        make_case(world, raised_on=timezone.localdate() + timedelta(days=1))


def test_a_case_must_be_in_an_sspf_group(world: World) -> None:
    with pytest.raises(ValidationError, match="SSPF-grupper"):
        make_case(world, group=world.steering)


# ---- consent and legal ground ------------------------------------------------------------


def test_a_case_without_consent_or_ground_cannot_hold_a_named_person(world: World) -> None:
    case = make_case(world)
    with pytest.raises(ValidationError, match="saknar samtycke eller lagstöd"):
        add_person(case, world, consents=[])
    assert not CasePerson.objects.exists() and not CasePersonIdentity.objects.exists()


def test_a_child_needs_the_guardians_consent(world: World) -> None:
    today = timezone.localdate()
    own_only = [services.ConsentInput(ConsentKind.OWN, today, today + timedelta(days=30), "SSPF")]
    with pytest.raises(ValidationError, match="vårdnadshavarens"):
        add_person(make_case(world), world, age=13, consents=own_only)


def test_from_the_municipalitys_age_the_young_persons_own_consent_is_needed_too(
    world: World,
) -> None:
    today = timezone.localdate()
    guardian = [
        services.ConsentInput(ConsentKind.GUARDIAN, today, today + timedelta(days=30), "SSPF")
    ]
    add_person(make_case(world), world, age=14, consents=guardian)  # under 15: enough
    with pytest.raises(ValidationError, match="fyllt 15 år"):
        add_person(make_case(world), world, name="Annan Ungdom", age=15, consents=guardian)


def test_the_municipality_sets_the_age_of_own_consent(world: World) -> None:
    services.settings_update(
        municipality=world.testby, user=world.alice, own_consent_age=13, retention_months=6
    )
    today = timezone.localdate()
    guardian = [
        services.ConsentInput(ConsentKind.GUARDIAN, today, today + timedelta(days=30), "SSPF")
    ]
    with pytest.raises(ValidationError, match="fyllt 13 år"):
        add_person(make_case(world), world, age=14, consents=guardian)


def test_an_adult_needs_only_the_own_consent(world: World) -> None:
    person = add_person(make_case(world), world, age=19, consents=consents_for(19))
    assert [c.kind for c in person.consents.all()] == [ConsentKind.OWN]


def test_consent_that_has_ended_does_not_count(world: World) -> None:
    old = timezone.localdate() - timedelta(days=400)
    ended = [services.ConsentInput(ConsentKind.GUARDIAN, old, old + timedelta(days=30), "SSPF")]
    with pytest.raises(ValidationError, match="saknar samtycke"):
        add_person(make_case(world), world, age=12, consents=ended)


def test_the_legal_ground_covers_a_person_under_21_in_a_case_of_social_services(
    world: World,
) -> None:
    today = timezone.localdate()
    ground = [
        services.ConsentInput(
            ConsentKind.OSL_10_18A, today, today + timedelta(days=90), "Till polisen"
        )
    ]
    case = make_case(world, sector=Sector.SOCIAL_SERVICES)
    person = add_person(case, world, age=20, consents=ground)
    assert person.consents.get().kind == ConsentKind.OSL_10_18A
    with pytest.raises(ValidationError, match="under 21 år"):
        add_person(case, world, name="Äldre Person", age=21, consents=ground)
    with pytest.raises(ValidationError, match="inte lyft av socialtjänsten"):
        add_person(make_case(world, sector=Sector.SCHOOL), world, age=16, consents=ground)


def test_a_consent_ending_before_it_starts_is_refused(world: World) -> None:
    today = timezone.localdate()
    wrong = [services.ConsentInput(ConsentKind.GUARDIAN, today, today - timedelta(days=1), "SSPF")]
    with pytest.raises(ValidationError, match="Slutdatumet"):
        add_person(make_case(world), world, consents=wrong)


def test_the_same_person_cannot_be_added_twice_to_a_case(world: World) -> None:
    case = make_case(world)
    add_person(case, world)
    with pytest.raises(ValidationError, match="redan"):
        add_person(case, world)


# ---- reveal and logging ------------------------------------------------------------------


def test_a_name_reveal_is_logged_with_its_reason(world: World) -> None:
    person = add_person(make_case(world), world, name="Ada Ek", age=14)
    shown = services.person_reveal(person=person, user=world.bob, reason="Inför mötet med skolan")
    assert shown.name == "Ada Ek"
    assert shown.birth_year == born_years_ago(14).year
    log = PersonalDataAccess.objects.get(kind="sspf_name")
    assert (log.user, log.reason, log.granted) == (world.bob, "Inför mötet med skolan", True)
    assert "Ada" not in log.description


def test_a_reveal_without_a_reason_is_refused_and_shows_nothing(world: World) -> None:
    person = add_person(make_case(world), world)
    with pytest.raises(ValidationError, match="varför"):
        services.person_reveal(person=person, user=world.bob, reason=" ")
    assert not PersonalDataAccess.objects.filter(kind="sspf_name").exists()


def test_audit_rows_name_pseudonyms_never_names(world: World) -> None:
    add_person(make_case(world), world, name="Ada Ek")
    summaries = " ".join(AuditEvent.objects.values_list("summary", flat=True))
    assert "Ung person" in summaries and "Ada" not in summaries


# ---- erasure -----------------------------------------------------------------------------


def _close(case: Case, on: date) -> None:
    services.case_update(
        case=case,
        user=AnonymousUser(),
        area=case.area,
        raised_on=case.raised_on,
        raised_by=None,
        sector=case.sector,
        subject=case.subject,
        description=case.description,
        status=CaseStatus.CLOSED,
    )
    Case.objects.filter(pk=case.pk).update(closed_on=on)


def test_erasure_removes_personal_data_after_its_retention_and_leaves_the_counts(
    world: World,
) -> None:
    today = timezone.localdate()
    case = make_case(world, raised_on=date(2025, 2, 10))
    add_person(case, world, name="Ada Ek")
    add_person(case, world, name="Bo Ek")
    services.action_add(case=case, user=world.bob, what="Samtal med familjen", due_on=today)
    services.follow_up_add(case=case, user=world.bob, noted_on=today, text="Samtalet är hållet.")
    kept = make_case(world, raised_on=date(2025, 2, 12))
    before = case_counts(world.testby)
    _close(case, today - timedelta(days=400))  # more than the default 12 months ago
    _close(kept, today - timedelta(days=30))

    result = services.erase_due(today=today)

    assert (result.cases, result.persons) == (1, 0)
    assert not Case.objects.filter(pk=case.pk).exists()
    assert Case.objects.filter(pk=kept.pk).exists()
    assert not CasePerson.objects.exists() and not CasePersonIdentity.objects.exists()
    assert not Consent.objects.exists()
    cell = CaseCount.objects.get()
    assert (cell.cases, cell.persons, cell.quarter_start) == (1, 2, date(2025, 1, 1))
    assert case_counts(world.testby) == before  # the figures do not change
    assert AuditEvent.objects.filter(action="sspf_case_erase", object_id=str(case.pk)).exists()
    # Idempotent: a second run finds nothing and changes nothing.
    assert services.erase_due(today=today).cases == 0
    assert CaseCount.objects.get().cases == 1


def test_erasure_follows_the_municipalitys_retention(world: World) -> None:
    today = timezone.localdate()
    SSPFSettings.objects.create(municipality=world.testby, retention_months=1)
    case = make_case(world)
    _close(case, today - timedelta(days=40))
    assert services.erase_due(today=today, dry_run=True).cases == 1
    assert Case.objects.filter(pk=case.pk).exists()  # a dry run erases nothing
    assert services.erase_due(today=today).cases == 1


def test_a_person_whose_consent_ended_is_erased_and_still_counted(world: World) -> None:
    today = timezone.localdate()
    case = make_case(world)
    person = add_person(case, world, age=12)
    other = add_person(case, world, name="Bo Ek", age=12, consents=consents_for(12, days=400))
    Consent.objects.filter(person=person).update(ends_on=today - timedelta(days=1))
    before = case_counts(world.testby)

    result = services.erase_due(today=today)

    assert (result.cases, result.persons) == (0, 1)
    assert list(CasePerson.objects.all()) == [other]
    assert CasePersonIdentity.objects.count() == 1
    case.refresh_from_db()
    assert case.persons_erased == 1
    assert case_counts(world.testby) == before


def test_an_open_case_is_not_erased(world: World) -> None:
    case = make_case(world, raised_on=date(2020, 1, 1))
    add_person(case, world, consents=consents_for(14, days=5000))
    assert services.erase_due(today=timezone.localdate()).cases == 0


# ---- counts ------------------------------------------------------------------------------


def test_counts_by_quarter_sector_and_area(world: World) -> None:
    make_case(world, raised_on=date(2026, 1, 5))
    make_case(world, raised_on=date(2026, 3, 30), sector=Sector.POLICE)
    add_person(make_case(world, raised_on=date(2026, 4, 1)), world)
    rows = case_counts(world.testby, start=date(2026, 1, 1), end=date(2026, 12, 31))
    summary = [(r.quarter_label, r.sector, r.cases, r.persons, r.area_name) for r in rows]
    assert summary == [
        ("2026 K1", "police", 1, 0, "Norra Testby"),
        ("2026 K1", "school", 1, 0, "Norra Testby"),
        ("2026 K2", "school", 1, 1, "Norra Testby"),
    ]
    assert case_counts(world.annanstad) == []
    assert case_counts(world.testby, area=world.other_area) == []
    assert len(case_counts(world.testby, area=world.root_area, start=date(2026, 1, 1))) == 3
