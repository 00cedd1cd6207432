"""The utilization report as one self-contained, printable HTML page (charts as inline SVG).

Charts are drawn by matplotlib into SVG text (glyphs as paths, so no font or network is needed) and
inlined; every chart has its numbers in a table beside it. ``charts(result)`` gives the charts and
their tables (the web UI's Reports page shows the same); ``render_html(result)`` the whole page,
whose Content-Security-Policy forbids any request leaving it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from teleclaim.model.record import KINDS
from teleclaim.report.utilization import monthly_rows

_COLORS = {
    "video": "#1f77b4",
    "audio": "#ff7f0e",
    "02": "#2ca02c",
    "10": "#9467bd",
    "other": "#8c564b",
    "periods": "#7f7f7f",
    "telecom": "#17becf",
    "lupa": "#d62728",
    "practice": "#1f77b4",
    "national": "#ff7f0e",
}


def _svg(fig: Any) -> str:
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg") :]  # drop the XML prolog and doctype: inlined in HTML


def _fig(width: float = 6.4, height: float = 3.0) -> Any:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "svg.fonttype": "path",
            "svg.hashsalt": "teleclaim",
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    fig, ax = plt.subplots(figsize=(width, height))
    return fig, ax


def _bars(
    labels: list[str],
    series: dict[str, list[float]],
    colors: list[str],
    *,
    stacked: bool,
    ylabel: str,
    horizontal: bool = False,
    share: list[float | None] | None = None,
) -> str:
    fig, ax = _fig(6.4, max(2.4, 0.3 * len(labels) + 1) if horizontal else 3.0)
    n = max(len(series), 1)
    x = list(range(len(labels)))
    bottom = [0.0] * len(labels)
    width = 0.8 if stacked else 0.8 / n
    pos: Sequence[float]
    for i, ((name, vals), color) in enumerate(zip(series.items(), colors, strict=False)):
        if stacked:
            pos, base = x, bottom
        else:
            pos, base = [v - 0.4 + width * (i + 0.5) for v in x], [0.0] * len(labels)
        if horizontal:
            ax.barh(pos, vals, height=width, left=base, label=name, color=color)
        else:
            ax.bar(pos, vals, width=width, bottom=base, label=name, color=color)
        if stacked:
            bottom = [b + v for b, v in zip(bottom, vals, strict=False)]
    if horizontal:
        ax.set_yticks(x, labels)
        ax.invert_yaxis()
        ax.set_xlabel(ylabel)
    else:
        _month_ticks(ax, labels)
        ax.set_ylabel(ylabel)
    handles, names = ax.get_legend_handles_labels()
    if share is not None:  # the telehealth share of all lines, on its own axis
        ax2 = ax.twinx()
        pts = [(i, v) for i, v in enumerate(share) if v is not None]
        ax2.plot([p[0] for p in pts], [p[1] for p in pts], color="#333333", marker=".", label="telehealth share")
        ax2.set_ylim(0, max([100.0] + [p[1] for p in pts]) if pts else 100)
        ax2.set_ylabel("% of lines")
        ax2.spines["top"].set_visible(False)
        h2, n2 = ax2.get_legend_handles_labels()
        handles, names = handles + h2, names + n2
    if len(handles) > 1:
        ax.legend(handles, names, frameon=False, loc="upper left", bbox_to_anchor=(1.08 if share else 1.0, 1.0))
    return _svg(fig)


def _month_ticks(ax: Any, labels: list[str]) -> None:
    """Every label when they fit, else every k-th (the table beside the chart has them all)."""
    step = max(1, -(-len(labels) // 12))
    ticks = list(range(0, len(labels), step))
    ax.set_xticks(
        ticks,
        [labels[i] for i in ticks],
        rotation=45 if len(ticks) > 6 else 0,
        ha="right" if len(ticks) > 6 else "center",
    )


def _lines(labels: list[str], series: dict[str, list[float | None]], colors: list[str], ylabel: str) -> str:
    fig, ax = _fig()
    for (name, vals), color in zip(series.items(), colors, strict=False):
        pts = [(i, v) for i, v in enumerate(vals) if v is not None]
        if pts:
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=name, color=color)
    _month_ticks(ax, labels)
    ax.set_ylabel(ylabel)
    ax.set_ylim(0, 100)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _svg(fig)


def _share(n: int, d: int) -> str:
    return f"{100 * n / d:.1f} %" if d else "-"


def charts(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Each chart: id, title, svg, note, and its table (columns, rows)."""
    rows = monthly_rows(result)
    months = [r["month"] for r in rows]
    out: list[dict[str, Any]] = []
    out.append(
        {
            "id": "telehealth-share",
            "title": "Telehealth by month: share of all lines, video and audio-only",
            "svg": _bars(
                months,
                {"video": [r["video_lines"] for r in rows], "audio-only": [r["audio_only_lines"] for r in rows]},
                [_COLORS["video"], _COLORS["audio"]],
                stacked=True,
                ylabel="telehealth lines",
                share=[100 * r["telehealth_lines"] / r["lines"] if r["lines"] else None for r in rows],
            ),
            "columns": ["month", "lines", "telehealth", "share", "video", "audio-only"],
            "rows": [
                [
                    r["month"],
                    r["lines"],
                    r["telehealth_lines"],
                    _share(r["telehealth_lines"], r["lines"]),
                    r["video_lines"],
                    r["audio_only_lines"],
                ]
                for r in rows
            ],
        }
    )
    out.append(
        {
            "id": "pos",
            "title": "Telehealth place of service: 02 (other than home) vs 10 (home)",
            "svg": _bars(
                months,
                {
                    "POS 02": [r["pos_02"] for r in rows],
                    "POS 10": [r["pos_10"] for r in rows],
                    "in-person POS with 95": [r["pos_other"] for r in rows],
                },
                [_COLORS["02"], _COLORS["10"], _COLORS["other"]],
                stacked=False,
                ylabel="telehealth lines",
            ),
            "columns": ["month", "POS 02", "POS 10", "other POS"],
            "rows": [[r["month"], r["pos_02"], r["pos_10"], r["pos_other"]] for r in rows],
        }
    )
    totals = {k: sum(r[k] for r in rows) for k in KINDS}
    out.append(
        {
            "id": "kinds",
            "title": "Kinds of virtual services (all months)",
            "svg": _bars(
                list(totals),
                {"lines": list(totals.values())},
                [_COLORS["video"]],
                stacked=True,
                ylabel="lines",
                horizontal=True,
            ),
            "columns": ["kind", "lines"],
            "rows": [[k, v] for k, v in totals.items()],
        }
    )
    top = result["clinicians"][:10]
    out.append(
        {
            "id": "clinicians",
            "title": "Top clinicians by lines (telehealth and other)",
            "svg": _bars(
                [c["npi"] for c in top],
                {
                    "telehealth": [c["telehealth_lines"] for c in top],
                    "other": [c["lines"] - c["telehealth_lines"] for c in top],
                },
                [_COLORS["video"], _COLORS["periods"]],
                stacked=True,
                ylabel="lines",
                horizontal=True,
            ),
            "columns": ["NPI", "lines", "telehealth lines", "work RVUs"],
            "rows": [
                [c["npi"], c["lines"], c["telehealth_lines"], c["work_rvu"] if c["work_rvu"] is not None else "-"]
                for c in top
            ],
        }
    )
    hh = result["home_health"]
    lupa_known = hh["lupa_periods"] is not None
    out.append(
        {
            "id": "home-health",
            "title": "Home-health periods: telecom G-codes reported (G0320-G0322) and LUPA",
            "svg": _bars(
                months,
                {
                    "periods": [r["hh_periods"] for r in rows],
                    "with telecom": [r["hh_periods_with_telecom"] for r in rows],
                    **({"LUPA": [r["hh_lupa_periods"] or 0 for r in rows]} if lupa_known else {}),
                },
                [_COLORS["periods"], _COLORS["telecom"], _COLORS["lupa"]],
                stacked=False,
                ylabel="periods",
            ),
            "note": (
                f"Telecom reporting rate: {_share(hh['periods_with_telecom'], hh['periods'])} of {hh['periods']} "
                "periods." + ("" if lupa_known else " LUPA periods: fee data not loaded.")
            ),
            "columns": ["month", "periods", "with telecom", "rate", "visits", "LUPA periods"],
            "rows": [
                [
                    r["month"],
                    r["hh_periods"],
                    r["hh_periods_with_telecom"],
                    _share(r["hh_periods_with_telecom"], r["hh_periods"]),
                    r["hh_visits"],
                    "-" if r["hh_lupa_periods"] is None else r["hh_lupa_periods"],
                ]
                for r in rows
            ],
        }
    )
    known = any(r["estimated_allowed"] is not None for r in rows)
    out.append(
        {
            "id": "revenue",
            "title": "Estimated revenue (allowed amounts) by month",
            "svg": _bars(
                months,
                {"estimated allowed": [float(Decimal(r["estimated_allowed"] or 0)) for r in rows]},
                [_COLORS["practice"]],
                stacked=True,
                ylabel="USD",
            )
            if known
            else "",
            "note": None if known else "Estimates need the fee data (teleclaim.fees); not loaded for this report.",
            "columns": ["month", "work RVUs", "estimated allowed"],
            "rows": [[r["month"], r["work_rvu"] or "-", r["estimated_allowed"] or "-"] for r in rows],
        }
    )
    nat = result.get("national")
    if nat and nat["months"]:
        ms = nat["months"]
        out.append(
            {
                "id": "national",
                "title": "Share of Medicare patients with a telehealth service, beside CMS",
                "svg": _lines(
                    [m["month"] for m in ms],
                    {
                        "practice": [100 * m["practice_share"] for m in ms],
                        "national (CMS)": [
                            None if m["national_share"] is None else 100 * m["national_share"] for m in ms
                        ],
                    },
                    [_COLORS["practice"], _COLORS["national"]],
                    "%",
                ),
                "note": nat["note"],
                "columns": ["month", "practice", "Medicare patients", "national", "quarter", "states"],
                "rows": [
                    [
                        m["month"],
                        f"{100 * m['practice_share']:.1f} %",
                        m["practice_patients"],
                        "-" if m["national_share"] is None else f"{100 * m['national_share']:.1f} %",
                        m["quarter"] + ("" if m["same_quarter"] else " (latest published)"),
                        ", ".join(
                            f"{s} {100 * v['share']:.1f} %" for s, v in m["states"].items() if v["share"] is not None
                        ),
                    ]
                    for m in ms
                ],
            }
        )
    return out


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>teleclaim utilization report</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222;max-width:1200px}
h1{font-size:1.4rem} h2{font-size:1.1rem;margin-top:2rem}
.chart{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start;page-break-inside:avoid;break-inside:avoid}
.chart svg{max-width:640px;height:auto}
table{border-collapse:collapse;font-size:.85rem} td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:right}
th{background:#f3f3f3} td:first-child,th:first-child{text-align:left}
.note{color:#555;font-size:.85rem;max-width:60rem}
@media print{body{margin:0} .chart{page-break-inside:avoid}}
</style></head><body>
<h1>Utilization report</h1>
<p>{{ summary }}</p>
{% for c in charts %}
<section class="chart-section" id="{{ c.id }}"><h2>{{ c.title }}</h2>
{% if c.note %}<p class="note">{{ c.note }}</p>{% endif %}
<div class="chart">{% if c.svg %}<figure class="svg" aria-label="{{ c.title }}">{{ c.svg|safe }}</figure>{% endif %}
<table><thead><tr>{% for h in c.columns %}<th>{{ h }}</th>{% endfor %}</tr></thead><tbody>
{% for r in c.rows %}<tr>{% for v in r %}<td>{{ v }}</td>{% endfor %}</tr>{% endfor %}
</tbody></table></div></section>
{% endfor %}
<p class="note">Generated by teleclaim {{ version }}. Patients are counted by a keyed hash; no names,
member ids, addresses or dates of birth are in this report.</p>
</body></html>
"""


def summary_line(result: dict[str, Any]) -> str:
    src, flt = result["source"], result.get("filter") or {}
    s = f"{src['claims']} claims" + (
        f" from {src['files']} file(s)" if src.get("files") else " from the claim ledger" if src.get("ledger") else ""
    )
    if flt.get("since") or flt.get("until"):
        s += f", {flt.get('since') or '...'} to {flt.get('until') or '...'}"
    return s + "."


def render_html(result: dict[str, Any]) -> str:
    import jinja2

    from teleclaim._version import __version__

    env = jinja2.Environment(autoescape=True)
    return env.from_string(_PAGE).render(charts=charts(result), summary=summary_line(result), version=__version__)
