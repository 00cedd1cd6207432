"""X12 837 reading: teleclaim against its Python peers, same files, same run.

Usage: python bench/bench_x12.py [--quick] [--repeat N] [--no-install]

1. Makes (once) a virtual environment bench/.venv-peers (gitignored) and installs the peers from
   PyPI with pip: pyx12, and linuxforhealth-x12 with "pydantic<2" (if that fails: x12sdk, its
   maintained fork). What installed, and what did not, is printed.
2. Generates synthetic files with teleclaim's generator (bench/out/, gitignored): 837I home health
   ("hh") and 837P telehealth ("th") with 1,000 and 10,000 claims (--quick: 1,000 only).
3. Measures each tool on each file in its own subprocess (fresh interpreter, imports done before
   the clock starts), best of --repeat runs (floor/teleclaim at least 3): claims/s from the child's CPU time
   (time.process_time: the machine is shared) and peak RSS (ru_maxrss of the child):
     floor      str.split of segments and elements, count CLM (what any reader must at least do)
     pyx12      pyx12.x12n_document validation against its 5010 maps (no 999 written)
     lfh        linuxforhealth-x12 (or x12sdk) X12ModelReader: pydantic models per transaction
     teleclaim  teleclaim.x12.X12Reader: claims into the model, structural checks on
   and prints a table with each tool's time as a multiple of the floor's.

``pyx12_validate(path)`` is the helper ``bench_check.py`` uses (runs pyx12 in the peers' venv).
Not part of the test suite.
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
VENV = HERE / ".venv-peers"
OUT = HERE / "out"
PEER_PY = VENV / "bin" / "python"


# -- the children: each runs in a fresh interpreter and prints one JSON line ----------------------
def _rss_kb() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _child_floor(path: str) -> dict:
    t = time.process_time()
    with open(path, encoding="ascii", errors="replace") as fh:
        text = fh.read()
    el, term = text[3], text[105]
    claims = 0
    for seg in text.split(term):
        els = seg.strip().split(el)
        if els[0] == "CLM":
            claims += 1
    return {"claims": claims, "seconds": time.process_time() - t}


def _child_pyx12(path: str) -> dict:
    import logging

    import pyx12.params
    import pyx12.x12n_document

    logging.getLogger("pyx12").setLevel(logging.CRITICAL)
    param = pyx12.params.params()
    t = time.process_time()
    ok = pyx12.x12n_document.x12n_document(param=param, src_file=path, fd_997=None, fd_html=None)
    return {"claims": None, "seconds": time.process_time() - t, "ok": bool(ok)}


def _child_lfh(path: str) -> dict:
    try:
        from linuxforhealth.x12.io import X12ModelReader

        lib = "linuxforhealth-x12"
    except ImportError:  # the maintained fork
        from x12sdk.io import X12ModelReader  # type: ignore[import-not-found,no-redef]

        lib = "x12sdk"
    t = time.process_time()
    claims = 0
    with X12ModelReader(path) as r:
        for m in r.models():
            for a in m.loop_2000a or []:
                for b in a.loop_2000b or []:
                    claims += len(b.loop_2300 or [])
                    for c in b.loop_2000c or []:
                        claims += len(c.loop_2300 or [])
    return {"claims": claims, "seconds": time.process_time() - t, "lib": lib}


def _child_teleclaim(path: str) -> dict:
    from teleclaim.x12 import X12Reader

    t = time.process_time()
    r = X12Reader(path)
    claims = sum(1 for _ in r.claims())
    return {"claims": claims, "seconds": time.process_time() - t, "errors": len(r.errors)}


CHILDREN = {"floor": _child_floor, "pyx12": _child_pyx12, "lfh": _child_lfh, "teleclaim": _child_teleclaim}


def _child_main(tool: str, path: str) -> None:
    base = _rss_kb()
    res = CHILDREN[tool](path)
    res.update(peak_kb=_rss_kb(), base_kb=base)
    print(json.dumps(res))


# -- the parent ---------------------------------------------------------------------------------------
def _run_child(python: str, tool: str, path: Path, timeout: float = 1800) -> dict:
    env = dict(os.environ)
    if tool in ("floor", "teleclaim"):
        env["PYTHONPATH"] = str(HERE.parent / "src") + os.pathsep + env.get("PYTHONPATH", "")
    p = subprocess.run(
        [python, str(Path(__file__).resolve()), "--child", tool, str(path)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
    if p.returncode != 0:
        last = (p.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": last[:160]}
    return json.loads(p.stdout.strip().splitlines()[-1])


def _pip(*args: str) -> tuple[bool, str]:
    p = subprocess.run([str(PEER_PY), "-m", "pip", "install", "-q", *args], capture_output=True, text=True)
    return p.returncode == 0, (p.stderr.strip().splitlines() or [""])[-1]


def _importable(module: str) -> bool:
    return subprocess.run([str(PEER_PY), "-c", f"import {module}"], capture_output=True).returncode == 0


def ensure_peers(install: bool = True) -> dict[str, str]:
    """Peers' venv: returns tool -> "ok: <what>" or "skipped: <why>"."""
    status: dict[str, str] = {}
    if not PEER_PY.exists():
        if not install:
            return {"pyx12": "skipped: no bench/.venv-peers (--no-install)", "lfh": "skipped: no bench/.venv-peers"}
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    if not _importable("pyx12") and install:
        ok, msg = _pip("pyx12")
        if not ok:
            status["pyx12"] = f"skipped: pip install pyx12 failed ({msg})"
    if "pyx12" not in status:
        status["pyx12"] = "ok: pyx12 " + _version("pyx12") if _importable("pyx12") else "skipped: not installed"
    if _importable("linuxforhealth.x12"):
        status["lfh"] = "ok: linuxforhealth-x12 " + _version("linuxforhealth-x12")
    elif _importable("x12sdk"):
        status["lfh"] = "ok: x12sdk " + _version("x12sdk")
    elif install:
        ok, msg = _pip("linuxforhealth-x12", "pydantic<2")
        if ok and _importable("linuxforhealth.x12.io"):
            status["lfh"] = "ok: linuxforhealth-x12 " + _version("linuxforhealth-x12") + " (pydantic<2)"
        else:
            ok2, msg2 = _pip("x12sdk")
            status["lfh"] = (
                f"ok: x12sdk {_version('x12sdk')} (linuxforhealth-x12 failed: {msg})"
                if ok2
                else f"skipped: linuxforhealth-x12 ({msg}) and x12sdk ({msg2}) failed to install"
            )
    else:
        status["lfh"] = "skipped: not installed (--no-install)"
    return status


