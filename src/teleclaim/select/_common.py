"""Small facts shared by the professional (837P) selectors: who may bill E/M, therapy modifiers."""

from __future__ import annotations

from typing import Any

from teleclaim.select._sources import auth

EM_CAPABLE = ("physician", "NPP")
THERAPY_MODIFIER = {"PT": "GP", "OT": "GO", "SLP": "GN"}
ASSISTANTS = ("PTA", "OTA")
#: NUCC taxonomy used on built claims for the rendering clinician (rules.md §3.3 map)
TAXONOMY = {
    "physician": "207Q00000X",
    "NPP": "363L00000X",
    "PT": "225100000X",
    "PTA": "225200000X",
    "OT": "225X00000X",
    "OTA": "224Z00000X",
    "SLP": "235Z00000X",
    "LCSW": "1041C0700X",
    "psychologist": "103T00000X",
    "dietitian": "133V00000X",
}


def therapy_modifiers(clinician: str, codes_word: str) -> list[tuple[str, str, Any]]:
    m = THERAPY_MODIFIER.get(clinician)
    if not m:
        return []
    return [
        (
            m,
            f"{clinician} furnishing {codes_word}: therapy discipline modifier {m} (sometimes-therapy codes)",
            auth("§3.3"),
        )
    ]
