"""What every slice's demo builder shares: the address domain and the random seed.

It imports no slice, so `safety/<slice>/demo.py` modules can use it without importing the
collector (`safety/demo.py`), which imports them.
"""

from __future__ import annotations

DEMO_DOMAIN = "demo.safety-ks.org"
# Seed each area's `random.Random` from this plus a key of its own (`f"{SEED}-{code}"`), so
# adding a slice's demo data never shifts the people another slice generates.
SEED = 2026
