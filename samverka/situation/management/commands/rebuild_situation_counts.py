"""`samverka rebuild_situation_counts`: recompute the lägesbild's precomputed counts."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from samverka.situation import aggregates


class Command(BaseCommand):
    help = (
        "Recompute the lägesbild's precomputed weekly, monthly and monthly-cell counts from the "
        "incident reports (PostgreSQL; triggers keep them exact, so this is only needed after a "
        "restore of the incidents table alone). Does nothing on other databases."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not aggregates.available():
            self.stdout.write(
                "Databasen har inga förberäknade antal (bara PostgreSQL); inget gjort."
            )
            return
        aggregates.rebuild()
        self.stdout.write("De förberäknade antalen är omräknade från händelserapporterna.")
