"""What the city gazetteer costs a process (prints figures; not a test): the time to load its
cached index and the resident memory it adds, median of five fresh processes. The budget of the
accuracy issue: at most 0.5 s more start-up and 150 MB more memory.

Run:  python bench/places_cost.py
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

PROBE = """
import json, resource, time
from dyad.actors.places import load_gazetteer
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
gazetteer = load_gazetteer()
seconds = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "mb": (after - before) / 1024, "names": len(gazetteer.names)}))
"""


def main() -> None:
    subprocess.run([sys.executable, "-c", "from dyad.actors.places import load_gazetteer; load_gazetteer()"],
                   check=True)  # fmt: skip  # builds the cache once if it is missing
    runs = [json.loads(subprocess.run([sys.executable, "-c", PROBE], check=True, capture_output=True,
                                      text=True).stdout) for _ in range(5)]  # fmt: skip
    seconds = statistics.median(r["seconds"] for r in runs)
    mb = statistics.median(r["mb"] for r in runs)
    names = runs[0]["names"]
    print(f"city gazetteer: {names} names; load {seconds:.3f} s (budget 0.5 s), +{mb:.0f} MB (budget 150 MB)")


if __name__ == "__main__":
    main()
