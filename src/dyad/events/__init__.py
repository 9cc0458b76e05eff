"""Event coding: the coders that turn parsed sentences into CAMEO/PLOVER events."""
