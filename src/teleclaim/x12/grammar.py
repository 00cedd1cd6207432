"""The 837 loop tree and element rules the reader checks (5010 837I X223 and 837P X222).

Loop tree (one transaction set; ``*`` marks the loops whose data the model carries)::

    ST BHT                                    header
      1000A* NM1*41 N2 PER                    submitter
      1000B* NM1*40 N2                        receiver
      2000A* HL*20 PRV CUR                    billing provider level
        2010AA* NM1*85 N3 N4 REF PER          billing provider      (required, once)
        2010AB* NM1*87 N3 N4                  pay-to address        (once)
        2010AC  NM1*PE N3 N4 REF              pay-to plan           (once)
        2000B* HL*22 SBR PAT                  subscriber level      (SBR required)
          2010BA* NM1*IL N3 N4 DMG REF PER    subscriber            (required, once)
          2010BB* NM1*PR N3 N4 REF            payer                 (required, once)
          2000C* HL*23 PAT                    patient level         (PAT required)
            2010CA* NM1*QC N3 N4 DMG REF PER  patient               (required, once)
          2300* CLM DTP CL1 PWK CN1 AMT REF K3 NTE CR1 CR2 CRC HI HCP     claim (under 2000B or 2000C)
            2310x* NM1 PRV N3 N4 REF PER      claim providers (71 attending, 82 rendering, 77 facility,
                                              DN referring ...; each entity once)
            2320  SBR CAS AMT OI MIA MOA      other subscriber
              2330x NM1 N3 N4 DTP REF         other subscriber's parties
            2400* LX SV1|SV2|SV5 PWK CR1 CR3 CRC DTP QTY MEA CN1 REF AMT K3 NTE PS1 HCP   service line
              2410 LIN CTP REF                drug
              2420x* NM1 PRV N3 N4 REF PER    line providers
              2430 SVD CAS DTP AMT            line adjudication
              2440 LQ FRM                     form
    SE

Within a loop, segments must come in the order listed (``members``); a segment that starts a child
loop closes the parent's own segments. ``LOOPS[name] = (members, children)`` where ``children``
maps a starting segment id to a child loop name, or to ``{NM101 qualifier: loop}``.
"""

from __future__ import annotations

_NAME = ("NM1", "N2", "PRV", "N3", "N4", "DMG", "DTP", "REF", "PER")
_PARTY_CODES = ("71", "72", "ZZ", "82", "77", "DN", "DK", "DQ", "P3", "QB", "PW", "45")
_CLAIM_PARTIES = dict.fromkeys(_PARTY_CODES, "2310")
_LINE_PARTIES = dict.fromkeys(_PARTY_CODES, "2420")
_OTHER_PAYER = dict.fromkeys(("IL", "PR", "85", *_PARTY_CODES), "2330")

#: loop names as the implementation guides letter them, by claim kind and NM101
PARTY_LOOPS = {
    ("837I", "2310"): {"71": "2310A", "72": "2310B", "ZZ": "2310C", "82": "2310D", "77": "2310E", "DN": "2310F"},
    ("837P", "2310"): {
        "DN": "2310A",
        "P3": "2310A",
        "82": "2310B",
        "77": "2310C",
        "DQ": "2310D",
        "PW": "2310E",
        "45": "2310F",
    },
    ("837I", "2420"): {"72": "2420A", "ZZ": "2420B", "82": "2420C", "DN": "2420D"},
    ("837P", "2420"): {
        "82": "2420A",
        "QB": "2420B",
        "77": "2420C",
        "DQ": "2420D",
        "DK": "2420E",
        "DN": "2420F",
        "P3": "2420F",
        "PW": "2420G",
        "45": "2420H",
    },
    ("", "2330"): {
        "IL": "2330A",
        "PR": "2330B",
        "DN": "2330C",
        "P3": "2330C",
        "82": "2330D",
        "77": "2330E",
        "DQ": "2330F",
        "85": "2330G",
        "71": "2330B",
        "72": "2330C",
        "ZZ": "2330D",
    },
}

