"""Progress of long runs on standard error, drawn with rich when standard error is a terminal
(and the terminal tests the commands share: ``stderr_is_terminal``, ``stdout_is_terminal``).

Files (k of n), bytes read of the total, claims and claims per second, and the time left. It is
never drawn when standard error is not a terminal (pipes, CI logs, tests) or with ``--quiet``, and
never touches standard output (where JSON goes).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click


def quiet_option(fn: Any) -> Any:
    return click.option(
        "-q",
        "--quiet",
        is_flag=True,
        default=False,
        help="No progress display on standard error (it is shown only on a terminal).",
    )(fn)


def stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


class RichProgress:
    """The ``Progress`` of ``service.check_stream``: one bar over the bytes of every file."""

    def __init__(self, paths: list[Path], console: Any = None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.sizes = [p.stat().st_size if p.is_file() else 0 for p in paths]
        self.n_files, self.done_bytes, self.file_no, self.started = len(paths), 0, 0, time.monotonic()
        self.size = 0
        self.bar = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TextColumn("{task.fields[claims]:,} claims ({task.fields[rate]:,.0f}/s)"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console or Console(stderr=True, force_terminal=True),
            transient=True,
            refresh_per_second=4,
            redirect_stdout=False,
            redirect_stderr=False,
        )  # stdout is the JSON: never draw there
        self.task = self.bar.add_task("checking", total=sum(self.sizes) or None, claims=0, rate=0.0)

    def __enter__(self) -> RichProgress:
        self.bar.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.bar.stop()

    def start_file(self, name: str, size: int) -> None:
        self.file_no += 1
        self.size = size
        short = name if len(name) <= 40 else "…" + name[-39:]
        self.bar.update(self.task, description=f"file {self.file_no}/{self.n_files} {short}")

    def advance(self, bytes_read: int, claims: int) -> None:
        rate = claims / max(time.monotonic() - self.started, 1e-6)
        self.bar.update(
            self.task,
            completed=self.done_bytes + min(bytes_read, self.size) if bytes_read else None,
            claims=claims,
            rate=rate,
        )

    def end_file(self) -> None:
        self.done_bytes += self.size
        self.bar.update(self.task, completed=self.done_bytes)
