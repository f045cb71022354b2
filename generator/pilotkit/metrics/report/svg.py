"""Small SVG charts drawn as text: no script, no network, readable without a browser."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH = 720
FONT = 'font-family="system-ui, sans-serif" font-size="12"'
COLORS = ("#4c78a8", "#f58518", "#54a24b", "#b279a2")


def _nice_max(value: float) -> float:
    """A round axis maximum at or above VALUE (1, 1.2, 1.5, 2 … 8 × a power of ten)."""
    if value <= 0:
        return 1.0
    power = 1.0
    while power * 10 <= value:
        power *= 10
    while power > value:
        power /= 10
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def _frame(title: str, height: int, body: list[str], legend: Sequence[tuple[str, str]]) -> str:
    keys = "".join(
        f'<rect x="{90 + i * 170}" y="8" width="12" height="12" fill="{color}"/>'
        f'<text x="{106 + i * 170}" y="18" {FONT}>{escape(name)}</text>'
        for i, (name, color) in enumerate(legend)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}">'
        f"<title>{escape(title)}</title>{keys}{''.join(body)}</svg>"
    )


def _empty(title: str, message: str) -> str:
    body = [
        f'<text x="{WIDTH // 2}" y="50" text-anchor="middle" {FONT} fill="#666">'
        f"{escape(message)}</text>"
    ]
    return _frame(title, 80, body, [])


def grouped_bars(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    unit: str,
    notes: Sequence[str] = (),
) -> str:
    """Horizontal bars: one group per label, one bar per series (e.g. estimate, actual).
    NOTES, one per label, follow the value of the last series' bar."""
    if not labels:
        return _empty(title, "nothing to show yet")
    bar, gap, left, right = 14, 10, 90, 60
    group = bar * len(series) + gap
    height = 40 + group * len(labels) + 24
    top = max((v for _, values in series for v in values), default=0.0)
    scale = (WIDTH - left - right) / _nice_max(top)
    body = []
    for row, label in enumerate(labels):
        y0 = 34 + row * group
        body.append(
            f'<text x="{left - 6}" y="{y0 + bar * len(series) / 2 + 4}" text-anchor="end" '
            f"{FONT}>{escape(label)}</text>"
        )
        for index, (_, values) in enumerate(series):
            value, y = values[row], y0 + index * bar
            note = f" · {notes[row]}" if notes and index == len(series) - 1 else ""
            body.append(
                f'<rect x="{left}" y="{y}" width="{max(value * scale, 1):.1f}" height="{bar - 2}"'
                f' fill="{COLORS[index % len(COLORS)]}"><title>{escape(label)}: {value:,.1f} '
                f"{unit}</title></rect>"
                f'<text x="{left + value * scale + 4:.1f}" y="{y + bar - 4}" {FONT}>'
                f"{value:,.1f}{escape(note)}</text>"
            )
    axis_y = height - 20
    body.append(f'<line x1="{left}" y1="30" x2="{left}" y2="{axis_y}" stroke="#999"/>')
    body.append(f'<text x="{left}" y="{axis_y + 14}" {FONT} fill="#666">{escape(unit)}</text>')
    legend = [(name, COLORS[i % len(COLORS)]) for i, (name, _) in enumerate(series)]
    return _frame(title, height, body, legend)


def off_scale(peak: float, limit: float | None) -> bool:
    """Whether LIMIT is so far above PEAK that drawing both would flatten the line."""
    return bool(limit) and peak < (limit or 0) * OFF_SCALE


# Below this share of the limit, a line drawn to the limit's scale is a flat smear.
OFF_SCALE = 0.25