LOOPS: dict[str, tuple[tuple[str, ...], dict[str, object]]] = {
    "HEADER": (("ST", "BHT", "REF"), {"NM1": {"41": "1000A", "40": "1000B"}}),
    "1000A": (_NAME, {}),
    "1000B": (_NAME, {}),
    "2000A": (("HL", "PRV", "CUR"), {"NM1": {"85": "2010AA", "87": "2010AB", "PE": "2010AC"}}),
    "2000B": (("HL", "SBR", "PAT"), {"NM1": {"IL": "2010BA", "PR": "2010BB"}, "CLM": "2300"}),
    "2000C": (("HL", "PAT"), {"NM1": {"QC": "2010CA"}, "CLM": "2300"}),
    "2300": (
        ("CLM", "DTP", "CL1", "PWK", "CN1", "AMT", "REF", "K3", "NTE", "CR1", "CR2", "CRC", "HI", "HCP"),
        {"NM1": _CLAIM_PARTIES, "SBR": "2320", "LX": "2400"},
    ),
    "2320": (("SBR", "CAS", "AMT", "OI", "MIA", "MOA"), {"NM1": _OTHER_PAYER}),
    "2400": (
        (
            "LX",
            "SV1",
            "SV2",
            "SV5",
            "PWK",
            "CR1",
            "CR3",
            "CRC",
            "DTP",
            "QTY",
            "MEA",
            "CN1",
            "REF",
            "AMT",
            "K3",
            "NTE",
            "PS1",
            "HCP",
        ),
        {"LIN": "2410", "NM1": _LINE_PARTIES, "SVD": "2430", "LQ": "2440"},
    ),
    "2410": (("LIN", "CTP", "REF"), {}),
    "2430": (("SVD", "CAS", "DTP", "AMT"), {}),
    "2440": (("LQ", "FRM"), {}),
}
for _loop in ("2010AA", "2010AB", "2010AC", "2010BA", "2010BB", "2010CA", "2310", "2330", "2420", "NAME?"):
    LOOPS[_loop] = (_NAME, {})

#: children that may occur only once per parent loop instance (2310/2420/2330: once per NM101)
ONCE = {"1000A", "1000B", "2010AA", "2010AB", "2010AC", "2010BA", "2010BB", "2010CA", "2410", "2310", "2420", "2330"}
#: segments that occur at most once in their loop
SINGLE = {"BHT", "CLM", "CL1", "LX", "SV1", "SV2", "HL", "SBR", "PAT", "DMG", "N3", "N4", "PRV", "NM1", "CUR"}
#: parent of each loop (for "which level am I in")
LEVEL_OF_HL = {"20": "2000A", "22": "2000B", "23": "2000C"}
HL_PARENT_LEVEL = {"20": None, "22": "20", "23": "22"}

