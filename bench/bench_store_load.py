"""Load run of the shared service: `teleclaim serve --workers N` on PostgreSQL, C concurrent clients
checking claims with history and audit on, for S seconds (bounded; loopback only).

    python bench/bench_store_load.py                       # 4 workers, 20 clients, 30 s, throw-away server
    python bench/bench_store_load.py --url postgresql://...  # an existing (empty) database

Every request sends claims with claim ids of its own, so the expected counts are exact: audit rows =
requests made, history rows = requests x the history records one request's claims produce (measured
first, in process). Prints one JSON summary; exit 1 when anything was lost, doubled or failed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    r = subprocess.run(
        [sys.executable, "-m", "teleclaim.cli.main", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if r.returncode not in (0, 1):
        raise SystemExit(f"teleclaim {' '.join(args)} failed: {r.stderr.strip()}")
    return r.stdout


def _records_per_request(body: str, tmp: Path) -> int:
    """History rows one request's claims produce (checked once in process on a scratch SQLite store)."""
    from teleclaim.settings import Settings
    from teleclaim.store import open_store
    from teleclaim.store.history import History

    f = tmp / "one.837"
    f.write_text(body)
    s = Settings(values={"store.path": str(tmp / "scratch.sqlite3")})
    from teleclaim.service.checking import make_engine, run_check

    run_check([f], make_engine(s, history=True), names=["one.837"])
    return History(open_store(s)).count()


def run(url: str | None, workers: int, clients: int, seconds: float, claims: int) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="teleclaim-load-"))
    server = None
    if not url:
        sys.path.insert(0, str(REPO / "tests"))
        from pgserver import PgServer

        server = PgServer()
        if not server.start():
            raise SystemExit(f"cannot start a PostgreSQL server: {server.why_not}")
        url = server.fresh_database("load")
    env = {
        **os.environ,
        "TELECLAIM_STORE_URL": url,
        "TELECLAIM_STORE": str(tmp / "ref.sqlite3"),
        "TELECLAIM_HISTORY": "1",
        "TELECLAIM_CONFIG_DIR": str(tmp / "cfg"),
        "PYTHONPATH": str(REPO / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""),
    }
    proc = None
    try:
        key = _cli(env, "keys", "create", "load").strip()
        template = _cli(env, "generate", "--kind", "th", "--claims", str(claims))
        per_request = _records_per_request(template, tmp)
        port = _free_port()
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "teleclaim.cli.main",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import httpx

        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        counter = iter(range(10**9))
        lock = threading.Lock()
        results: dict[str, int] = {"requests": 0, "ok": 0, "errors": 0}
        error_samples: list[str] = []
        stop_at = time.monotonic() + seconds

        def client() -> None:
            with httpx.Client(base_url=base, timeout=60, headers={"Authorization": f"Bearer {key}"}) as c:
                while time.monotonic() < stop_at:
                    with lock:
                        n = next(counter)
                    body = re.sub(r"CLM\*([^*~]+)", lambda m, n=n: f"CLM*R{n}-{m.group(1)[-6:]}", template)
                    try:
                        r = c.post("/v1/check", content=body.encode(), headers={"Content-Type": "text/plain"})
                        ok = r.status_code == 200
                        if not ok and len(error_samples) < 5:
                            error_samples.append(f"{r.status_code} {r.text[:200]}")
                    except httpx.HTTPError as exc:
                        ok = False
                        if len(error_samples) < 5:
                            error_samples.append(type(exc).__name__)
                    with lock:
                        results["requests"] += 1
                        results["ok" if ok else "errors"] += 1

        t0 = time.monotonic()
        threads = [threading.Thread(target=client) for _ in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - t0
        import psycopg

        with psycopg.connect(url) as c:
            audit = c.execute("SELECT count(*) FROM audit_log WHERE action = 'POST /v1/check'").fetchone()[0]
            history = c.execute("SELECT count(*) FROM claim_history").fetchone()[0]
        out = {
            "workers": workers,
            "clients": clients,
            "seconds": round(elapsed, 1),
            "claims_per_request": claims,
            **results,
            "requests_per_s": round(results["requests"] / elapsed, 1),
            "audit_rows": audit,
            "history_rows": history,
            "history_rows_expected": results["ok"] * per_request,
            "error_samples": error_samples,
        }
        out["consistent"] = (
            results["errors"] == 0 and audit == results["requests"] and history == results["ok"] * per_request
        )
        return out
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        if server is not None:
            server.stop()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", help="postgresql:// URL of an empty database (default: a throw-away server)")
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--claims", type=int, default=5, help="claims per request")
    a = ap.parse_args(argv)
    out = run(a.url, a.workers, min(a.clients, 64), min(a.seconds, 600.0), a.claims)
    print(json.dumps(out, indent=2))
    return 0 if out["consistent"] else 1


if __name__ == "__main__":
    sys.exit(main())