def _version(dist: str) -> str:
    p = subprocess.run(
        [str(PEER_PY), "-c", f"import importlib.metadata as m; print(m.version({dist!r}))"],
        capture_output=True,
        text=True,
    )
    return p.stdout.strip() or "?"


def pyx12_validate(path: Path | str) -> dict:
    """Validate one file with pyx12 in the peers' venv (for bench_check.py); raises if unavailable."""
    if not PEER_PY.exists():
        raise RuntimeError("bench/.venv-peers is missing: run python bench/bench_x12.py --quick once")
    res = _run_child(str(PEER_PY), "pyx12", Path(path))
    if "error" in res:
        raise RuntimeError(res["error"])
    return res


def make_files(sizes: list[int]) -> list[tuple[str, int, Path]]:
    sys.path.insert(0, str(HERE.parent / "src"))
    import datetime as dt

    from teleclaim.x12.generate import SUBMITTED, generate_claims
    from teleclaim.x12.writer import write_837

    OUT.mkdir(exist_ok=True)
    files = []
    for n in sizes:
        for kind in ("hh", "th"):
            p = OUT / f"{kind}_{n}.837"
            if not p.exists():
                with p.open("w") as fh:
                    write_837(generate_claims(kind, n, seed=1), fh, now=dt.datetime.combine(SUBMITTED, dt.time(9)))
            files.append((kind, n, p))
            if kind == "hh":  # linuxforhealth-x12 0.57 rejects a 2300 NTE*ADD (billing note): give it a variant
                v = OUT / f"{kind}_{n}_no_nte.837"
                if not v.exists():
                    with v.open("w") as fh:
                        write_837(
                            _without_notes(generate_claims(kind, n, seed=1)),
                            fh,
                            now=dt.datetime.combine(SUBMITTED, dt.time(9)),
                        )
    return files


