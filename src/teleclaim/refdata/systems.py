"""The code systems teleclaim knows (kept free of heavy imports: the CLI start-up path uses it)."""

from typing import Literal, get_args

#: The code systems, as a type (pydantic validates against it; mypy checks it).
System = Literal[
    "hcpcs",
    "cpt",
    "modifier",
    "pos",
    "tob",
    "revenue",
    "condition",
    "occurrence",
    "occurrence_span",
    "value",
    "patient_status",
    "point_of_origin",
    "admission_type",
]

#: The same names at run time, in the same order (one list: the type above).
SYSTEMS: tuple[str, ...] = get_args(System)
