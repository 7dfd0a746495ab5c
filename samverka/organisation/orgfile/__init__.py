"""The organisation file: a municipality's whole organisation as one YAML (or JSON) file.

``parse_organisation_file`` checks a file and collects every error with its path and line;
``import_organisation`` applies it all or nothing; ``export_organisation`` writes it back out.
The format is documented in ``docs/organisation-format.md``.
"""

from samverka.organisation.orgfile.errors import FileError, OrganisationFileError
from samverka.organisation.orgfile.exporter import (
    FORMATS,
    export_organisation,
    organisation_data,
)
from samverka.organisation.orgfile.importer import ImportSummary, SectionCounts, import_organisation
from samverka.organisation.orgfile.parse import ParsedOrganisation, parse_organisation_file

__all__ = [
    "FORMATS",
    "FileError",
    "ImportSummary",
    "OrganisationFileError",
    "ParsedOrganisation",
    "SectionCounts",
    "export_organisation",
    "import_organisation",
    "organisation_data",
    "parse_organisation_file",
]