# element rules: segment -> {position: (type, min, max, required)}; types AN ID N0 R DT TM C (composite)
AN, ID, N0, R, DT, TM, C = "AN", "ID", "N0", "R", "DT", "TM", "C"
ELEMENTS: dict[str, dict[int, tuple[str, int, int, bool]]] = {
    "GS": {
        1: (ID, 2, 2, True),
        2: (AN, 2, 15, True),
        3: (AN, 2, 15, True),
        4: (DT, 8, 8, True),
        5: (TM, 4, 8, True),
        6: (N0, 1, 9, True),
        7: (ID, 1, 2, True),
        8: (AN, 1, 12, True),
    },
    "GE": {1: (N0, 1, 6, True), 2: (N0, 1, 9, True)},
    "IEA": {1: (N0, 1, 5, True), 2: (N0, 9, 9, True)},
    "ST": {1: (ID, 3, 3, True), 2: (AN, 4, 9, True), 3: (AN, 1, 35, False)},
    "SE": {1: (N0, 1, 10, True), 2: (AN, 4, 9, True)},
    "BHT": {
        1: (ID, 4, 4, True),
        2: (ID, 2, 2, True),
        3: (AN, 1, 50, True),
        4: (DT, 8, 8, True),
        5: (TM, 4, 8, True),
        6: (ID, 2, 2, False),
    },
    "NM1": {
        1: (ID, 2, 3, True),
        2: (ID, 1, 1, True),
        3: (AN, 1, 60, False),
        4: (AN, 1, 35, False),
        5: (AN, 1, 25, False),
        6: (AN, 1, 10, False),
        7: (AN, 1, 10, False),
        8: (ID, 1, 2, False),
        9: (AN, 2, 80, False),
        10: (ID, 2, 2, False),
        11: (ID, 2, 3, False),
        12: (AN, 1, 60, False),
    },
    "N2": {1: (AN, 1, 60, True), 2: (AN, 1, 60, False)},
    "N3": {1: (AN, 1, 55, True), 2: (AN, 1, 55, False)},
    "N4": {
        1: (AN, 2, 30, True),
        2: (ID, 2, 2, False),
        3: (ID, 3, 15, False),
        4: (ID, 2, 3, False),
        5: (ID, 1, 2, False),
        6: (AN, 1, 30, False),
        7: (ID, 1, 3, False),
    },
    "REF": {1: (ID, 2, 3, True), 2: (AN, 1, 50, False), 3: (AN, 1, 80, False), 4: (C, 0, 0, False)},
    "PER": {
        1: (ID, 2, 2, True),
        2: (AN, 1, 60, False),
        3: (ID, 2, 2, False),
        4: (AN, 1, 256, False),
        5: (ID, 2, 2, False),
        6: (AN, 1, 256, False),
        7: (ID, 2, 2, False),
        8: (AN, 1, 256, False),
        9: (AN, 1, 20, False),
    },
    "HL": {1: (AN, 1, 12, True), 2: (AN, 1, 12, False), 3: (ID, 1, 2, True), 4: (ID, 1, 1, False)},
    "PRV": {
        1: (ID, 1, 3, True),
        2: (ID, 2, 3, True),
        3: (AN, 1, 50, True),
        4: (ID, 2, 2, False),
        5: (C, 0, 0, False),
        6: (ID, 3, 3, False),
    },
    "CUR": {1: (ID, 2, 3, True), 2: (ID, 3, 3, True)},
    "SBR": {
        1: (ID, 1, 1, True),
        2: (ID, 2, 2, False),
        3: (AN, 1, 50, False),
        4: (AN, 1, 60, False),
        5: (ID, 1, 3, False),
        6: (ID, 1, 1, False),
        7: (ID, 1, 1, False),
        8: (ID, 2, 2, False),
        9: (ID, 1, 2, False),
    },
    "PAT": {
        1: (ID, 2, 2, False),
        2: (ID, 1, 1, False),
        3: (ID, 1, 2, False),
        4: (ID, 1, 1, False),
        5: (ID, 2, 3, False),
        6: (AN, 1, 35, False),
        7: (ID, 2, 2, False),
        8: (R, 1, 10, False),
        9: (ID, 1, 1, False),
    },
    "DMG": {1: (ID, 2, 3, False), 2: (AN, 1, 35, False), 3: (ID, 1, 1, False)},
    "CLM": {
        1: (AN, 1, 38, True),
        2: (R, 1, 18, True),
        3: (ID, 1, 2, False),
        4: (ID, 1, 2, False),
        5: (C, 0, 0, True),
        6: (ID, 1, 1, False),
        7: (ID, 1, 1, False),
        8: (ID, 1, 1, False),
        9: (ID, 1, 1, False),
        10: (ID, 1, 1, False),
        11: (C, 0, 0, False),
        12: (ID, 2, 3, False),
        13: (ID, 1, 1, False),
        14: (ID, 1, 1, False),
        15: (ID, 1, 1, False),
        16: (ID, 1, 2, False),
        17: (ID, 1, 1, False),
        18: (ID, 1, 1, False),
        19: (ID, 2, 3, False),
        20: (ID, 1, 2, False),
    },
    "DTP": {1: (ID, 3, 3, True), 2: (ID, 2, 3, True), 3: (AN, 1, 35, True)},
    "CL1": {1: (ID, 1, 1, False), 2: (ID, 1, 2, False), 3: (ID, 1, 2, False), 4: (ID, 1, 1, False)},
    "HI": {i: (C, 0, 0, i == 1) for i in range(1, 13)},
    "NTE": {1: (ID, 3, 3, False), 2: (AN, 1, 80, True)},
    "LX": {1: (N0, 1, 6, True)},
    "SV1": {
        1: (C, 0, 0, True),
        2: (R, 1, 18, True),
        3: (ID, 2, 2, True),
        4: (R, 1, 15, True),
        5: (AN, 1, 2, False),
        6: (AN, 1, 2, False),
        7: (C, 0, 0, False),
        8: (AN, 1, 2, False),
        9: (ID, 1, 1, False),
        10: (ID, 1, 2, False),
        11: (ID, 1, 1, False),
        12: (ID, 1, 1, False),
        13: (ID, 1, 1, False),
        14: (ID, 1, 1, False),
        15: (ID, 1, 1, False),
        16: (ID, 1, 1, False),
        17: (R, 1, 15, False),
        18: (ID, 1, 1, False),
        19: (ID, 1, 1, False),
        20: (ID, 1, 2, False),
        21: (ID, 1, 3, False),
    },
    "SV2": {
        1: (AN, 1, 48, True),
        2: (C, 0, 0, False),
        3: (R, 1, 18, False),
        4: (ID, 2, 2, False),
        5: (R, 1, 15, False),
        6: (R, 1, 10, False),
        7: (R, 1, 18, False),
        8: (ID, 1, 1, False),
        9: (ID, 1, 1, False),
        10: (ID, 1, 2, False),
    },
}
#: segments with a known maximum number of elements (more is X12019), beyond those in ELEMENTS
MAX_ELEMENTS = {
    **{k: max(v) for k, v in ELEMENTS.items()},
    "AMT": 3,
    "PWK": 9,
    "CN1": 6,
    "K3": 3,
    "CR1": 10,
    "CR2": 12,
    "CRC": 7,
    "HCP": 15,
    "SVD": 7,
    "CAS": 19,
    "OI": 6,
    "MOA": 9,
    "MIA": 24,
    "LIN": 31,
    "CTP": 11,
    "QTY": 4,
    "MEA": 12,
    "PS1": 3,
    "CR3": 5,
    "LQ": 2,
    "FRM": 5,
    "SV5": 7,
}

