"""Is a change in a count of incidents real, or the noise that small numbers always have?

Counts of incidents in a period are treated as Poisson counts. Two counts are compared with the
**exact conditional binomial test for two Poisson rates** (Przyborowski & Wilenski 1940; the
"C-test" of Krishnamoorthy & Thomson 2004): given that ``n = current + reference`` events happened
in both periods together, under "nothing changed" the current period's share of them is
``Binomial(n, t / (t + t_ref))``, where ``t`` and ``t_ref`` are the lengths of the two periods.
The same test compares the current count with the mean of the last N periods (the N periods
together are the reference, ``t_ref = N·t``), which is better than testing against the mean as
if it were known: the mean of six biweekly counts has noise of its own.

A change is flagged (``significant``) only when

1. the two-sided p-value is below ``ALPHA`` (0.01 — a lägesbild compares a dozen categories and
   sub-areas against three references each, so 0.05 would flag about two changes in every
   lägesbild by chance alone), **and**
2. the larger of the two counts that the comparison is about is at least ``MIN_COUNT`` (5): for an
   increase the current count, for a decrease the reference. An increase from 1 to 3 events is
   never an alarm, whatever the test says, because a single event more or less changes the story.

Both numbers are printed in docs/lagesbild.md. Up to 2 000 events in the two periods together the
binomial tail is summed exactly; above that the normal approximation with continuity correction
is used (at that size it never moves a flag in practice, and it costs a microsecond instead of
a millisecond).

A flag is a prompt for the beredningsgrupp to look closer, not a verdict; counts of reported
incidents also move when reporting moves, which is why the lägesbild shows the reporting coverage
beside them.

Knows nothing of Django (the API, the CLI, the benchmarks and the tests all use it directly).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

ALPHA = 0.01
MIN_COUNT = 5
EXACT_UP_TO = 2_000  # events in both periods together; the normal approximation above

UP, DOWN, SAME = "up", "down", "same"


@dataclass(frozen=True)
class Change:
    """One comparison: the current count against a reference (a count or a mean per period)."""

    current: int
    reference: float  # the reference count per period (a mean when it spans several periods)
    p_value: float  # two-sided
    direction: str  # "up", "down" or "same"
    significant: bool
    too_few: bool  # below MIN_COUNT: not judged, whatever the p-value

    @property
    def difference(self) -> float:
        return self.current - self.reference

    @property
    def percent(self) -> float | None:
        """The change in per cent of the reference; None when the reference is zero."""
        if self.reference == 0:
            return None
        return 100.0 * (self.current - self.reference) / self.reference

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["reference"] = round(self.reference, 2)
        data["p_value"] = round(self.p_value, 6)
        data["difference"] = round(self.difference, 2)
        percent = self.percent
        data["percent"] = None if percent is None else round(percent, 1)
        return data


def _tail(start: int, stop: int, step: int, n: int, p: float) -> float:
    """Sum of Binomial(n, p) probabilities from ``start`` towards ``stop`` (exclusive), walking
    away from the mode so that the terms only shrink: stop once they no longer add anything.

    One ``lgamma`` for the first term, then the ratio of neighbouring terms: a few hundred
    multiplications even for tens of thousands of events."""
    q = 1.0 - p
    log_term = (
        math.lgamma(n + 1)
        - math.lgamma(start + 1)
        - math.lgamma(n - start + 1)
        + start * math.log(p)
        + (n - start) * math.log(q)
    )
    term = math.exp(log_term)
    total = 0.0
    k = start
    while k != stop:
        total += term
        if term < total * 1e-17 or (term == 0.0 and total > 0.0):
            break
        if step > 0:  # P(k+1) = P(k) · (n−k)/(k+1) · p/q
            term *= (n - k) / (k + 1) * p / q
        else:  # P(k−1) = P(k) · k/(n−k+1) · q/p
            term *= k / (n - k + 1) * q / p
        k += step
    return min(total, 1.0)


def _normal_upper(k: int, n: int, p: float) -> float:
    """P(X ≥ k) by the normal approximation with continuity correction."""
    z = (k - 0.5 - n * p) / math.sqrt(n * p * (1.0 - p))
    return 0.5 * math.erfc(z / math.sqrt(2.0))


def binomial_upper(k: int, n: int, p: float) -> float:
    """P(X ≥ k) for X ~ Binomial(n, p): exact up to ``EXACT_UP_TO`` trials, above that the
    normal approximation (by then its error is far below anything the lägesbild shows)."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    if p <= 0.0:
        return 0.0
    if p >= 1.0:
        return 1.0
    if n > EXACT_UP_TO:
        return _normal_upper(k, n, p)
    if k > n * p:  # the upper tail is the small one: sum it directly
        return _tail(k, n + 1, 1, n, p)
    return max(0.0, 1.0 - _tail(k - 1, -1, -1, n, p))


def binomial_lower(k: int, n: int, p: float) -> float:
    """P(X ≤ k) for X ~ Binomial(n, p)."""
    if k >= n:
        return 1.0
    if k < 0:
        return 0.0
    return max(0.0, 1.0 - binomial_upper(k + 1, n, p))


def compare_counts(current: int, reference_total: int, *, reference_periods: float = 1.0) -> Change:
    """Compare ``current`` (one period) with ``reference_total`` events counted over
    ``reference_periods`` periods of the same length (1 for the previous period or the same
    period last year, N for the mean of the last N periods).

    >>> compare_counts(3, 1).significant      # 1 → 3: too few to say anything
    False
    >>> compare_counts(40, 60, reference_periods=6).significant   # 10 a period → 40
    True
    """
    if current < 0 or reference_total < 0 or reference_periods <= 0:
        raise ValueError("counts must be non-negative and the reference must span a period")
    reference = reference_total / reference_periods
    n = current + reference_total
    if n == 0:
        return Change(0, 0.0, 1.0, SAME, significant=False, too_few=True)
    share = 1.0 / (1.0 + reference_periods)  # the current period's share of the time
    upper = binomial_upper(current, n, share)
    lower = binomial_lower(current, n, share)
    p_value = min(1.0, 2.0 * min(upper, lower))
    if current > reference:
        direction = UP
    elif current < reference:
        direction = DOWN
    else:
        direction = SAME
    # The count the comparison is about must be large enough to mean something.
    decisive = current if direction == UP else reference
    too_few = decisive < MIN_COUNT
    significant = direction != SAME and not too_few and p_value < ALPHA
    return Change(current, reference, p_value, direction, significant, too_few)
