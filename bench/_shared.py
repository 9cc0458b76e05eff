"""Locating ../shared and batching documents through the coder, for the bench scripts."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def shared_dir() -> Path | None:
    env = os.environ.get("DYAD_SHARED")
    path = Path(env) if env else ROOT.parent / "shared"
    return path if path.is_dir() else None


def require_shared(name: str) -> Path:
    base = shared_dir()
    if base is None or not (base / name).exists():
        print(f"skipped: {name} not found (set DYAD_SHARED or put shared/ beside the project)")
        raise SystemExit(0)
    return base / name


# CAMEO actor codes that older gold standards use, and their ISO alpha-3 equivalents.
LEGACY_COUNTRY = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "ROM": "ROU", "DRC": "COD",
                  "SER": "SRB", "UKG": "GBR", "GER": "DEU"}  # fmt: skip

# PLOVER 0.5 event types in the 2016 gold standard → the current PLOVER names (the PLOVER
# manual's table 7.1: DEMAND became REQUEST; DISAPPROVE and INVESTIGATE became ACCUSE; FIGHT
# (CAMEO 19) became ASSAULT).
LEGACY_PLOVER = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