#: code lists checked (segment, position) -> allowed values (only where a wrong value breaks reading)
CODES: dict[tuple[str, int], frozenset[str]] = {
    ("GS", 1): frozenset({"HC"}),
    ("ST", 1): frozenset({"837"}),
    ("BHT", 1): frozenset({"0019"}),
    ("BHT", 2): frozenset({"00", "18"}),
    ("BHT", 6): frozenset({"CH", "RP", "31"}),
    ("NM1", 2): frozenset({"1", "2"}),
    ("NM1", 8): frozenset({"XX", "46", "PI", "MI", "24", "34", "II", "ZZ", "FI", "SV", "XV", "EI", "PC"}),
    ("HL", 3): frozenset({"20", "22", "23"}),
    ("HL", 4): frozenset({"0", "1"}),
    ("SBR", 1): frozenset("PSTABCDEFGHU"),
    ("DMG", 1): frozenset({"D8"}),
    ("DMG", 3): frozenset({"F", "M", "U"}),
    ("DTP", 2): frozenset({"D8", "RD8", "TM", "DT"}),
    ("SV1", 3): frozenset({"UN", "MJ"}),
    ("SV2", 4): frozenset({"UN", "DA"}),
}

#: closed code lists of the ID elements the claim builder takes meaning from (X12 005010X222A1/X223A2):
#: a value outside them is X12016 (999 IK403 7), never a silent default (issue 13)
CLAIM_FILING = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "16",
        "17",
        "AM",
        "BL",
        "CH",
        "CI",
        "DS",
        "FI",
        "HM",
        "LM",
        "MA",
        "MB",
        "MC",
        "OF",
        "TV",
        "VA",
        "WC",
        "ZZ",
    ]
)  # SBR09
RELATIONSHIP = frozenset(
    ["01", "18", "19", "20", "21", "39", "40", "53", "G8"]
)  # SBR02 (2000B: 18; 2320: all), PAT01 (not 18)
CODES[("SBR", 2)] = RELATIONSHIP
CODES[("SBR", 9)] = CLAIM_FILING
CODES[("PAT", 1)] = RELATIONSHIP - {"18"}
CODES[("PRV", 2)] = frozenset({"PXC"})  # the taxonomy code qualifier (PRV03 holds the NUCC code)
#: CLM05-2: the facility code qualifier of each claim kind
FACILITY_QUALIFIER = {"837I": "A", "837P": "B"}
#: CLM05-3 claim frequency: NUBC frequency codes on the 837I (TOB third character), the four the 837P guide
#: lists (original, corrected, replacement, void)
FREQUENCY = {
    "837I": frozenset(
        [
            "0",
            "1",
            "2",
            "3",
            "4",
            "5",
            "7",
            "8",
            "9",
            "A",
            "B",
            "C",
            "D",
            "E",
            "F",
            "G",
            "H",
            "I",
            "J",
            "K",
            "M",
            "P",
            "Q",
            "X",
            "Y",
            "Z",
        ]
    ),
    "837P": frozenset(["1", "6", "7", "8"]),
}
#: SV101-1 / SV202-1 product or service id qualifier
PROC_QUALIFIERS = {"SV1": frozenset({"HC", "ER", "IV", "WK"}), "SV2": frozenset({"HC", "HP", "ER", "IV", "WK"})}
#: DTP02 format each date qualifier the builder reads takes (472 service, 434 statement: RD8, a one-day D8
#: is read too, 435 admission, 096 discharge hour)
DTP_FORMATS = {
    "472": frozenset({"D8", "RD8"}),
    "434": frozenset({"D8", "RD8"}),
    "435": frozenset({"D8", "DT"}),
    "096": frozenset({"TM"}),
}
#: PRV03: the NUCC taxonomy is an external code list; only its format is checked (10 characters: 3 digits,
#: 6 letters or digits, a final letter: X in the current set, other letters in early versions)
TAXONOMY_FORMAT = r"^[0-9]{3}[0-9A-Z]{6}[A-Z]$"

