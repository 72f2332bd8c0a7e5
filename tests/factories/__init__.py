"""Test factories, one module per area, registered as pytest plugins by `tests/conftest.py`.

A new slice adds `tests/factories/<slice>.py` with its fixtures (`make_<thing>`...) and one
line to `pytest_plugins` in `tests/conftest.py`; fixture names are global, so pick names no
other area uses. Use `sequence` for unique values, so factories of every area share it.
"""

from __future__ import annotations

import itertools

sequence = itertools.count(1)
