"""Starting a new municipality without Django admin or the command line.

A platform administrator creates the municipality from the reference geography (so the SCB
code, the county and the local police area come with it) and invites its first coordinator by
e-mail. The invitation is a signed, time-limited link that works once: it carries a fingerprint
of the account's password hash, so setting the password spends it. The coordinator then owes a
second factor at first login like every coordinator (``samverka.accounts.mfa``).

The guided start ("Kom igång") calls the areas' and the organisation's own services: the root
area from the reference geography, the suggested actors, and Brå's suggested structure of
groups (styrgrupp, beredningsgrupp, a time-limited arbetsgrupp).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.audit import audit
from samverka.accounts.models import Municipality, MunicipalityRole, Role, User
from samverka.accounts.services import user_create_in_municipality
from samverka.areas.models import Area, AreaKind
from samverka.areas.services import area_create
from samverka.organisation.health import Finding
from samverka.organisation.models import (
    Cadence,
    Group,
    GroupKind,
    Mandate,
    Organisation,
    OrganisationKind,
)
from samverka.organisation.services.actors import organisation_create
from samverka.organisation.services.groups import group_create
from samverka.stats.reference import (
    local_police_areas_of,
    municipality_by_code,
    police_region_of,
)

INVITATION_SALT = "samverka.onboarding.invitation"


def invitation_days() -> int:
    """How many days an invitation link stays valid (``SAMVERKA_INVITATION_DAYS``, default 7)."""
    return int(getattr(settings, "SAMVERKA_INVITATION_DAYS", 7))


# --- the municipality ------------------------------------------------------------------------


@transaction.atomic
def create_municipality_from_reference(*, code: str, created_by: AnyUser | None) -> Municipality:
    """Create the municipality SCB's ``code`` names, with its county and local police area.

    Refused with a message when the code is not one of Sweden's municipalities or when the
    municipality already exists on the platform (by code, name or short name)."""
    geography = municipality_by_code(code) if str(code).strip() else None
    if geography is None:
        raise ValidationError({"code": _("Välj en kommun i listan.")})
    name = _("%(name)s kommun") % {"name": geography.name}
    existing = Municipality.objects.filter(
        Q(scb_code=geography.code) | Q(name__iexact=name)
    ).first()
    if existing is not None:
        raise ValidationError(
            {
                "code": _(
                    "%(name)s finns redan på plattformen. Bjud in en samordnare till den "
                    "befintliga kommunen i stället för att skapa den igen."
                )
                % {"name": existing.name}
            }
        )
    slug = slugify(geography.name)[:60] or geography.code
    if Municipality.objects.filter(slug=slug).exists():
        # Two names can make one short name (Håbo and Habo are both "habo"): the code parts them.
        slug = f"{slug[:55]}-{geography.code}"
    county = geography.parent.name if geography.parent is not None else ""
    police_areas = [area.name for area in local_police_areas_of(geography)]
    municipality = Municipality(
        name=name,
        slug=slug,
        scb_code=geography.code,
        county=county,
        local_police_area=", ".join(police_areas)[:200],
    )
    municipality.full_clean()
    municipality.save()
    audit(
        municipality=municipality,
        user=created_by,
        action="create",
        obj=municipality,
        summary=_("%(name)s skapad från referensgeografin (%(code)s)")
        % {"name": name, "code": geography.code},
        changes={"scb_code": (None, geography.code), "county": (None, county)},
    )
    return municipality


def police_region_name(municipality: Municipality) -> str:
    """The police region the municipality lies in, from the reference geography ('' if none)."""
    geography = municipality_by_code(municipality.scb_code) if municipality.scb_code else None
    region = police_region_of(geography) if geography is not None else None
    return region.name if region is not None else ""


# --- the invitation --------------------------------------------------------------------------


def _fingerprint(user: User) -> str:
    """Changes when the password is set (or the account's credentials change): spends the link."""
    state = f"{user.pk}:{user.password}:{user.security_stamp}:{user.last_login}"
    return salted_hmac(INVITATION_SALT, state).hexdigest()[:32]


def invitation_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "f": _fingerprint(user)}, salt=INVITATION_SALT)


