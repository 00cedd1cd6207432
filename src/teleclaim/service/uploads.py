"""Claim files arriving from outside: the one file-type sniff and the one upload spool.

``kind_of(path)`` says what a file holds (``"x12"`` or ``"json"``) by its content, for ``check`` from
the CLI, the API and the web upload alike. ``Spool`` copies a stream (an HTTP body, a web upload,
standard input) to a temporary file chunk by chunk, refusing more than ``limit`` bytes, so memory
stays flat whatever the size; the caller deletes the file (``Spool.discard``).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from teleclaim.errors import InputError


class TooLargeError(InputError):
    """More bytes than the configured limit (``server.max_body_bytes``)."""

    status = 413  # the HTTP faces answer 413


def kind_of(path: Path, name: str | None = None) -> str:
    """``"x12"`` or ``"json"`` (JSON lines or one document), decided by the content; ``"unknown"``
    otherwise (a ``.json``/``.jsonl`` name counts as JSON). Missing and empty files are refused."""
    from teleclaim.x12 import sniff

    shown = name or str(path)
    if not path.is_file():
        raise InputError(f"{shown}: file not found.", code="file_not_found", file=shown)
    with path.open("rb") as fh:
        head = fh.read(4096)
    if not head.strip(b"\xef\xbb\xbf \t\r\n"):
        raise InputError(
            f"{shown}: the file is empty; give an X12 837 file or claims in the JSON claim form.",
            code="empty_file",
            file=shown,
        )
    kind = sniff(head)
    if kind == "unknown" and (
        path.suffix.lower() in (".json", ".jsonl") or Path(name or "").suffix.lower() in (".json", ".jsonl")
    ):
        kind = "json"
    if kind in ("utf16", "binary"):  # the reader refuses it with the reason (save as UTF-8; not text)
        kind = "x12"
    return kind


def upload_name(path: Path, content_type: str = "") -> str:
    """The name an unnamed upload's findings carry: ``upload.json`` for JSON claims, else ``upload.837``.
    The body decides before the Content-Type (``curl --data-binary`` sends form-urlencoded)."""
    from teleclaim.x12 import sniff

    with path.open("rb") as fh:
        kind = sniff(fh.read(4096))
    return "upload.json" if kind == "json" or (kind == "unknown" and "json" in content_type) else "upload.837"


class Spool:
    """A temporary file filled chunk by chunk, at most ``limit`` bytes (``None``: no limit)."""

    def __init__(
        self,
        limit: int | None = None,
        *,
        folder: str | Path | None = None,
        suffix: str = ".upload",
        what: str = "the body",
        setting: str = "server.max_body_bytes",
    ) -> None:
        self.limit, self.what, self.setting = limit, what, setting
        fd, name = tempfile.mkstemp(prefix="teleclaim-", suffix=suffix, dir=folder)
        self.path = Path(name)
        self.size = 0
        self._fh: BinaryIO | None = os.fdopen(fd, "wb")

    def check_declared(self, declared: int | None) -> None:
        """Refuse early when the announced size (Content-Length) is already too large."""
        if declared is not None and self.limit is not None and declared > self.limit:
            self.discard()
            raise TooLargeError(
                f"{self.what} is {declared:,} bytes; at most {self.limit:,} are accepted (split "
                f"the file, or raise {self.setting})",
                code="body_too_large",
                limit=self.limit,
            )

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.limit is not None and self.size > self.limit:
            self.discard()
            raise TooLargeError(
                f"{self.what} is larger than {self.limit:,} bytes (split the file, or raise {self.setting})",
                code="body_too_large",
                limit=self.limit,
            )
        assert self._fh is not None
        self._fh.write(chunk)

    def close(self) -> Path:
        """The finished file (``path``)."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        return self.path

    def discard(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        self.path.unlink(missing_ok=True)


def spool_stream(
    chunks: Iterable[bytes],
    limit: int | None = None,
    *,
    folder: str | Path | None = None,
    suffix: str = ".upload",
    what: str = "the body",
    setting: str = "server.max_body_bytes",
) -> Path:
    """All of ``chunks`` in a temporary file (the caller deletes it); the options are ``Spool``'s."""
    sp = Spool(limit, folder=folder, suffix=suffix, what=what, setting=setting)
    try:
        for chunk in chunks:
            sp.write(chunk)
    except BaseException:
        sp.discard()
        raise
    return sp.close()


def stdin_chunks(size: int = 1 << 20) -> Iterable[bytes]:
    import sys

    while chunk := sys.stdin.buffer.read(size):
        yield chunk


def read_json_claims(path: Path, name: str | None = None) -> Iterator[Any]:
    """The claims of a JSON claim-form file (one document, a list, or JSON lines), each with its source."""
    from teleclaim.model.claim import SourceLocation
    from teleclaim.model.jsonform import claim_from_json

    name = name or str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not a text file (byte {exc.start} is not UTF-8); give an X12 837 file or "
            "claims in the JSON claim form, saved as UTF-8.",
            code="not_text",
            file=name,
        ) from None

    def lines() -> list[tuple[str, Any]]:
        out = []
        for i, ln in enumerate(text.splitlines(), 1):
            if ln.strip():
                try:
                    out.append((f"{name}:{i}", json.loads(ln)))
                except json.JSONDecodeError as exc:
                    raise InputError(
                        f"{name}: line {i} is not valid JSON ({exc.msg} at column {exc.colno}); "
                        "each line of a JSON lines file holds one claim.",
                        code="invalid_json",
                        file=name,
                        line=i,
                    ) from None
        return out

    try:
        if path.suffix.lower() == ".jsonl":
            objs = lines()
        else:
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                if exc.msg != "Extra data":
                    raise
                objs = lines()  # JSON lines under another name (`teleclaim read --format jsonl > c.json`)
            else:
                objs = [(f"{name}#/{i}", o) for i, o in enumerate(data)] if isinstance(data, list) else [(name, data)]
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{name}: not valid JSON ({exc.msg} at line {exc.lineno}).", code="invalid_json", file=name, line=exc.lineno
        ) from None
    for where, obj in objs:
        claim = claim_from_json(obj, where=where)
        if claim.source is None:
            claim.source = SourceLocation(file=name)
        yield claim
