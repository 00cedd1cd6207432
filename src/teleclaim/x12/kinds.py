"""The structural problem kinds of X12 reading: stable rule codes and their 999 (IK3/IK4/IK5) codes.

The one table the reader (``x12.problems``), the 999 writer (``x12.ack``) and the rules catalog
(``rules.structural``) read. It is pure data that imports nothing from teleclaim, so the layer
table (``tests/test_layers.py``) declares this one module on the core floor: the catalog lists the
``X12...`` codes from it without depending on the reader. Add kinds at the end; never reuse or
renumber a code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ProblemKind:
    code: str  # X12001...
    name: str  # kebab-case
    ik3: str | None  # 999 IK304 segment syntax error code
    ik4: str | None  # 999 IK403 element syntax error code
    ik5: str | None  # 999 IK502 transaction set syntax error code (envelope problems)
    fix: str
    ta105: str | None = None  # TA1 interchange note code, for interchange-level problems
    ta104: str | None = None  # TA1 acknowledgment code: R (cannot be processed) or E (processed with errors)


#: The one table: problem kind -> 999 codes (X12 005010X231A1 code lists) and, for interchange-level
#: problems, the TA1 note code (TA105) and acknowledgment code (TA104). ISA element problems take the
#: TA105 code of their element (``teleclaim.x12.ack.ISA_NOTES``).
KINDS: dict[str, ProblemKind] = {
    k.code: k
    for k in [
        ProblemKind(
            "X12001",
            "interchange-control-mismatch",
            None,
            None,
            None,
            "Make IEA02 equal to ISA13 (the interchange control number).",
            "001",
            "E",
        ),
        ProblemKind(
            "X12002",
            "interchange-count-wrong",
            None,
            None,
            None,
            "Set IEA01 to the number of functional groups (GS) in the interchange.",
            "021",
            "E",
        ),
        ProblemKind(
            "X12003", "group-control-mismatch", None, None, None, "Make GE02 equal to GS06 (the group control number)."
        ),
        ProblemKind(
            "X12004",
            "group-count-wrong",
            None,
            None,
            None,
            "Set GE01 to the number of transaction sets (ST) in the group.",
        ),
        ProblemKind(
            "X12005",
            "transaction-control-mismatch",
            None,
            None,
            "3",
            "Make SE02 equal to ST02 (the transaction set control number).",
        ),
        ProblemKind(
            "X12006",
            "segment-count-wrong",
            None,
            None,
            "4",
            "Set SE01 to the number of segments from ST to SE inclusive.",
        ),
        ProblemKind(
            "X12007",
            "unrecognized-segment",
            "1",
            None,
            None,
            "Remove the segment or correct its identifier; it is not part of this transaction.",
        ),
        ProblemKind(
            "X12008",
            "unexpected-segment",
            "2",
            None,
            None,
            "Move the segment to the loop where the implementation guide places it, or remove it.",
        ),
        ProblemKind(
            "X12009",
            "required-segment-missing",
            "3",
            None,
            None,
            "Add the segment; the implementation guide requires it in this loop.",
        ),
        ProblemKind(
            "X12010",
            "loop-repeats-too-often",
            "4",
            None,
            None,
            "Split the data: this loop may not repeat that many times.",
        ),
        ProblemKind(
            "X12011", "segment-repeats-too-often", "5", None, None, "Remove the extra occurrences of this segment."
        ),
        ProblemKind(
            "X12012",
            "required-element-missing",
            "8",
            "1",
            None,
            "Fill in the element; the implementation guide requires it.",
        ),
        ProblemKind(
            "X12013",
            "element-too-short",
            "8",
            "4",
            None,
            "Lengthen the value to the minimum length the element allows.",
        ),
        ProblemKind(
            "X12014", "element-too-long", "8", "5", None, "Shorten the value to the maximum length the element allows."
        ),
        ProblemKind(
            "X12015",
            "invalid-character",
            "8",
            "6",
            None,
            "Remove characters that the element's data type does not allow.",
        ),
        ProblemKind(
            "X12016",
            "invalid-code-value",
            "8",
            "7",
            None,
            "Use one of the code values the implementation guide lists for this element.",
        ),
        ProblemKind(
            "X12017",
            "invalid-date",
            "8",
            "8",
            None,
            "Write the date as CCYYMMDD (or CCYYMMDD-CCYYMMDD for a range) with a real calendar date.",
        ),
        ProblemKind(
            "X12018",
            "invalid-number",
            "8",
            "6",
            None,
            "Write a plain number (digits, one optional decimal point, optional leading minus).",
        ),
        ProblemKind(
            "X12019", "too-many-elements", "8", "3", None, "Remove the extra elements at the end of the segment."
        ),
        ProblemKind(
            "X12020",
            "hl-structure-invalid",
            "8",
            "7",
            None,
            "Number HL segments 1, 2, 3 ... in order and point each HL02 at an existing parent HL.",
        ),
        ProblemKind(
            "X12021",
            "segment-not-in-transaction",
            None,
            None,
            None,
            "Put every segment between ST and SE, and every ST inside a GS/GE group.",
            "024",
            "R",
        ),
        ProblemKind(
            "X12022",
            "missing-trailer",
            None,
            None,
            "2",
            "Close the transaction set with SE, the group with GE and the interchange with IEA.",
        ),
        ProblemKind(
            "X12023",
            "claim-unreadable",
            "8",
            None,
            None,
            "Correct the claim's segments; the claim could not be read into the model.",
        ),
        ProblemKind(
            "X12024",
            "segment-not-in-transaction-set",
            "6",
            None,
            None,
            "Remove the segment: it is an X12 segment of another transaction set, not defined in the 837.",
        ),
    ]
}