def user_for_invitation(token: str) -> User | None:
    """The invited account, or None when the link is wrong, expired or already used."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=invitation_days() * 86400)
    except (signing.BadSignature, signing.SignatureExpired):
        return None
    pk = data.get("u") if isinstance(data, dict) else None
    if not isinstance(pk, int):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or data.get("f") != _fingerprint(user):
        return None
    return user


@dataclass(frozen=True)
class Invitation:
    user: User
    link: str
    valid_until: date
    resent: bool


def _free_username(local: str, municipality: Municipality) -> str:
    base = slugify(local)[:60] or "samordnare"
    candidate, n = base, 1
    while User.objects.filter(username__iexact=f"{candidate}@{municipality.slug}").exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


@transaction.atomic
def invite_coordinator(
    *,
    municipality: Municipality,
    email: str,
    first_name: str = "",
    last_name: str = "",
    invited_by: AnyUser | None,
    base_url: str,
) -> Invitation:
    """Create the coordinator's account (no password yet) and e-mail a one-time link to set one.

    Inviting the same address again while the account has no password sends a new link
    instead of a second account; an account that already has a password is refused."""
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Ange en giltig e-postadress.")}) from None
    role = (
        MunicipalityRole.objects.filter(
            municipality=municipality, user__email__iexact=email, role=Role.COORDINATOR
        )
        .select_related("user")
        .first()
    )
    resent = role is not None
    if role is not None:
        user = role.user
        if user.has_usable_password():
            raise ValidationError(
                {
                    "email": _(
                        "%(email)s är redan samordnare i %(m)s och har ett lösenord. Personen "
                        "loggar in som vanligt."
                    )
                    % {"email": email, "m": municipality.name}
                }
            )
    else:
        user = user_create_in_municipality(
            municipality=municipality,
            username=_free_username(email.split("@")[0], municipality),
            role=Role.COORDINATOR,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            email=email,
            created_by=invited_by,
        )
    days = invitation_days()
    valid_until = timezone.localdate() + timedelta(days=days)
    path = reverse("onboarding:accept", kwargs={"token": invitation_token(user)})
    link = base_url.rstrip("/") + path
    send_mail(
        subject=_("Inbjudan till samverka: samordnare i %(m)s") % {"m": municipality.name},
        message=_(
            "Hej!\n\n"
            "Du är inbjuden som samordnare för det brottsförebyggande arbetet i %(m)s på "
            "samverka.\n\n"
            "Välj ditt lösenord här (länken fungerar en gång och gäller till och med %(until)s):\n"
            "%(link)s\n\n"
            "Ditt användarnamn är %(username)s. När du loggar in första gången kopplar du en "
            "app för tvåstegsverifiering till kontot.\n"
        )
        % {
            "m": municipality.name,
            "until": valid_until.isoformat(),
            "link": link,
            "username": user.username,
        },
        from_email=None,
        recipient_list=[email],
    )
    audit(
        municipality=municipality,
        user=invited_by,
        action="invite",
        obj=user,
        summary=_("Inbjudan som samordnare skickad till %(email)s") % {"email": email},
    )
    return Invitation(user=user, link=link, valid_until=valid_until, resent=resent)


@transaction.atomic
def accept_invitation(*, token: str, password: str) -> User:
    """Set the invited person's password; the link is spent by it."""
    user = user_for_invitation(token)
    if user is None:
        raise ValidationError(
            _(
                "Länken fungerar inte längre: den har redan använts eller gått ut. Be "
                "plattformsadministratören om en ny inbjudan."
            )
        )
    from django.contrib.auth.password_validation import validate_password

    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password1": exc.messages}) from None
    user.set_password(password)
    user.save(update_fields=["password"])
    role = user.municipality_roles.select_related("municipality").first()
    audit(
        municipality=role.municipality if role is not None else None,
        user=user,
        action="invitation_accepted",
        obj=user,
        summary=_("%(u)s valde sitt lösenord från inbjudan") % {"u": user.username},
    )
    return user


