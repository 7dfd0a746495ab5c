"""The upload form for the organisation file: one YAML or JSON file, at most 2 MB, UTF-8."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverka.organisation.orgfile.parse import max_bytes

# The cap is SAMVERKA_ORGFILE_MAX_BYTES (2 MB by default), which the parser enforces too.
MAX_SIZE = 2 * 1024 * 1024
SUFFIXES = (".yaml", ".yml", ".json")


class OrgfileUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Organisationsfil"),
        help_text=gettext_lazy("En YAML- eller JSON-fil (.yaml, .yml, .json), högst 2 MB, UTF-8."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUFFIXES)}),
    )

    def clean(self) -> dict[str, Any]:
        """Adds ``text``: the file's content, decoded."""
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        name = upload.name or ""
        if not name.lower().endswith(SUFFIXES):
            self.add_error(
                "file",
                _("Filen måste vara en YAML- eller JSON-fil (.yaml, .yml eller .json)."),
            )
        elif upload.size is not None and upload.size > max_bytes():
            self.add_error(
                "file",
                _("Filen är för stor (%(size)s MB). Den får vara högst %(max)s MB.")
                % {
                    "size": f"{upload.size / (1024 * 1024):.1f}".replace(".", ","),
                    "max": f"{max_bytes() / (1024 * 1024):g}".replace(".", ","),
                },
            )
        else:
            try:
                cleaned["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                self.add_error(
                    "file",
                    _(
                        "Filen är inte sparad som UTF-8. Spara den som UTF-8 i din "
                        "textredigerare och ladda upp den igen."
                    ),
                )
        return cleaned
