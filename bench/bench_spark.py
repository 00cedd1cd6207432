"""Local engine vs Spark local[1] vs local[2] on the same generated claims, in the same run.

    python bench/bench_spark.py                  # 1,000,000 claims: half in files of --per-file claims
                                                 # (837I and 837P alternately), half in one big 837P file
    python bench/bench_spark.py --n 20000        # a quicker look
    python bench/bench_spark.py --n 20000 --report   # report utilization instead of check

Generates the claims (kept in bench/out/spark/ between runs), then times each engine as a whole
command (`teleclaim check --json FILES > file`, Spark start-up included), checks that every engine
printed the same bytes, and prints claims/s per engine (wall clock, and CPU seconds of the command
and all its descendants: JVM, Python workers, sampled from /proc), the scaling ratio local[2]/local[1] and Spark
local[2] against the local engine. The big file is read in chunks (--chunk claims each), so it is
several tasks. docs/scale.md projects a cluster from these figures. On a shared machine quote the
ratios, and repeat (--repeat) to take the best of each.
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


def _env(chunk: int) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env["TELECLAIM_SPARK_CHUNK_CLAIMS"] = str(chunk)
    return env


def _tc(*args: str, stdout: object = subprocess.DEVNULL, chunk: int = 5000) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "teleclaim.cli.main", *args],
        env=_env(chunk),
        stdout=stdout,
        stderr=subprocess.DEVNULL,
        timeout=7200,
    )


def _gen(kind: str, n: int, name: str, seed: int) -> Path:
    p = OUT / name
    if not p.exists():
        r = _tc("generate", "--kind", kind, "--claims", str(n), "--seed", str(seed), "-o", str(p))
        if r.returncode:
            raise SystemExit(f"teleclaim generate failed for {p}")
    return p


def make_files(n: int, per_file: int) -> list[Path]:
    """n/2 claims in files of ``per_file`` (837I and 837P alternately), n/2 in one big 837P file."""
    OUT.mkdir(parents=True, exist_ok=True)
    files = []
    left, k = n // 2, 0
    while left > 0:
        m = min(per_file, left)
        kind = "hh" if k % 2 == 0 else "th"
        files.append(_gen(kind, m, f"{kind}_{m}_{k:03d}.837", k + 1))
        left -= m
        k += 1
    files.append(_gen("th", n - n // 2, f"big_th_{n - n // 2}.837", 999))
    return files


def _tree_cpu(root: int, seen: dict[int, float]) -> None:
    """Note the CPU seconds so far of ``root`` and every process under it (JVM, Python workers)."""
    tck = os.sysconf("SC_CLK_TCK")
    stats: dict[int, tuple[int, float]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                fields = Path(f"/proc/{name}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tck)
    for pid, (_ppid, cpu) in stats.items():
        q = pid
        for _ in range(8):
            if q == root:
                seen[pid] = max(seen.get(pid, 0.0), cpu)
                break
            q = stats.get(q, (0, 0.0))[0]
            if q <= 1:
                break


def timed(args: list[str], out: Path, chunk: int) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of the command and its descendants, sampled every 0.2 s from /proc,
    digest of what it printed)."""
    seen: dict[int, float] = {}
    t = time.perf_counter()
    with out.open("wb") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "teleclaim.cli.main", *args], env=_env(chunk), stdout=fh, stderr=subprocess.DEVNULL
        )
        while proc.poll() is None:
            _tree_cpu(proc.pid, seen)
            time.sleep(0.2)
    wall = time.perf_counter() - t
    if proc.returncode not in (0, 1):
        raise SystemExit(f"teleclaim {' '.join(args[:4])} ... failed with exit {proc.returncode}")
    return wall, sum(seen.values()), hashlib.sha256(out.read_bytes()).hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", "--claims", dest="n", type=int, default=1_000_000, help="claims in all (default 1M)")
    ap.add_argument("--per-file", type=int, default=50_000, help="claims per file of the several files")
    ap.add_argument("--chunk", type=int, default=5_000, help="claims per chunk of a split file (spark.chunk_claims)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per engine; the best is kept")
    ap.add_argument("--report", action="store_true", help="time `report utilization` instead of `check`")
    a = ap.parse_args(argv)
    files = [str(p) for p in make_files(a.n, a.per_file)]
    size = sum(Path(f).stat().st_size for f in files)
    command = ["report", "utilization", "--format", "json"] if a.report else ["check", "--json"]
    rows = {}
    for label, extra in (
        ("local", []),
        ("spark local[1]", ["--engine", "spark", "--master", "local[1]"]),
        ("spark local[2]", ["--engine", "spark", "--master", "local[2]"]),
    ):
        best = None
        for _ in range(max(1, a.repeat)):
            got = timed([*command, *extra, *files], OUT / f"result_{label.split()[-1]}.json", a.chunk)
            best = got if best is None or got[0] < best[0] else best
        wall, cpu, digest = best  # type: ignore[misc]
        rows[label] = {
            "seconds": round(wall, 1),
            "cpu_seconds": round(cpu, 1),
            "claims_per_s": round(a.n / wall),
            "output_sha256": digest,
        }
    same = len({r["output_sha256"] for r in rows.values()}) == 1
    result = {
        "command": " ".join(command[:2]),
        "claims": a.n,
        "files": len(files),
        "big_file_claims": a.n - a.n // 2,
        "chunk_claims": a.chunk,
        "bytes": size,
        "engines": rows,
        "same_output": same,
        "scaling_local2_vs_local1": round(rows["spark local[1]"]["seconds"] / rows["spark local[2]"]["seconds"], 2),
        "spark2_vs_local": round(rows["local"]["seconds"] / rows["spark local[2]"]["seconds"], 2),
        "spark1_vs_local": round(rows["local"]["seconds"] / rows["spark local[1]"]["seconds"], 2),
        "cores": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(result, indent=2))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
