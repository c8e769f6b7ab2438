"""The base class of every REST handler of the extension."""

from __future__ import annotations

import json
import logging
from http.client import responses
from typing import Any, ClassVar

from jupyter_server.base.handlers import APIHandler
from tornado.web import HTTPError

from ..exceptions import ExperimentsError, ValidationError, quote_value
from . import params
from .service import ExperimentsService

# Key of the ExperimentsService in the tornado application's settings.
SERVICE_SETTING = "jupyterlab_experiments_service"

# Query parameters that jupyter_server itself reads on any request: the token,
# the XSRF token and the flag that keeps a request from counting as activity.
_SERVER_QUERY_PARAMETERS = frozenset({"token", "_xsrf", "no_track_activity"})

# Error codes of the HTTP errors that jupyter_server and tornado raise
# themselves (authentication, unknown verbs, undecodable arguments).
_HTTP_ERROR_CODES = {
    400: "ValidationException",
    403: "AccessDenied",
    404: "ResourceNotFound",
    405: "MethodNotAllowed",
}


class ExperimentsAPIHandler(APIHandler):
    """Base handler: the store service, query checks and JSON bodies for every error.

    Subclasses decorate every verb with ``@tornado.web.authenticated`` and then
    ``@authorized``, in this order, so that an unauthenticated request gets a 403
    before authorization is checked.
    """

    auth_resource = "experiments"

    #: The query parameters that each verb accepts, by lower-case verb name. The
    #: OpenAPI description lists the same parameters, which a test checks.
    query_parameters: ClassVar[dict[str, tuple[str, ...]]] = {}

    @property
    def service(self) -> ExperimentsService:
        """The store service of this server."""
        return self.settings[SERVICE_SETTING]  # type: ignore[no-any-return]

    def set_default_headers(self) -> None:
        """Add headers that keep responses from being sniffed as HTML or cached."""
        super().set_default_headers()
        # Set again after the parent, which lets the server's ``headers`` setting
        # override it: names and values in our bodies are user data and must
        # never be rendered as HTML.
        self.set_header("X-Content-Type-Options", "nosniff")
        # Responses change on every write to the store.
        self.set_header("Cache-Control", "no-store")

    def query_arguments(self) -> dict[str, str]:
        """Return the request's query parameters after checking them and the path.

        Parameters that jupyter_server reads itself (``token``, ``_xsrf``,
        ``no_track_activity``) are skipped. Every verb calls this first, after
        authentication, so it also checks the names in the path for a NUL
        character. Query parameters need no such check: tornado replaces
        control characters in them with spaces, and rejects bytes that are
        not UTF-8 for both.

        Raises
        ------
        ValidationError
            If a parameter is not in ``query_parameters`` for the request's verb,
            because a misspelt parameter would otherwise be ignored without
            notice, if it is given more than once, or if a path argument
            contains a NUL character.
        """
        for name, argument in self.path_kwargs.items():
            params.check_characters(name, argument)
        allowed = self.query_parameters.get(self.request.method.lower(), ())
        values: dict[str, str] = {}
        for name in self.request.query_arguments:
            if name in _SERVER_QUERY_PARAMETERS:
                continue
            occurrences = self.get_query_arguments(name, strip=False)
            if name.isdigit() and occurrences == [""]:
                # JupyterLab's ServerConnection appends a bare "?<timestamp>" to
                # GET requests to defeat caches; it is not a parameter.
                continue
            if name not in allowed:
                expected = ", ".join(sorted(allowed)) or "none"
                raise ValidationError(
                    f"Unknown query parameter {quote_value(name)}. This route accepts: {expected}.",
                    field=name,
                    value=occurrences[0],
                    rule="must be a parameter of this route",
                )
            if len(occurrences) > 1:
                raise ValidationError(
                    f"Query parameter {quote_value(name)} is given {len(occurrences)} times. "
                    "Give it at most once.",
                    field=name,
                    value=occurrences,
                    rule="must be given at most once",
                )
            values[name] = occurrences[0]
        return values

    def write_json(self, body: Any, status: int = 200) -> None:
        """Send ``body`` as JSON and finish the response."""
        self.set_status(status)
        self.finish(_dump_json(body))

    def finish_no_content(self) -> None:
        """Finish the response with status 204 and no body."""
        self.set_status(204)
        self.finish()

    def log_exception(self, typ: Any, value: BaseException | None, tb: Any) -> None:
        """Log unexpected errors with their traceback, but not errors of the SDK.

        An SDK error is logged once, by :meth:`write_error`, as one line: a
        traceback would add nothing to its message, and a store that is down
        would otherwise fill the log with one traceback per polling request.
        """
        if isinstance(value, ExperimentsError) and value.http_status != 500:
            return
        super().log_exception(typ, value, tb)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """Send an error as JSON with an ``error_code`` and a ``message``.

        An SDK error keeps its own status (400, 404, 409 or 503) and body. HTTP
        errors raised by jupyter_server or tornado keep their status. Any other
        exception is a bug: it gets a 500 with a generic message, because its
        details and traceback belong in the server log, not in the response.
        """
        error = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(error, ExperimentsError) and error.http_status != 500:
            status_code = error.http_status
            body = error.to_dict()
        elif error is None or isinstance(error, HTTPError):
            body = {
                "error_code": _HTTP_ERROR_CODES.get(status_code, "HttpError"),
                "message": _http_error_message(error, status_code),
            }
        else:
            status_code = 500
            body = {
                "error_code": "InternalFailure",
                "message": "The experiments extension failed with an internal error. "
                "The Jupyter server log has the details.",
            }
        body["reason"] = responses.get(status_code, "Unknown")
        self.set_status(status_code)
        level = logging.ERROR if status_code >= 500 else logging.WARNING
        self.log.log(
            level,
            "jupyterlab_experiments: %s %s returned %d %s: %s",
            self.request.method,
            self.request.path,
            status_code,
            body["error_code"],
            body["message"],
        )
        self.set_header("Content-Type", "application/json")
        self.finish(_dump_error_json(body))


def _http_error_message(error: HTTPError | None, status_code: int) -> str:
    if error is not None and error.log_message:
        # tornado formats log_message with args only when it logs the error.
        if error.args:
            return str(error.log_message % error.args)
        return str(error.log_message)
    return responses.get(status_code, "Unknown error")


def _dump_json(body: Any, *, ensure_ascii: bool = False) -> str:
    # allow_nan=False turns a non-finite number that escaped the serializers into
    # a logged 500 instead of a body that browsers cannot parse. Escaping "</"
    # keeps a name such as "</script>" inert if the body is ever embedded in HTML.
    text = json.dumps(body, ensure_ascii=ensure_ascii, allow_nan=False, separators=(",", ":"))
    return text.replace("</", "<\\/")


def _dump_error_json(body: dict[str, Any]) -> str:
    text = _dump_json(body)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # A message that quotes an unpaired surrogate cannot be sent as UTF-8,
        # and tornado would drop the response; JSON escapes such as "\\ud800"
        # can be sent.
        text = _dump_json(body, ensure_ascii=True)
    return text
