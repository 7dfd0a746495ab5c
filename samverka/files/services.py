"""Moving the uploaded files of an installation from MEDIA_ROOT into the database.

The upgrade path from one server to several: ``samverka move_files_to_database``, then
``SAMVERKA_FILE_STORAGE=database``. Only the files a FileField refers to are copied, under the
same name, so every row finds its file where it looked before; files on disk that no row refers
to (left over from deleted documents) stay behind and are counted. The files on disk are not
removed: they are the way back until the database storage has run well and been backed up.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import models, transaction

from samverka.core.progress import Progress, no_progress
from samverka.files.models import StoredFile
from samverka.files.storage import DatabaseStorage

# (model, field name) of every FileField that refers to a file.
FileFieldRef = tuple[type[models.Model], str]


@dataclass
class MoveSummary:
    referred: int = 0
    copied: list[str] = field(default_factory=list)
    copied_bytes: int = 0
    already: int = 0
    # Name on disk → the new name: the database held another file under the name.
    renamed: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    unreferred_on_disk: int = 0


def file_fields() -> list[FileFieldRef]:
    """Every FileField (ImageField too) of every installed model."""
    return [
        (model, f.name)
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if isinstance(f, models.FileField)
    ]


def referred_names() -> dict[str, list[FileFieldRef]]:
    """The name of every file some row refers to, and which fields refer to it."""
    names: dict[str, list[FileFieldRef]] = defaultdict(list)
    for model, name in file_fields():
        rows = model._base_manager.exclude(**{name: ""}).exclude(**{f"{name}__isnull": True})
        for stored in rows.values_list(name, flat=True).distinct().iterator():
            names[stored].append((model, name))
    return dict(names)


def _all_names(storage: Storage, path: str = "") -> set[str]:
    directories, files = storage.listdir(path)
    names = {f"{path}/{f}" if path else f for f in files}
    for directory in directories:
        names |= _all_names(storage, f"{path}/{directory}" if path else directory)
    return names


def files_move_to_database(
    *,
    source: Storage,
    target: DatabaseStorage,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> MoveSummary:
    """Copy every file of ``source`` that a FileField refers to into ``target``, same name.

    Idempotent: a file the database already holds with the same bytes is skipped, so a second
    run copies nothing. All or nothing: one transaction, so a run that fails half-way (a full
    disk on the database server) leaves the database as it was. Should the database hold a
    different file under the name (an upload made after switching to the database storage and
    before this run), the file from disk is stored under a new name and the rows that refer
    to it are changed to that name: neither file is lost. ``dry_run`` writes nothing."""
    summary = MoveSummary()
    references = referred_names()
    summary.referred = len(references)
    with transaction.atomic():
        for done, (name, refs) in enumerate(sorted(references.items()), start=1):
            _move_one(name, refs, source=source, target=target, dry_run=dry_run, summary=summary)
            progress("filer", done, summary.referred)
    try:
        on_disk = _all_names(source)
    except FileNotFoundError:  # no media folder at all
        on_disk = set()
    summary.unreferred_on_disk = len(on_disk - set(references))
    return summary


def _move_one(
    name: str,
    refs: list[FileFieldRef],
    *,
    source: Storage,
    target: DatabaseStorage,
    dry_run: bool,
    summary: MoveSummary,
) -> None:
    try:
        with source.open(name, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        summary.missing.append(name)
        return
    stored = StoredFile.objects.filter(name=name).values_list("content", flat=True).first()
    if stored is not None and bytes(stored) == data:
        summary.already += 1
        return
    summary.copied.append(name)
    summary.copied_bytes += len(data)
    if dry_run:
        return
    max_length = min(model._meta.get_field(f).max_length or 100 for model, f in refs)  # type: ignore[union-attr]
    saved = target.save(name, ContentFile(data), max_length=max_length)
    if saved != name:  # the database held another file under this name
        summary.renamed[name] = saved
        for model, field_name in refs:
            model._base_manager.filter(**{field_name: name}).update(**{field_name: saved})