def line_with_limit(
    title: str, points: Sequence[tuple[str, float]], limit: float | None, unit: str
) -> str:
    """A cumulative line over labelled points, with a dashed horizontal limit (a budget).

    When the line stays far below the limit, the scale follows the line and the limit is
    noted as off the scale instead of drawn.
    """
    if not points:
        return _empty(title, "no priced usage imported yet")
    left, right, top, bottom, height = 70, 20, 30, 40, 260
    peak = max(v for _, v in points)
    beyond = off_scale(peak, limit)
    y_max = _nice_max(peak if beyond or not limit else max(peak, limit))
    plot_h = height - top - bottom
    step = (WIDTH - left - right) / max(len(points) - 1, 1)

    def y(value: float) -> float:
        return top + plot_h - value / y_max * plot_h

    coords = [(left + i * step, y(v)) for i, (_, v) in enumerate(points)]
    path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{yy:.1f}" for i, (x, yy) in enumerate(coords))
    figures = f"{y_max:,.2f}" if y_max < 10 else f"{y_max:,.0f}"
    body = [
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#999"/>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{WIDTH - right}" y2="{top + plot_h}" '
        'stroke="#999"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" {FONT}>{figures}</text>',
        f'<text x="{left - 6}" y="{top + plot_h + 4}" text-anchor="end" {FONT}>0</text>',
        f'<path d="{path}" fill="none" stroke="{COLORS[0]}" stroke-width="2"/>',
    ]
    for (label, value), (x, yy) in zip(points, coords, strict=True):
        body.append(
            f'<circle cx="{x:.1f}" cy="{yy:.1f}" r="3" fill="{COLORS[0]}">'
            f"<title>{escape(label)}: {value:,.2f} {unit}</title></circle>"
        )
    for index in sorted({0, len(points) - 1}):
        x = coords[index][0]
        anchor = "start" if index == 0 else "end"
        body.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="{anchor}" {FONT}>'
            f"{escape(points[index][0])}</text>"
        )
    legend = [("cumulative cost", COLORS[0])]
    if limit and beyond:
        body.append(
            f'<text x="{WIDTH - right}" y="{top - 12}" text-anchor="end" {FONT} fill="#666">'
            f"budget {limit:,.0f} {escape(unit)}: off this scale, far above the spend</text>"
        )
    elif limit:
        body.append(
            f'<line x1="{left}" y1="{y(limit):.1f}" x2="{WIDTH - right}" y2="{y(limit):.1f}" '
            f'stroke="{COLORS[1]}" stroke-dasharray="6 4" stroke-width="2"/>'
        )
        legend.append((f"budget {limit:,.0f} {unit}", COLORS[1]))
    return _frame(title, height, body, legend)


def columns(
    title: str,
    labels: Sequence[str],
    values: Sequence[int],
    unit: str,
    groups: Sequence[int] = (),
    names: Sequence[str] = (),
) -> str:
    """Vertical bars, one per label (e.g. merged changes per week). GROUPS gives each bar's
    group (its colour), NAMES each group's name in the legend; by default one group."""
    if not labels:
        return _empty(title, "no weeks in the window")
    left, right, top, bottom, height = 50, 20, 30, 40, 220
    plot_h = height - top - bottom
    y_max = _nice_max(max(values, default=0))
    slot = (WIDTH - left - right) / len(labels)
    palette = (COLORS[3], COLORS[2]) if len(names) > 1 else (COLORS[2],)
    body = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{WIDTH - right}" y2="{top + plot_h}" '
        'stroke="#999"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" {FONT}>{y_max:,.0f}</text>',
    ]
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = value / y_max * plot_h
        x = left + index * slot + slot * 0.15
        color = palette[groups[index] % len(palette)] if groups else palette[-1]
        body.append(
            f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{max(h, 0.5):.1f}" fill="{color}"><title>{escape(label)}: {value} '
            f"{unit}</title></rect>"
            f'<text x="{x + slot * 0.35:.1f}" y="{top + plot_h - h - 4:.1f}" text-anchor="middle" '
            f"{FONT}>{value}</text>"
            f'<text x="{x + slot * 0.35:.1f}" y="{top + plot_h + 16}" text-anchor="middle" {FONT}>'
            f"{escape(label)}</text>"
        )
    legend = list(zip(names, palette, strict=False)) if names else [(unit, palette[-1])]
    return _frame(title, height, body, legend)
