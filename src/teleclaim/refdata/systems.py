"""The code systems teleclaim knows (kept free of heavy imports: the CLI start-up path uses it)."""

SYSTEMS: tuple[str, ...] = (
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
)
