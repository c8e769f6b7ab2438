"""Fail if a REST handler of jupyterlab_experiments could respond without authentication.

The script starts a Jupyter server with only the jupyterlab_experiments
extension, reading no Jupyter configuration files, and exits with status 1 when

* jupyter_server warns (``JupyterServerAuthWarning``) that a handler verb has
  neither ``@tornado.web.authenticated`` nor ``@allow_unauthenticated``;
* a verb of one of our handlers is not decorated with
  ``@tornado.web.authenticated`` and then ``@authorized``, in this order;
* the extension registered no handler, so the checks above found nothing to check.

Usage: ``python scripts/check_auth.py``
"""

from __future__ import annotations

import os
import sys
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

EXTENSION = "jupyterlab_experiments"
PACKAGE_PREFIX = "jupyterlab_experiments."


def main() -> int:
    """Start the server, run the checks and return the exit status."""
    with tempfile.TemporaryDirectory(prefix="check-auth-") as folder:
        _isolate_jupyter_paths(Path(folder))
        handlers, warned = _load_extension(Path(folder))

    problems = [f"jupyter_server: {message}" for message in warned]
    if not handlers:
        problems.append(f"{EXTENSION} registered no handler; is the extension installed?")
    for handler in handlers:
        problems.extend(decorator_problems(handler))

    if problems:
        sys.stderr.write("Handlers without the required authentication:\n")
        sys.stderr.writelines(f"- {problem}\n" for problem in problems)
        return 1
    sys.stdout.write(f"OK: {len(handlers)} handlers of {EXTENSION} require authentication.\n")
    return 0


def decorator_problems(handler: type, package_prefix: str = PACKAGE_PREFIX) -> list[str]:
    """Return the verbs of ``handler`` that are not wrapped as authenticated, then authorized.

    Only verbs defined in modules whose name starts with ``package_prefix`` are
    checked. Verbs inherited from jupyter_server, such as ``APIHandler.options``
    for CORS preflight requests, are covered by jupyter_server's own warning.
    """
    from tornado.web import RequestHandler

    problems = []
    for verb in handler.SUPPORTED_METHODS:  # type: ignore[attr-defined]
        method = getattr(handler, verb.lower())
        if method is RequestHandler._unimplemented_method:  # type: ignore[attr-defined]
            continue
        if not getattr(method, "__module__", "").startswith(package_prefix):
            continue
        inner = getattr(method, "__wrapped__", None)
        if not _defined_in(method, "tornado/web.py"):
            problems.append(f"{verb} of {handler.__name__}: not wrapped by @web.authenticated")
        elif inner is None or not _defined_in(inner, "jupyter_server/auth/decorator.py"):
            problems.append(
                f"{verb} of {handler.__name__}: @authorized missing or not directly "
                "below @web.authenticated"
            )
    return problems


def _defined_in(function: Any, path_suffix: str) -> bool:
    # The wrappers that the decorators return are closures defined in the
    # decorators' own modules; functools.wraps copies every name but not the code.
    code = getattr(function, "__code__", None)
    return code is not None and code.co_filename.replace("\\", "/").endswith(path_suffix)


def _isolate_jupyter_paths(folder: Path) -> None:
    # JUPYTER_NO_CONFIG keeps the installed server-config files from enabling
    # other extensions, whose handlers are not ours to check.
    os.environ["JUPYTER_NO_CONFIG"] = "1"
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
        path = folder / name.lower()
        path.mkdir()
        os.environ[name] = str(path)
    # Loading the extension must not touch the user's store.
    os.environ["JUPYTERLAB_EXPERIMENTS_DB_URL"] = f"sqlite:///{folder / 'experiments.db'}"


def _load_extension(folder: Path) -> tuple[list[type], list[str]]:
    from jupyter_server.serverapp import ServerApp
    from jupyter_server.utils import JupyterServerAuthWarning

    app = ServerApp(
        jpserver_extensions={EXTENSION: True},
        allow_unauthenticated_access=False,
        allow_root=True,
        open_browser=False,
        root_dir=str(folder),
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", JupyterServerAuthWarning)
        app.initialize(argv=[], new_httpserver=False)
    warned = [
        str(warning.message)
        for warning in caught
        if issubclass(warning.category, JupyterServerAuthWarning)
    ]
    handlers = [
        handler
        for handler in _registered_handlers(app.web_app.default_router)
        if handler.__module__.startswith(PACKAGE_PREFIX)
    ]
    return handlers, warned


def _registered_handlers(router: Any) -> Iterator[type]:
    for rule in getattr(router, "rules", ()):
        target = rule.target
        if isinstance(target, type):
            yield target
        else:
            yield from _registered_handlers(target)


if __name__ == "__main__":
    sys.exit(main())