#: HI composite qualifiers: diagnosis roles, and the UB-04 code families
DX_PRINCIPAL = {"ABK", "BK"}
DX_ADMITTING = {"ABJ", "BJ"}
DX_OTHER = {"ABF", "BF", "APR", "PR", "ABN", "BN"}
HI_QUALIFIERS = (
    DX_PRINCIPAL
    | DX_ADMITTING
    | DX_OTHER
    | {"BH", "BI", "BE", "BG", "TC", "BBR", "BR", "CAH", "BBQ", "BQ", "BP", "BO", "DR", "AAU", "AAV", "AAW", "AAX"}
)


#: ISA01..ISA16 are fixed width (the reader reads ISA by position, the writer pads to these widths)
ISA_WIDTHS = (2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1)
#: composite components whose length the writer checks: name -> (composite, position, maximum)
COMPONENTS = {
    "HI": ("C022", 2, 30),  # HI0x-2 industry code (diagnosis, occurrence, value, condition codes)
    "CODE": ("C003", 2, 48),  # SV101-2 / SV202-2 procedure code
    "DESC": ("C003", 7, 80),  # SV101-7 / SV202-7 description
}


def max_length(name: str) -> int:
    """The most characters X12 allows in an element (``NM103``, ``ISA06``) or in a named component
    (``HI``, ``CODE``, ``DESC``): one table for the reader's checks and the writer's."""
    if name in COMPONENTS:
        return COMPONENTS[name][2]
    sid, pos = name[:-2], int(name[-2:])
    if sid == "ISA":
        return ISA_WIDTHS[pos - 1]
    return ELEMENTS[sid][pos][2]
