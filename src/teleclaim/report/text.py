"""Human text: findings grouped by file and claim, one line each, then a summary.

::

    examples/home_health_errors_837i.837
      claim HH-329-0002
        line 2   error    HH012 g-code-revenue-family-mismatch  G0151 is billed under 042X, not 0551
                          → Put the line under the revenue code of the code's discipline ...
"""

from __future__ import annotations

from teleclaim.report import CheckReport

_SEV = {"error": "error", "warning": "warning", "info": "info"}


def render(report: CheckReport, *, show_fix: bool = True) -> str:
    out: list[str] = []
    cur_file: object = object()
    cur_claim: object = object()
    for f in report.findings:
        if f.file != cur_file:
            cur_file, cur_claim = f.file, object()
            out.append(f.file or "<input>")
        if f.claim_id != cur_claim:
            cur_claim = f.claim_id
            out.append(f"  claim {f.claim_id}" if f.claim_id else "  (envelope / file)")
        where = (
            f"line {f.line}"
            if f.line is not None
            else ("seg " + str(f.segment) if f.segment and f.rule.startswith("X12") else "claim")
        )
        sev = "info*" if f.status == "not_checked" else _SEV[f.severity]
        out.append(f"    {where:<8} {sev:<8} {f.rule} {f.name}  {f.message}")
        if show_fix and f.fix and f.status == "failed":
            out.append(f"{'':<22}→ {f.fix}")
    s = report.summary()
    bs = s["by_severity"]
    if report.findings:
        out.append("")
    nc = sum(1 for f in report.findings if f.status == "not_checked")
    out.append(
        f"{s['files']} file{'s' if s['files'] != 1 else ''}, {s['claims']} claim{'s' if s['claims'] != 1 else ''}: "
        + (
            f"{s['findings']} finding{'s' if s['findings'] != 1 else ''} "
            f"({bs['error']} error{'s' if bs['error'] != 1 else ''}, {bs['warning']} warning"
            f"{'s' if bs['warning'] != 1 else ''}, {bs['info']} info" + (f"; {nc} not checked*" if nc else "") + ")"
            if report.findings
            else "no findings"
        )
    )
    return "\n".join(out) + "\n"
