"""Settings of the server extension, read from Jupyter's configuration.

Set them as ``c.ExperimentsConfig.<name> = ...`` in ``jupyter_server_config.py``
or as ``--ExperimentsConfig.<name>=...`` on the ``jupyter lab`` command line.
"""

from __future__ import annotations

from typing import Any

from traitlets import Int, TraitError, Unicode, validate
from traitlets.config import Configurable

from .._limits import LIST_RESULTS_MAX

# Smallest accepted log chunk: small enough for tests, large enough that a
# UTF-8 character (at most 4 bytes) always fits.
_LOG_CHUNK_MIN = 1024


class ExperimentsConfig(Configurable):
    """Settings of the ``jupyterlab_experiments`` server extension."""

    db_url = Unicode(
        "",
        config=True,
        help="""SQLAlchemy URL or SQLite file path of the experiments store, for example
        ``sqlite:////home/me/experiments.db`` or
        ``postgresql+psycopg://user@127.0.0.1/experiments``. When empty, the store is
        chosen as the Python SDK chooses it: the ``JUPYTERLAB_EXPERIMENTS_DB_URL``
        environment variable, else ``experiments/experiments.db`` under the Jupyter
        data folder.""",
    )

    max_results_default = Int(
        50,
        config=True,
        help=f"""Number of items in one page of a list response when the request has no
        ``max_results`` parameter (1 to {LIST_RESULTS_MAX}).""",
    )

    worker_threads = Int(
        4,
        config=True,
        help="""Number of threads that run store queries, so that the server's event loop
        never waits for the database.""",
    )

    log_chunk_bytes = Int(
        1024 * 1024,
        config=True,
        help="""Maximum number of bytes of a job log returned by one request to the log
        route. The client asks again from the returned offset for the rest.""",
    )

    @validate("max_results_default")
    def _check_max_results_default(self, proposal: dict[str, Any]) -> int:
        value = int(proposal["value"])
        if not 1 <= value <= LIST_RESULTS_MAX:
            raise TraitError(
                f"ExperimentsConfig.max_results_default must be from 1 to {LIST_RESULTS_MAX}, "
                f"not {value}"
            )
        return value

    @validate("worker_threads")
    def _check_worker_threads(self, proposal: dict[str, Any]) -> int:
        value = int(proposal["value"])
        if value < 1:
            raise TraitError(f"ExperimentsConfig.worker_threads must be at least 1, not {value}")
        return value

    @validate("log_chunk_bytes")
    def _check_log_chunk_bytes(self, proposal: dict[str, Any]) -> int:
        value = int(proposal["value"])
        if value < _LOG_CHUNK_MIN:
            raise TraitError(
                f"ExperimentsConfig.log_chunk_bytes must be at least {_LOG_CHUNK_MIN}, not {value}"
            )
        return value
