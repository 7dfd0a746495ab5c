from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet

from samverka.core.validators import validate_single_line


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field when it names one the form has,
    otherwise at the top of the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class ModelMultipleIdField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField over integer ids that refuses an id too large for the database
    as it refuses any unknown id. Django's own field sends it to the database in an ``IN (…)``,
    where SQLite raises OverflowError: a 500 for a tampered form."""

    def clean(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            for pk in value:
                try:
                    too_large = not -(2**63) <= int(str(pk)) < 2**63
                except ValueError:
                    continue  # not a number: Django's own check says so
                if too_large:
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": pk},
                    )
        return super().clean(value)


class DateInput(forms.DateInput):
    """A native date picker; the browser shows it in the user's locale, the value is ISO."""

    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def model_select(
    label: Any,
    model: type[Model],
    *,
    required: bool = True,
    empty_label: Any = "---------",
    help_text: Any = "",
) -> forms.ModelChoiceField:
    """A select of ``model``'s rows that offers none until the form gives it its rows with
    ``limit_choices`` (those of the municipality): a row of another one is never accepted."""
    return forms.ModelChoiceField(
        label=label,
        required=required,
        queryset=model._default_manager.none(),
        empty_label=empty_label,
        help_text=help_text,
    )


def limit_choices(form: forms.BaseForm, **querysets: QuerySet[Any]) -> None:
    """Give each named select of ``form`` the rows it may offer and accept."""
    for name, queryset in querysets.items():
        form.fields[name].queryset = queryset  # type: ignore[attr-defined]


class SingleLineField(forms.CharField):
    """A name or title: one line, no control characters (see ``core.validators``)."""

    default_validators = [validate_single_line]
