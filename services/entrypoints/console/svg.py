"""Entitled vs delivered as a server-drawn SVG bar chart: no script, nothing loaded from elsewhere. A suppressed cell
is drawn as a hatched box labelled 已抑制, never as a zero-length bar."""

from __future__ import annotations

from html import escape
from typing import Any

ROW_H, BAR_H, LABEL_W, PLOT_W, PAD = 34, 12, 190, 420, 8
COLOURS = {"entitled": "#2f6db5", "delivered": "#2e8b57"}
NAMES = {"entitled": "应享", "delivered": "已获"}


def bar_chart(rows: list[dict[str, Any]], title: str) -> str:
    """rows: {"label", "entitled", "delivered"} with None for a suppressed value."""
    values = [r[m] for r in rows for m in COLOURS if isinstance(r.get(m), int)]
    top = max(values, default=1) or 1
    height = PAD * 2 + 48 + ROW_H * max(1, len(rows)) + 24
    width = LABEL_W + PLOT_W + 60
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="{escape(title)}" class="chart">',
           '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
           'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#999" stroke-width="2"/>'
           '</pattern></defs>',
           f'<text x="{PAD}" y="{PAD + 14}" font-size="14" font-weight="bold">{escape(title)}</text>']
    legend_x = PAD
    for measure, colour in COLOURS.items():
        out.append(f'<rect x="{legend_x}" y="{PAD + 24}" width="12" height="12" fill="{colour}"/>'
                   f'<text x="{legend_x + 16}" y="{PAD + 34}" font-size="12">{NAMES[measure]}</text>')
        legend_x += 70
    out.append(f'<rect x="{legend_x}" y="{PAD + 24}" width="12" height="12" fill="url(#hatch)" stroke="#999"/>'
               f'<text x="{legend_x + 16}" y="{PAD + 34}" font-size="12">已抑制(小于阈值)</text>')
    y = PAD + 48
    for row in rows:
        out.append(f'<text x="{PAD}" y="{y + BAR_H + 4}" font-size="12">{escape(str(row["label"]))[:40]}</text>')
        for i, (measure, colour) in enumerate(COLOURS.items()):
            by = y + i * (BAR_H + 2)
            value = row.get(measure)
            if isinstance(value, int):
                w = max(1, round(PLOT_W * value / top)) if value else 0
                out.append(f'<rect x="{LABEL_W}" y="{by}" width="{w}" height="{BAR_H}" fill="{colour}"/>'
                           f'<text x="{LABEL_W + w + 4}" y="{by + BAR_H - 2}" font-size="11">{value}</text>')
            else:
                out.append(f'<rect x="{LABEL_W}" y="{by}" width="60" height="{BAR_H}" fill="url(#hatch)" '
                           f'stroke="#999" class="suppressed"/><text x="{LABEL_W + 64}" y="{by + BAR_H - 2}" '
                           f'font-size="11">已抑制</text>')
        y += ROW_H
    if not rows:
        out.append(f'<text x="{PAD}" y="{y + 14}" font-size="12">没有可发布的数据</text>')
    out.append("</svg>")
    return "".join(out)
