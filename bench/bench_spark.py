"""Local engine vs Spark local[1] vs local[2] on the same generated claims, in the same run.

    python bench/bench_spark.py                      # 1,000,000 claims (837I and 837P, half each)
    python bench/bench_spark.py --claims 100000      # a quicker look

Generates the claims into files of --per-file claims (kept in bench/out/spark/ between runs), then
times each engine as a whole command (`teleclaim check --json FILES > /dev/null`, Spark start-up
included) and checks that every engine printed the same findings. Prints claims/s per engine and
the scaling ratio local[2]/local[1]; docs/scale.md projects a cluster from these figures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out" / "spark"


def _tc(*args: str, stdout: object = subprocess.DEVNULL) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run(
        [sys.executable, "-m", "teleclaim.cli.main", *args],
        env=env,
        stdout=stdout,
        stderr=subprocess.DEVNULL,
        timeout=7200,
    )


def make_files(claims: int, per_file: int) -> list[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    files = []
    half = claims // 2
    for kind in ("hh", "th"):
        left, n = half, 0
        while left > 0:
            k = min(per_file, left)
            p = OUT / f"{kind}_{k}_{n:03d}.837"
            if not p.exists():
                _tc("generate", "--kind", kind, "--claims", str(k), "-o", str(p))
            files.append(p)
            left -= k
            n += 1
    return files


def timed(args: list[str], out: Path) -> tuple[float, str]:
    t = time.perf_counter()
    with out.open("wb") as fh:
        r = _tc(*args, stdout=fh)
    dt = time.perf_counter() - t
    if r.returncode not in (0, 1):
        raise SystemExit(f"teleclaim {' '.join(args[:3])} ... failed with exit {r.returncode}")
    digest = hashlib.sha256(out.read_bytes()).hexdigest()[:16]
    return dt, digest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--per-file", type=int, default=50_000)
    a = ap.parse_args(argv)
    files = [str(p) for p in make_files(a.claims, a.per_file)]
    size = sum(Path(f).stat().st_size for f in files)
    rows = {}
    for label, extra in (
        ("local", []),
        ("spark local[1]", ["--engine", "spark", "--master", "local[1]"]),
        ("spark local[2]", ["--engine", "spark", "--master", "local[2]"]),
    ):
        secs, digest = timed(["check", "--json", *extra, *files], OUT / f"result_{label.split()[-1]}.json")
        rows[label] = {"seconds": round(secs, 1), "claims_per_s": round(a.claims / secs), "output_sha256": digest}
    same = len({r["output_sha256"] for r in rows.values()}) == 1
    result = {
        "claims": a.claims,
        "files": len(files),
        "bytes": size,
        "engines": rows,
        "same_findings": same,
        "scaling_local2_vs_local1": round(rows["spark local[1]"]["seconds"] / rows["spark local[2]"]["seconds"], 2),
        "spark2_vs_local": round(rows["local"]["seconds"] / rows["spark local[2]"]["seconds"], 2),
        "cores": os.cpu_count(),
    }
    print(json.dumps(result, indent=2))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
