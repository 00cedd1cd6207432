"""Reading 835 remittances: teleclaim's streaming reader against a string-split floor and pyx12.

```bash
python bench/bench_remit.py            # 1,000-, 10,000- and 100,000-claim 835s
python bench/bench_remit.py --quick    # 1,000 and 10,000 only
```

- Generates the files into ``bench/out/`` (gitignored): ``remit_N.835`` answering N generated
  telehealth claims (``teleclaim.x12.gen835.remit_for``: 80 % paid with CO-45/PR-2, every fifth
  claim denied), one ST*835 per 1,000 claims.
- Every measurement runs in its own subprocess on one core; reports claims/s, the time as a
  multiple of the floor's, and the child's peak RSS (``ru_maxrss``), so "memory flat" reads as: the
  peak barely grows from 10,000 to 100,000 claims.
  - **floor**: ``str.split`` of segments and elements, counting CLP (the least any reader does);
  - **teleclaim**: ``Reader835(path).claims()``: every claim into the model, lines, adjustments,
    remarks, with line/claim/transaction balancing on;
  - **pyx12**: ``x12n_document`` validation against its 835 map, from ``bench/.venv-peers`` (made
    by ``python bench/bench_x12.py --quick``); skipped, saying so, when absent.
Goal (issue 17): >= 10,000 claims/s on one core, memory flat.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
PEER_PY = HERE / ".venv-peers" / "bin" / "python"


def _rss_kb() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _child_floor(path: str) -> dict:
    t = time.perf_counter()
    with open(path, encoding="ascii", errors="replace") as fh:
        text = fh.read()
    el, term = text[3], text[105]
    claims = sum(1 for seg in text.split(term) if seg.strip().split(el)[0] == "CLP")
    return {"claims": claims, "seconds": time.perf_counter() - t}


def _child_teleclaim(path: str) -> dict:
    from teleclaim.x12.reader835 import Reader835

    t = time.perf_counter()
    r = Reader835(path)
    claims = sum(1 for _ in r.claims())
    return {"claims": claims, "seconds": time.perf_counter() - t, "problems": len(r.problems)}


def _child_pyx12(path: str) -> dict:
    import logging

    import pyx12.params
    import pyx12.x12n_document

    logging.getLogger("pyx12").setLevel(logging.CRITICAL)
    t = time.perf_counter()
    ok = pyx12.x12n_document.x12n_document(param=pyx12.params.params(), src_file=path, fd_997=None, fd_html=None)
    return {"claims": None, "seconds": time.perf_counter() - t, "ok": bool(ok)}


CHILDREN = {"floor": _child_floor, "teleclaim": _child_teleclaim, "pyx12": _child_pyx12}


def _run(python: str, tool: str, path: Path) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(HERE.parent / "src") + os.pathsep + env.get("PYTHONPATH", "")
    p = subprocess.run(
        [python, __file__, "--child", tool, str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=3600,
        check=False,
    )
    if p.returncode:
        return {"error": (p.stderr.strip().splitlines() or ["no output"])[-1][:160]}
    return json.loads(p.stdout.strip().splitlines()[-1])


def make_file(n: int) -> Path:
    sys.path.insert(0, str(HERE.parent / "src"))
    from teleclaim.x12.gen835 import remit_for, write_835
    from teleclaim.x12.generate import generate_claims

    OUT.mkdir(exist_ok=True)
    p = OUT / f"remit_{n}.835"
    if not p.exists():
        claims = generate_claims("th", n, seed=1)

        def batches():
            batch = []
            for i, c in enumerate(claims, 1):
                batch.append(c)
                if len(batch) == 1000:
                    yield remit_for(batch, seed=i)
                    batch = []
            if batch:
                yield remit_for(batch, seed=n)

        with p.open("w") as fh:
            write_835(batches(), fh)
    return p


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--repeat", type=int, default=3, help="best of N (floor and teleclaim; pyx12 once)")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        base = _rss_kb()
        res = CHILDREN[a.child[0]](a.child[1])
        res.update(peak_kb=_rss_kb(), base_kb=base)
        print(json.dumps(res))
        return
    has_pyx12 = (
        PEER_PY.exists()
        and subprocess.run([str(PEER_PY), "-c", "import pyx12"], capture_output=True, check=False).returncode == 0
    )
    print(
        f"python {sys.version.split()[0]}; one core per measurement; pyx12: "
        f"{'bench/.venv-peers' if has_pyx12 else 'skipped (no bench/.venv-peers with pyx12)'}"
    )
    sizes = [1000, 10000] if a.quick else [1000, 10000, 100000]
    print(f"{'claims':>8} {'tool':<10} {'claims/s':>12} {'x floor':>8} {'peak MB':>8}  notes")
    for n in sizes:
        path = make_file(n)
        floor = None
        for tool in ("floor", "teleclaim", "pyx12"):
            if tool == "pyx12" and (not has_pyx12 or n > 10000):
                print(
                    f"{n:>8} {tool:<10} {'-':>12} {'-':>8} {'-':>8}  "
                    + ("not installed" if not has_pyx12 else "skipped above 10,000 claims (minutes per run)")
                )
                continue
            best = None
            for _ in range(1 if tool == "pyx12" else max(1, a.repeat)):
                res = _run(str(PEER_PY) if tool == "pyx12" else sys.executable, tool, path)
                if "error" in res:
                    best = res
                    break
                if best is None or res["seconds"] < best["seconds"]:
                    best = res
            if "error" in best:
                print(f"{n:>8} {tool:<10} failed: {best['error']}")
                continue
            if tool == "floor":
                floor = best["seconds"]
            notes = []
            if best.get("claims") not in (None, n):
                notes.append(f"saw {best['claims']} claims")
            if "problems" in best:
                notes.append(f"{best['problems']} balancing problems")
            if "ok" in best:
                notes.append("valid" if best["ok"] else "reported errors")
            print(
                f"{n:>8} {tool:<10} {n / best['seconds']:>12,.0f} {best['seconds'] / floor:>8.1f} "
                f"{best['peak_kb'] / 1024:>8.0f}  {', '.join(notes)}",
                flush=True,
            )


if __name__ == "__main__":
    main()
