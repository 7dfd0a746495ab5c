"""Forms for a municipality's users; their cleaned_data go to ``samverka.accounts.services``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverka.accounts.models import ApiTokenScope, Municipality, Role, User


def _person_field(municipality: Municipality, user: User | None) -> forms.ModelChoiceField:
    from samverka.organisation.models import Person  # lazily: organisation builds on accounts

    free = Q(user__isnull=True) | Q(user=user) if user is not None else Q(user__isnull=True)
    return forms.ModelChoiceField(
        label=_("Kopplad person"),
        queryset=Person.objects.filter(free, municipality=municipality).select_related(
            "organisation"
        ),
        required=False,
        empty_label=_("(ingen)"),
        help_text=_(
            "Personen i organisationen som kontot hör till. Då ser användaren sina gruppers "
            "interna innehåll."
        ),
    )


class _UserFieldsForm(forms.Form):
    first_name = forms.CharField(label=_("Förnamn"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Efternamn"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-post"), required=False)
    role = forms.ChoiceField(
        label=_("Roll"),
        choices=Role.choices,
        initial=Role.READER,
        help_text=_(
            "Samordnare ändrar allt i kommunen, medlemmar ser sina gruppers interna innehåll, "
            "läsare ser det som är öppet i kommunen."
        ),
    )
    is_data_protection_officer = forms.BooleanField(
        label=_("Dataskyddsombud"),
        required=False,
        help_text=_(
            "Dataskyddsombudet följer upp loggen över läsningar av personuppgifter, "
            "tillsammans med samordnarna."
        ),
    )


class UserCreateForm(_UserFieldsForm):
    username = forms.CharField(
        label=_("Användarnamn"),
        max_length=80,
        validators=[
            RegexValidator(
                r"^[\w.+-]+\Z",
                _("Fyll i ett giltigt användarnamn: bokstäver, siffror och . + - _."),
            )
        ],
        help_text=_(
            "Bokstäver, siffror och . + - _ (inga mellanslag). Kommunens kortnamn läggs till: "
            "”anna” blir ”anna@%(slug)s”."
        ),
    )
    password = forms.CharField(
        label=_("Första lösenord"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Lämna tomt om kontot inte ska kunna logga in med lösenord ännu. Annars: minst "
            "8 tecken och inte för likt användarnamnet. Be personen byta lösenord direkt."
        ),
    )
    password_again = forms.CharField(
        label=_("Upprepa lösenordet"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    field_order = [
        "username",
        "first_name",
        "last_name",
        "email",
        "role",
        "is_data_protection_officer",
        "person",
        "password",
        "password_again",
    ]

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"] = _person_field(municipality, None)
        self.fields["username"].help_text = self.fields["username"].help_text % {
            "slug": municipality.slug
        }
        self.order_fields(self.field_order)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password", "") != data.get("password_again", ""):
            self.add_error("password_again", _("Lösenorden är inte lika."))
        return data


class UserEditForm(_UserFieldsForm):
    def __init__(self, *args: Any, municipality: Municipality, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"] = _person_field(municipality, user)


def _default_token_expiry() -> date:
    return timezone.localdate() + timedelta(days=90)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Namn"),
        max_length=100,
        help_text=_("Vad nyckeln används till, t.ex. ”Polisens lägesbildsimport”."),
    )
    scope = forms.ChoiceField(
        label=_("Behörighet"),
        choices=ApiTokenScope.choices,
        initial=ApiTokenScope.READ,
        widget=forms.RadioSelect,
        help_text=_("Välj ”Läsa” om systemet bara hämtar uppgifter."),
    )
    expires_on = forms.DateField(
        label=_("Giltig till och med"),
        initial=_default_token_expiry,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Högst ett år framåt."),
    )

    def clean_expires_on(self) -> date:
        value: date = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if value < today:
            raise forms.ValidationError(_("Datumet har redan passerat."))
        if value > today + timedelta(days=365):
            raise forms.ValidationError(_("En nyckel får gälla i högst ett år."))
        return value
