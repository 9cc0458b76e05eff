"""The CAMEO/PLOVER ontology, below every stage: the coder, the store's exports and the
analysis all read codes, names, Goldstein weights and PLOVER types from `dyad.cameo.ontology`."""
