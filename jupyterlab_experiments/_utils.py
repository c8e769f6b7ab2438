"""Generated resource names in SageMaker's ``<prefix>-YYYY-MM-DD-HHMMSSffffff-abcd`` form.

This is the form of smexperiments 0.1.38 and later: local time with
microseconds, then four random letters. The older form without microseconds
collides when a loop creates thousands of trackers per second.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import string

from ._limits import NAME_MAX

# "-" + "YYYY-MM-DD-HHMMSSffffff" + "-" + four letters.
_SUFFIX_LENGTH = 1 + 23 + 1 + 4
PREFIX_MAX = NAME_MAX - _SUFFIX_LENGTH
_INVALID_RUN = re.compile(r"[^a-zA-Z0-9]+")


def suffix() -> str:
    """Return the local time as ``YYYY-MM-DD-HHMMSSffffff`` plus four random lowercase letters."""
    letters = "".join(secrets.choice(string.ascii_lowercase) for _ in range(4))
    return f"{dt.datetime.now().strftime('%Y-%m-%d-%H%M%S%f')}-{letters}"


def name(prefix: str) -> str:
    """Return a new unique name ``<prefix>-<suffix>`` that passes the name rule.

    The prefix is adapted so that the result is always a valid SageMaker
    name. Each run of characters other than ASCII letters and digits becomes
    one hyphen, and leading and trailing hyphens are dropped. The prefix is
    cut to ``PREFIX_MAX`` (91) characters, so the name has at most 120
    characters. An empty prefix gives the suffix alone.

    Parameters
    ----------
    prefix : str
        Base of the name, e.g. ``"TrialComponent"``.

    Returns
    -------
    str
        For example ``TrialComponent-2024-05-01-130502123456-qwer``.
    """
    cleaned = _INVALID_RUN.sub("-", str(prefix)).strip("-")
    cleaned = cleaned[:PREFIX_MAX].rstrip("-")
    if not cleaned:
        return suffix()
    return f"{cleaned}-{suffix()}"
