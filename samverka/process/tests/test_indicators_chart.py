"""The indicator chart: an image with a title and a description, the target and baseline lines
named in the legend (not colour alone), the same bytes for the same values, text escaped."""

from __future__ import annotations

import re

from samverka.process.indicator_chart import BOTTOM, HEIGHT, TOP, chart_svg


def _svg(**extra: object) -> str:
    args: dict[str, object] = {
        "ident": "indicator-1",
        "title": "Andel trygga",
        "desc": "Andel trygga från 2024 till 2025: från 55 till 60 procent.",
        "points": [("2024", 55.0), ("2025", 60.0)],
        "unit": "procent",
        "baseline": 50.0,
        "target": 70.0,
    }
    args.update(extra)
    return chart_svg(**args)  # type: ignore[arg-type]


def test_an_accessible_image_with_target_and_baseline_named() -> None:
    svg = _svg()
    assert 'role="img"' in svg
    assert 'aria-labelledby="indicator-1-title indicator-1-desc"' in svg
    assert '<title id="indicator-1-title">Andel trygga</title>' in svg
    assert '<desc id="indicator-1-desc">Andel trygga från 2024' in svg
    assert "Målvärde 70" in svg and "Utgångsvärde 50" in svg
    assert 'stroke-dasharray="8 4"' in svg  # the target is dashed, not only green
    assert svg.count("<circle") == 3  # two values and the legend's marker


def test_deterministic_and_escaped() -> None:
    assert _svg() == _svg()
    svg = _svg(title="<b>&", points=[("<i>", 1.0)])
    assert "<b>" not in svg and "&lt;b&gt;&amp;" in svg and "&lt;i&gt;" in svg


def test_no_values_is_said_in_words() -> None:
    svg = _svg(points=[])
    assert "Inga värden ännu." in svg


def test_negative_values_fit_the_plot() -> None:
    svg = _svg(points=[("2024", -5.0), ("2025", 3.0)], baseline=None, target=None)
    assert "Målvärde" not in svg
    heights = [float(y) for y in re.findall(r'<circle cx="[0-9.]+" cy="([0-9.-]+)"', svg)]
    assert heights and all(TOP <= y <= HEIGHT - BOTTOM for y in heights[:2])