def _without_notes(claims):
    for c in claims:
        if c.notes:
            c.notes = []
            c.conditions = ["D2"]
        yield c


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="1,000-claim files only")
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="best of N runs per peer measurement (default 1; floor and teleclaim: best of max(3, N))",
    )
    ap.add_argument("--no-install", action="store_true", help="do not create the venv or pip install peers")
    ap.add_argument("--child", nargs=2, metavar=("TOOL", "FILE"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        _child_main(*a.child)
        return
    print(f"python {sys.version.split()[0]} on {sys.platform}; one core per measurement")
    peers = ensure_peers(install=not a.no_install)
    for tool, st in peers.items():
        print(f"  {tool:<6} {st}")
    files = make_files([1000] if a.quick else [1000, 10000])
    pythons = {"floor": sys.executable, "teleclaim": sys.executable, "pyx12": str(PEER_PY), "lfh": str(PEER_PY)}
    rows = []
    for kind, n, path in files:
        floor_s = None
        for tool in ("floor", "pyx12", "lfh", "teleclaim"):
            if tool in peers and not peers[tool].startswith("ok"):
                rows.append((kind, n, tool, None, None, None, peers[tool]))
                continue
            best: dict | None = None
            variant = path.with_name(path.stem + "_no_nte.837") if tool == "lfh" and kind == "hh" else path
            for _ in range(max(1, a.repeat) if tool in ("pyx12", "lfh") else max(3, a.repeat)):
                res = _run_child(pythons[tool], tool, variant)
                if "error" in res:
                    best = res
                    break
                if best is None or res["seconds"] < best["seconds"]:
                    best = res
            if "error" in best:
                rows.append((kind, n, tool, None, None, None, "failed: " + best["error"]))
                continue
            secs = best["seconds"]
            if tool == "floor":
                floor_s = secs
            note = []
            if best.get("claims") is not None and best["claims"] != n:
                note.append(f"saw {best['claims']} claims")
            if "ok" in best:
                note.append("valid" if best["ok"] else "reported errors")
            if "errors" in best:
                note.append(f"{best['errors']} structural errors")
            if "lib" in best:
                note.append(best["lib"] + (" (variant without 2300 NTE, which it rejects)" if variant != path else ""))
            rows.append(
                (kind, n, tool, n / secs, secs / floor_s if floor_s else None, best["peak_kb"] / 1024, ", ".join(note))
            )
            print(
                f"  {kind} {n:>6} {tool:<9} {n / secs:>10,.0f} claims/s  peak {best['peak_kb'] / 1024:,.0f} MB",
                flush=True,
            )
    print()
    print("| file | tool | claims/s | time vs floor | peak RSS MB | notes |")
    print("|---|---|---:|---:|---:|---|")
    for kind, n, tool, rate, ratio, mb, note in rows:
        label = f"{'837I hh' if kind == 'hh' else '837P th'} {n:,}"
        print(
            f"| {label} | {tool} | {f'{rate:,.0f}' if rate else '-'} | {f'{ratio:,.1f}x' if ratio else '-'} | "
            f"{f'{mb:,.0f}' if mb else '-'} | {note} |"
        )


if __name__ == "__main__":
    main()
