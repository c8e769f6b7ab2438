"""Formatting many epoch seconds at once matches formatting them one by one."""

from __future__ import annotations

import numpy as np

from jupyterlab_experiments._time import iso_utc, iso_utc_many


def test_many_matches_one_by_one():
    rng = np.random.default_rng(7)
    stamps = list(rng.uniform(0, 4e9, 20_000))
    # Fractions that sit exactly on, or next to, half a microsecond, where
    # rounding half to even and carrying into the next second matter.
    stamps += [1_700_000_000 + k / 1e6 + 0.5e-6 for k in range(200)]
    stamps += [0.0, 1e-7, 0.5e-6, 1.5e-6, 0.9999995, 0.9999996, 1_699_999_999.9999996]
    stamps += [-0.25, -1.5e-6, -86_400.0000004]
    stamps += [float(np.nextafter(stamp, np.inf)) for stamp in stamps[:200]]

    assert iso_utc_many(stamps) == [iso_utc(stamp) for stamp in stamps]


def test_many_of_nothing():
    assert iso_utc_many([]) == []
