"""The CAMEO/PLOVER ontology, below every stage: the coder, the store's exports and the
analysis all read codes, names, Goldstein weights and PLOVER types from here."""

from dyad.cameo.ontology import (
    COLUMNS,
    CameoCode,
    Ontology,
    load_ontology,
    parent_code,
    penta_class,
    plover_for,
    quad_class,
)

__all__ = [
    "COLUMNS",
    "CameoCode",
    "Ontology",
    "load_ontology",
    "parent_code",
    "penta_class",
    "plover_for",
    "quad_class",
]
