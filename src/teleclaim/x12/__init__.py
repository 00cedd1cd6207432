"""X12 5010 837I/837P: streaming reader with structural checks, writer, 999 acknowledgments.

Public face: ``X12Reader`` (``reader.claims()``, ``reader.errors``), ``read_claims``, ``sniff``,
``write_837`` / ``X12Writer``, ``acknowledge``; the info objects ``InterchangeInfo``,
``GroupInfo``, ``TransactionInfo``; ``StructuralError`` and ``UnsupportedFileError``.
"""

from teleclaim.x12.kinds import KINDS
from teleclaim.x12.problems import SUPPORTED, StructuralError, UnsupportedFileError
from teleclaim.x12.reader import GroupInfo, InterchangeInfo, TransactionInfo, X12Reader, read_claims
from teleclaim.x12.tokens import sniff

__all__ = [
    "KINDS",
    "SUPPORTED",
    "GroupInfo",
    "InterchangeInfo",
    "StructuralError",
    "TransactionInfo",
    "UnsupportedFileError",
    "X12Reader",
    "read_claims",
    "sniff",
]