# --- the guided start: areas -----------------------------------------------------------------


def root_area(municipality: Municipality) -> Area | None:
    return (
        Area.objects.filter(municipality=municipality, kind=AreaKind.MUNICIPALITY, parent=None)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def create_root_area(*, municipality: Municipality, user: AnyUser | None) -> Area:
    """The municipality as the root of its area tree, named and coded from the reference."""
    existing = root_area(municipality)
    if existing is not None:
        raise ValidationError(_("Kommunområdet %(name)s finns redan.") % {"name": existing.name})
    geography = municipality_by_code(municipality.scb_code) if municipality.scb_code else None
    name = geography.name if geography is not None else municipality.name
    return area_create(
        municipality=municipality,
        user=user,
        name=name,
        kind=AreaKind.MUNICIPALITY,
        scb_code=municipality.scb_code,
    )


# --- the guided start: actors ----------------------------------------------------------------


@dataclass(frozen=True)
class SuggestedActor:
    key: str
    name: str
    kind: str
    exists: bool


def suggested_actors(municipality: Municipality) -> list[SuggestedActor]:
    """The two actors every municipality's crime prevention starts with: its own administration
    and the police's local police area (or, where the reference lists none, the region)."""
    names = set(
        Organisation.objects.filter(municipality=municipality).values_list("name", flat=True)
    )
    suggestions = [("administration", _administration_name(municipality), "")]
    police = _police_names(municipality)
    suggestions += [(f"police-{i}", name, "police") for i, name in enumerate(police)]
    return [
        SuggestedActor(
            key=key,
            name=name,
            kind=OrganisationKind.POLICE if kind else OrganisationKind.MUNICIPAL_ADMINISTRATION,
            exists=name in names,
        )
        for key, name, kind in suggestions
    ]


def _administration_name(municipality: Municipality) -> str:
    return _("%(m)s, kommunledningsförvaltningen") % {"m": municipality.name}


def _police_names(municipality: Municipality) -> list[str]:
    areas = [a.strip() for a in municipality.local_police_area.split(",") if a.strip()]
    if areas:
        return [_("Polisen, lokalpolisområde %(name)s") % {"name": a} for a in areas]
    region = police_region_name(municipality)
    return [_("Polisen, %(region)s") % {"region": region}] if region else [_("Polisen")]


@transaction.atomic
def create_suggested_actors(
    *, municipality: Municipality, keys: list[str], user: AnyUser | None
) -> list[Organisation]:
    """Create the chosen suggestions that do not exist yet (by name); returns those made."""
    made = []
    for suggestion in suggested_actors(municipality):
        if suggestion.key in keys and not suggestion.exists:
            made.append(
                organisation_create(
                    municipality=municipality,
                    user=user,
                    name=suggestion.name,
                    kind=suggestion.kind,
                )
            )
    if not made and not keys:
        raise ValidationError(_("Välj minst en aktör att lägga till."))
    return made


# --- the guided start: groups from Brå's structure -------------------------------------------

STEERING_NAME = "Styrgruppen för brottsförebyggande arbete"
PREPARATION_NAME = "Beredningsgruppen"
WORKING_NAME = "Arbetsgrupp: första insatsen"


def structure_template_applied(municipality: Municipality) -> bool:
    return Group.objects.filter(
        municipality=municipality, name__in=[STEERING_NAME, PREPARATION_NAME, WORKING_NAME]
    ).exists()


def _convening(municipality: Municipality, user: AnyUser | None) -> Organisation:
    """The municipality's own administration convenes the groups of the template."""
    found = (
        Organisation.objects.filter(
            municipality=municipality, kind=OrganisationKind.MUNICIPAL_ADMINISTRATION
        )
        .order_by("pk")
        .first()
    )
    if found is not None:
        return found
    return organisation_create(
        municipality=municipality,
        user=user,
        name=_administration_name(municipality),
        kind=OrganisationKind.MUNICIPAL_ADMINISTRATION,
    )


@transaction.atomic
def apply_structure_template(
    *, municipality: Municipality, user: AnyUser | None, today: date | None = None
) -> list[Group]:
    """Brå's suggested structure: a styrgrupp that decides, a beredningsgrupp meeting every other
    week that prepares and reports to it, and a time-limited arbetsgrupp it appoints. Once only:
    a second call is refused, so nothing is doubled."""
    if structure_template_applied(municipality):
        raise ValidationError(
            _(
                "Mallens grupper finns redan. Ändra dem under Grupper i stället för att skapa "
                "dem igen."
            )
        )
    today = today or timezone.localdate()
    convening = _convening(municipality, user)
    steering = group_create(
        municipality=municipality,
        user=user,
        name=STEERING_NAME,
        short_name="Styrgruppen",
        kind=GroupKind.STEERING,
        mandate=Mandate.DECIDES,
        cadence=Cadence.TIMES_PER_YEAR,
        meetings_per_year=4,
        convening_organisation=convening,
        start_date=today,
        purpose=_(
            "Förankrar arbetet, ger mandat och beslutar om lägesbild och åtgärdsplan. Ser till "
            "att åtagandena genomförs."
        ),
    )
    preparation = group_create(
        municipality=municipality,
        user=user,
        name=PREPARATION_NAME,
        kind=GroupKind.PREPARATION,
        mandate=Mandate.PREPARES,
        cadence=Cadence.EVERY_N_WEEKS,
        interval_weeks=2,
        reports_to=steering,
        convening_organisation=convening,
        start_date=today,
        purpose=_(
            "Länken mellan styrgruppens beslut och arbetsgruppernas utförande: planerar, följer "
            "upp och föreslår insatser, tillsätter arbetsgrupperna."
        ),
    )
    working = group_create(
        municipality=municipality,
        user=user,
        name=WORKING_NAME,
        kind=GroupKind.WORKING,
        mandate=Mandate.CARRIES_OUT,
        cadence=Cadence.CUSTOM,
        cadence_note=_("Efter behov under uppdraget"),
        reports_to=preparation,
        appointed_by=preparation,
        convening_organisation=convening,
        start_date=today,
        end_date=today + timedelta(days=365),
        purpose=_(
            "Tidsbegränsad: genomför en insats som beredningsgruppen gett i uppdrag och "
            "återrapporterar till den."
        ),
    )
    return [steering, preparation, working]


# --- the guided start: the steps -------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    done: bool


def guided_steps(municipality: Municipality) -> list[Step]:
    """The steps of the guided start and whether each has something in it yet."""
    from samverka.organisation.health import has_errors

    return [
        Step("omraden", _("Områden"), Area.objects.filter(municipality=municipality).exists()),
        Step(
            "aktorer",
            _("Aktörer"),
            Organisation.objects.filter(municipality=municipality).exists(),
        ),
        Step("grupper", _("Grupper"), Group.objects.filter(municipality=municipality).exists()),
        Step(
            "halsokontroll",
            _("Hälsokontroll"),
            Group.objects.filter(municipality=municipality).exists()
            and not has_errors(organisation_findings(municipality)),
        ),
    ]


def organisation_findings(municipality: Municipality) -> list[Finding]:
    """The health check's findings about the organisation itself (Brå's rules for groups,
    areas, documents and set-up questions): what the guided start can put right."""
    from samverka.organisation.health import RULES_BY_CODE, run_health_check

    return [f for f in run_health_check(municipality) if f.rule in RULES_BY_CODE]


def work_findings(municipality: Municipality) -> list[Finding]:
    """The other apps' findings (the law's lägesbild and åtgärdsplan …): the work that follows
    once the organisation stands, shown as the next steps."""
    from samverka.organisation.health import RULES_BY_CODE, run_health_check

    return [f for f in run_health_check(municipality) if f.rule not in RULES_BY_CODE]


__all__ = [
    "Invitation",
    "accept_invitation",
    "apply_structure_template",
    "create_municipality_from_reference",
    "create_root_area",
    "create_suggested_actors",
    "guided_steps",
    "invite_coordinator",
    "suggested_actors",
    "user_for_invitation",
]
