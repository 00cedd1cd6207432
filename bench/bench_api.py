"""REST API speed: look-up latency, check throughput against the CLI, and a bounded load run.

Usage: python bench/bench_api.py [--claims 10000] [--clients 20] [--seconds 30] [--lookups 2000]

Starts `teleclaim serve` (uvicorn, 1 worker) on 127.0.0.1 with a temporary store and, in the same run:
  1. GET /v1/codes/G0321 sequentially over one keep-alive connection: p50/p99 latency (goal p99 < 5 ms);
  2. POST /v1/check with a generated N-claim 837I vs `teleclaim check FILE --format json` on the same
     file (both end to end, the CLI including its start-up): claims/s and the ratio (goal >= 80 %);
  3. a load run: C concurrent clients for S seconds mixing look-ups, searches and rule pages:
     requests/s, p99 and the error count (goal: zero errors).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--lookups", type=int, default=2000)
    a = ap.parse_args()
    import httpx

    tmp = Path(tempfile.mkdtemp(prefix="teleclaim-bench-api-"))
    env = {**os.environ, "TELECLAIM_STORE": str(tmp / "store.sqlite3"), "TELECLAIM_CONFIG_DIR": str(tmp / "cfg")}
    key = subprocess.run(
        [sys.executable, "-m", "teleclaim.cli.main", "keys", "create", "bench"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "teleclaim.api.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(400):
            try:
                if httpx.get(base + "/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        with httpx.Client(base_url=base) as c:
            c.get("/v1/codes/G0321")  # warm the reference index
            lat = []
            for _ in range(a.lookups):
                t = time.perf_counter()
                r = c.get("/v1/codes/G0321", params={"on": "2026-01-05"})
                lat.append((time.perf_counter() - t) * 1000)
                assert r.status_code == 200
        print(
            f"GET /v1/codes/G0321 x{a.lookups}: p50 {statistics.median(lat):.2f} ms, p99 {pct(lat, 99):.2f} ms "
            f"(goal p99 < 5 ms)"
        )

        sys.path.insert(0, str(HERE.parent / "src"))
        from teleclaim.x12.generate import SUBMITTED, generate_x12

        f = tmp / "hh.837"
        f.write_text(generate_x12("hh", a.claims))
        t = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "teleclaim.cli.main",
                "check",
                str(f),
                "--format",
                "json",
                "--as-of",
                SUBMITTED.isoformat(),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            check=False,
        )
        cli = time.perf_counter() - t
        with httpx.Client(base_url=base, timeout=600) as c:
            t = time.perf_counter()
            with f.open("rb") as fh:
                r = c.post(
                    "/v1/check",
                    params={"as_of": SUBMITTED.isoformat()},
                    content=fh,
                    headers={"Authorization": f"Bearer {key}"},
                )
            api = time.perf_counter() - t
        assert r.status_code == 200, r.text[:300]
        n = r.json()["summary"]["claims"]
        print(
            f"check {n} claims ({f.stat().st_size / 1e6:.1f} MB): CLI {n / cli:,.0f} claims/s ({cli:.2f} s), "
            f"API {n / api:,.0f} claims/s ({api:.2f} s): API/CLI {cli / api:.0%} (goal >= 80 %)"
        )

        paths = [
            "/v1/codes/G0321",
            "/v1/codes/99213?on=2026-01-05",
            "/v1/search?q=nurse%20phone%20call",
            "/v1/search?q=remote%20monitoring&system=cpt",
            "/v1/rules/TH011",
            "/v1/codes/G0154?on=2016-01-04",
        ]
        lats: list[float] = []
        errors = [0]
        lock = threading.Lock()
        stop = time.perf_counter() + a.seconds

        def client(i: int) -> None:
            mine, bad = [], 0
            with httpx.Client(base_url=base, timeout=30) as c:
                k = i
                while time.perf_counter() < stop:
                    t0 = time.perf_counter()
                    try:
                        ok = c.get(paths[k % len(paths)]).status_code == 200
                    except httpx.HTTPError:
                        ok = False
                    mine.append((time.perf_counter() - t0) * 1000)
                    bad += not ok
                    k += 1
            with lock:
                lats.extend(mine)
                errors[0] += bad

        threads = [threading.Thread(target=client, args=(i,)) for i in range(a.clients)]
        t = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        took = time.perf_counter() - t
        print(
            f"load: {a.clients} clients x {a.seconds:g} s: {len(lats):,} requests, {len(lats) / took:,.0f} req/s, "
            f"p50 {statistics.median(lats):.1f} ms, p99 {pct(lats, 99):.1f} ms, errors {errors[0]}"
        )
    finally:
        srv.terminate()
        srv.wait(timeout=10)


if __name__ == "__main__":
    main()
