"""Example data beyond the organisation file: each later app adds its part of the built-in example
(meetings, incidents, statistics …) by registering a loader here from its ``AppConfig.ready()``.

The registry keeps the direction of dependency: ``bootstrap_demo`` (organisation) runs the loaders
without importing the apps that come after it. Register through ``samverka.core.extensions``
(which re-exports ``register_example_loader`` and ``example_loaders``), the one documented entry
for every extension point.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from samverka.accounts.models import Municipality
from samverka.core.progress import Progress

# A loader fills in its app's example for a municipality that the organisation file has just
# created; it returns one line for the summary ("12 möten, 40 beslut") and reports its progress as
# every long job does (samverka.core.progress).
Loader = Callable[[Municipality, Progress], str]


@dataclass(frozen=True)
class ExampleLoader:
    order: int
    name: str
    load: Loader


_LOADERS: dict[str, ExampleLoader] = {}


def register_example_loader(name: str, load: Loader, *, order: int = 100) -> None:
    """Register (or replace, so that ``ready()`` may run twice) the loader called ``name``."""
    _LOADERS[name] = ExampleLoader(order=order, name=name, load=load)


def example_loaders() -> list[ExampleLoader]:
    return sorted(_LOADERS.values(), key=lambda loader: (loader.order, loader.name))
