from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from samverka.stats.reference import reference_municipalities


class MunicipalityCreateForm(forms.Form):
    code = forms.ChoiceField(
        label=_("Kommun"),
        help_text=_("Ur SCB:s lista. Kommunkod, län och lokalpolisområde följer med."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", _("Välj kommun"))] + [  # type: ignore[attr-defined]
            (g.code, f"{g.name} ({g.code}, {g.parent.name if g.parent else ''})")
            for g in reference_municipalities()
        ]


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-postadress"),
        error_messages={"invalid": _("Ange en giltig e-postadress.")},
    )
    first_name = forms.CharField(label=_("Förnamn"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Efternamn"), max_length=150, required=False)


class AcceptInvitationForm(SetPasswordForm):  # type: ignore[type-arg]
    """Django's own form: two password fields and the password validators."""


class ActorSuggestionForm(forms.Form):
    actors = forms.MultipleChoiceField(
        label=_("Föreslagna aktörer"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en aktör att lägga till.")},
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actors"].choices = choices  # type: ignore[attr-defined]
