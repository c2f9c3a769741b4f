"""Inline SVG charts built with lxml: no script, no network, readable offline."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

BAR_COLOURS = ("#2b6cb0", "#dd6b20", "#38a169", "#805ad5", "#d53f8c", "#718096")
FONT = "font-family:system-ui,sans-serif;font-size:12px"


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: object
        ) -> etree._Element:
    node = etree.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): str(v)
                                          for k, v in attrs.items()})
    if text is not None:
        node.text = text
    return node


def _svg(width: int, height: int, chart_id: str, label: str) -> etree._Element:
    svg = etree.Element("svg", {"xmlns": "http://www.w3.org/2000/svg", "class": "chart",
                                "id": chart_id, "width": str(width), "height": str(height),
                                "viewBox": f"0 0 {width} {height}", "role": "img",
                                "aria-label": label, "style": FONT})
    _el(svg, "title", label)
    return svg


def grouped_columns(chart_id: str, label: str, categories: Sequence[str],
                    series: Sequence[tuple[str, Sequence[float]]],
                    notes: Sequence[str] = ()) -> etree._Element:
    """Vertical bars, one group per category (e.g. a week), one bar per series."""
    width, height, top, bottom, left = 720, 300, 30, 60, 50
    plot_h = height - top - bottom
    peak = _nice_peak(max([v for _, values in series for v in values] + [1]))
    svg = _svg(width, height, chart_id, label)
    _axis(svg, left, top, plot_h, width - 10, peak)
    slot = (width - left - 10) / max(len(categories), 1)
    bar_w = max(4.0, slot * 0.8 / max(len(series), 1))
    for c, category in enumerate(categories):
        x0 = left + c * slot + slot * 0.1
        for s, (name, values) in enumerate(series):
            value = values[c]
            bar_h = plot_h * value / peak
            bar = _el(svg, "rect", x=f"{x0 + s * bar_w:.1f}", y=f"{top + plot_h - bar_h:.1f}",
                      width=f"{bar_w - 2:.1f}", height=f"{bar_h:.1f}",
                      fill=BAR_COLOURS[s % len(BAR_COLOURS)], class_="bar")
            _el(bar, "title", f"{category} — {name}: {value:g}")
        _el(svg, "text", category, x=f"{left + c * slot + slot / 2:.1f}",
            y=str(height - bottom + 16), text_anchor="middle")
        if c < len(notes) and notes[c]:
            _el(svg, "text", notes[c], x=f"{left + c * slot + slot / 2:.1f}",
                y=str(height - bottom + 32), text_anchor="middle", fill="#c53030")
    _legend(svg, [name for name, _ in series], left, height - 12)
    return svg


def horizontal_bars(chart_id: str, label: str, rows: Sequence[tuple[str, float | None]],
                    threshold: float | None = None, colour: str = BAR_COLOURS[0],
                    alert_above: bool = True) -> etree._Element:
    """One bar per row on a 0–100 % scale; bars past `threshold` are drawn in red."""
    label_w, bar_max, row_h, top = 300, 360, 22, 24
    width, height = label_w + bar_max + 70, top + row_h * max(len(rows), 1) + 30
    svg = _svg(width, height, chart_id, label)
    for r, (name, value) in enumerate(rows):
        y = top + r * row_h
        _el(svg, "text", _shorten(name, 46), x=str(label_w - 6), y=str(y + 15),
            text_anchor="end")
        if value is None:
            _el(svg, "text", "no data", x=str(label_w + 4), y=str(y + 15), fill="#718096")
            continue
        alert = threshold is not None and (value > threshold if alert_above
                                           else value < threshold)
        bar = _el(svg, "rect", x=str(label_w), y=str(y + 3),
                  width=f"{max(bar_max * value, 1):.1f}", height=str(row_h - 6),
                  fill="#c53030" if alert else colour, class_="bar")
        _el(bar, "title", f"{name}: {value:.0%}")
        _el(svg, "text", f"{value:.0%}", x=f"{label_w + bar_max * value + 6:.1f}",
            y=str(y + 15))
    if threshold is not None:
        x = label_w + bar_max * threshold
        _el(svg, "line", x1=f"{x:.1f}", x2=f"{x:.1f}", y1=str(top - 6),
            y2=str(height - 24), stroke="#1a202c", stroke_dasharray="4 3", class_="threshold")
        _el(svg, "text", f"threshold {threshold:.0%}", x=f"{x:.1f}", y=str(height - 8),
            text_anchor="middle")
    return svg


def _axis(svg: etree._Element, left: int, top: int, plot_h: int, right: int,
          peak: float) -> None:
    for k in range(5):
        value = peak * k / 4
        y = top + plot_h - plot_h * k / 4
        _el(svg, "line", x1=str(left), x2=str(right), y1=f"{y:.1f}", y2=f"{y:.1f}",
            stroke="#e2e8f0")
        _el(svg, "text", f"{value:.0f}", x=str(left - 6), y=f"{y + 4:.1f}", text_anchor="end")


def _nice_peak(value: float) -> float:
    """The smallest 4 × (1, 2 or 5 × 10^k) at or above value: round axis ticks."""
    step = 1.0
    while 4 * step < value:
        for factor in (2, 2.5, 2):
            step *= factor
            if 4 * step >= value:
                break
    return 4 * step


def _legend(svg: etree._Element, names: Sequence[str], x: int, y: int) -> None:
    for s, name in enumerate(names):
        _el(svg, "rect", x=str(x + s * 170), y=str(y - 10), width="12", height="12",
            fill=BAR_COLOURS[s % len(BAR_COLOURS)])
        _el(svg, "text", name, x=str(x + s * 170 + 16), y=str(y))


def _shorten(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"
