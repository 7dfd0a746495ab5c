"""Writes for the accounts of a municipality: a coordinator adds, changes and removes users.

Accounts are global but roles are per municipality, so a coordinator only ever changes the role
in their own municipality; an account that also works elsewhere is left alone there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.audit import audit, changes_between
from samverka.accounts.models import Municipality, MunicipalityRole, Role, User

if TYPE_CHECKING:
    from samverka.organisation.models import Person


def _link_person(*, municipality: Municipality, user: User, person: Person | None) -> None:
    """Link the account to ``person`` (a Person of this municipality) or unlink it here.

    ``Person.user`` is one-to-one, so an account can stand for one person only; the link to a
    person of another municipality is never touched from here.
    """
    from samverka.organisation.models import Person  # lazily: organisation builds on accounts

    current = Person.objects.filter(user=user).first()
    if current is not None and current.municipality_id != municipality.pk:
        if person is not None:
            raise ValidationError(
                {"person": _("Kontot är redan kopplat till en person i en annan kommun.")}
            )
        return
    if person is not None:
        if person.municipality_id != municipality.pk:
            raise ValidationError({"person": _("Valet finns inte i den här kommunen.")})
        if person.user_id is not None and person.user_id != user.pk:
            raise ValidationError(
                {"person": _("%(name)s är redan kopplad till ett annat konto.") % {"name": person}}
            )
    if current is not None and current != person:
        current.user = None
        current.save(update_fields=["user"])
    if person is not None and person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user"])


def username_in_municipality(local: str, municipality: Municipality) -> str:
    """The account name a coordinator's ``local`` name becomes: ``<local>@<municipality slug>``.

    Usernames are global, so a plain name would tell a coordinator whether some other
    municipality already has an account by that name. Inside their own namespace the only
    names that can be taken are ones their own municipality made.
    """
    return f"{local.strip()}@{municipality.slug}"


def _person_id(user: User, municipality: Municipality) -> int | None:
    from samverka.organisation.models import Person

    return (
        Person.objects.filter(user=user, municipality=municipality)
        .values_list("pk", flat=True)
        .first()
    )


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Välj en roll i listan.")})


@transaction.atomic
def user_create_in_municipality(
    *,
    municipality: Municipality,
    username: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    person: Person | None = None,
    password: str | None = None,
    is_data_protection_officer: bool = False,
    created_by: AnyUser | None,
) -> User:
    """Create an account with a role in the municipality.

    Without a password the account gets an unusable one: the person then needs a password set
    by a platform administrator (or single sign-on) before logging in.
    """
    _check_role(role)
    username = username_in_municipality(username, municipality)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {
                "username": _(
                    "Användarnamnet %(username)s är upptaget. Välj ett annat användarnamn."
                )
                % {"username": username}
            }
        )
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from None
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    MunicipalityRole.objects.create(
        user=user,
        municipality=municipality,
        role=role,
        is_data_protection_officer=is_data_protection_officer,
    )
    _link_person(municipality=municipality, user=user, person=person)
    audit(
        municipality=municipality,
        user=created_by,
        action="create",
        obj=user,
        summary=f"{user.username}: {Role(role).label}",
        changes={
            "role": (None, role),
            "is_data_protection_officer": (None, is_data_protection_officer),
            "person": (None, person.pk if person is not None else None),
        },
    )
    return user


@transaction.atomic
def user_role_update(
    *,
    municipality: Municipality,
    user: User,
    role: str,
    person: Person | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    email: str | None = None,
    is_data_protection_officer: bool | None = None,
    updated_by: AnyUser | None,
) -> MunicipalityRole:
    """Change a user's role, person link and (for accounts only used here) name and e-mail."""
    _check_role(role)
    membership = (
        MunicipalityRole.objects.select_for_update()
        .filter(user=user, municipality=municipality)
        .first()
    )
    if membership is None:
        raise ValidationError(_("Kontot har ingen roll i kommunen."))
    # Before and after for the audit event (who gained or lost which right is what it is for).
    before = {
        "role": membership.role,
        "is_data_protection_officer": membership.is_data_protection_officer,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "person": _person_id(user, municipality),
    }
    if (
        updated_by is not None
        and updated_by.pk == user.pk
        and membership.role == Role.COORDINATOR
        and role != Role.COORDINATOR
    ):
        raise ValidationError(
            {
                "role": _(
                    "Du kan inte ta bort din egen samordnarroll. Be en annan samordnare göra "
                    "det, så att kommunen aldrig blir utan samordnare."
                )
            }
        )
    changes = {
        field: value
        for field, value in (
            ("first_name", first_name),
            ("last_name", last_name),
            ("email", email),
        )
        if value is not None and getattr(user, field) != value
    }
    if changes:
        # An account that also works in another municipality belongs to more than us: its
        # name and e-mail are changed by its owner, not by one municipality's coordinator.
        if user.municipality_roles.exclude(municipality=municipality).exists():
            raise ValidationError(
                _(
                    "Kontot används även i en annan kommun. Namn och e-post kan bara ändras av "
                    "kontots ägare."
                )
            )
        for field, value in changes.items():
            setattr(user, field, value)
        user.full_clean(exclude=["password"])
        user.save(update_fields=list(changes))
    membership.role = role
    if is_data_protection_officer is not None:
        membership.is_data_protection_officer = is_data_protection_officer
    membership.save(update_fields=["role", "is_data_protection_officer"])
    _link_person(municipality=municipality, user=user, person=person)
    after = {
        "role": membership.role,
        "is_data_protection_officer": membership.is_data_protection_officer,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "person": _person_id(user, municipality),
    }
    audit(
        municipality=municipality,
        user=updated_by,
        action="update",
        obj=membership,
        summary=f"{user.username}: {Role(role).label}",
        changes=changes_between(before, after),
    )
    return membership


@transaction.atomic
def user_remove_from_municipality(
    *, municipality: Municipality, user: User, removed_by: AnyUser | None
) -> bool:
    """Remove the user's role here and unlink their person; returns True if the account was
    closed because it has no role anywhere else.

    A closed account is deactivated, never deleted: the audit trail and the history of answers
    keep saying who did what."""
    if removed_by is not None and removed_by.pk == user.pk:
        raise ValidationError(
            _(
                "Du kan inte ta bort dig själv från kommunen. Be en annan samordnare göra det, så "
                "att kommunen aldrig blir utan samordnare."
            )
        )
    membership = MunicipalityRole.objects.filter(user=user, municipality=municipality).first()
    if membership is None:
        raise ValidationError(_("Kontot har ingen roll i kommunen."))
    from samverka.organisation.models import Person

    Person.objects.filter(user=user, municipality=municipality).update(user=None)
    audit(
        municipality=municipality,
        user=removed_by,
        action="delete",
        obj=membership,
        summary=f"{user.username}: {membership.get_role_display()}",
        changes={
            "role": (membership.role, None),
            "is_data_protection_officer": (membership.is_data_protection_officer, None),
        },
    )
    membership.delete()
    if user.municipality_roles.exists() or user.is_platform_admin or user.is_staff:
        return False
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    # Every session and API key of the closed account ends now, not when it next expires.
    from samverka.accounts.sessions import end_all_sessions
    from samverka.accounts.tokens import api_tokens_revoke_all

    end_all_sessions(user)
    api_tokens_revoke_all(user=user, revoked_by=removed_by, reason=_("kontot är stängt"))
    return True
