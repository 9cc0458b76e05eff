"""Packaged data: dictionaries, lexicon, ontology, sample corpus."""
