"""Event coding: the CAMEO/PLOVER ontology and the coders that use it."""
