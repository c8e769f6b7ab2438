"""Typed errors raised by the SDK, the store and the local SageMaker client.

Every error carries a stable ``error_code`` and the ``field``, ``value`` and
``rule`` that explain it. Errors also expose ``response`` in the shape of
botocore's ``ClientError`` (``response["Error"]["Code"]`` and ``["Message"]``),
so code written against SageMaker that inspects error codes keeps working.
"""

from __future__ import annotations

from typing import Any

# Values quoted in messages are cut to this many characters so that a
# multi-kilobyte parameter value does not flood a log line.
_QUOTED_VALUE_MAX = 200


def quote_value(value: Any) -> str:
    """Return ``repr(value)`` cut to a readable length."""
    text = repr(value)
    if len(text) > _QUOTED_VALUE_MAX:
        text = f"{text[:_QUOTED_VALUE_MAX]}... ({len(text)} characters)"
    return text


class ExperimentsError(Exception):
    """Base class of every error raised by jupyterlab_experiments."""

    error_code = "InternalFailure"
    http_status = 500

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        value: Any = None,
        rule: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.value = value
        self.rule = rule

    @property
    def response(self) -> dict[str, Any]:
        """The error in botocore's ``ClientError.response`` shape."""
        return {
            "Error": {"Code": self.error_code, "Message": self.message},
            "ResponseMetadata": {"HTTPStatusCode": self.http_status},
        }

    def to_dict(self) -> dict[str, Any]:
        """Serialise the error for a JSON response body."""
        body: dict[str, Any] = {"error_code": self.error_code, "message": self.message}
        if self.field is not None:
            body["field"] = self.field
        if self.rule is not None:
            body["rule"] = self.rule
        return body


class ValidationError(ExperimentsError, ValueError):
    """An argument breaks a naming rule, a limit or a type rule."""

    error_code = "ValidationException"
    http_status = 400

    @classmethod
    def invalid(cls, field: str, value: Any, rule: str) -> ValidationError:
        """Build the standard message: which field, which value, which rule."""
        return cls(
            f"Invalid {field} {quote_value(value)}: {rule}",
            field=field,
            value=value,
            rule=rule,
        )


class ResourceLimitExceeded(ValidationError):
    """A resource would exceed a count limit (parameters, artifacts, tags...)."""

    error_code = "ResourceLimitExceeded"


class ResourceNotFound(ExperimentsError, LookupError):
    """The named experiment, trial or trial component does not exist."""

    error_code = "ResourceNotFound"
    http_status = 404

    def __init__(
        self, kind: str, name: str, *, field: str | None = None, message: str | None = None
    ) -> None:
        super().__init__(
            message or f"{kind} {quote_value(name)} does not exist.",
            field=field or f"{kind}Name",
            value=name,
            rule="must name an existing resource",
        )
        self.kind = kind
        self.name = name


class ResourceAlreadyExists(ExperimentsError):
    """A resource with the same name (compared regardless of case) exists."""

    error_code = "ResourceAlreadyExists"
    http_status = 409

    def __init__(self, kind: str, name: str, existing: str) -> None:
        detail = "" if existing == name else f" (as {quote_value(existing)})"
        super().__init__(
            f"{kind} {quote_value(name)} already exists{detail}; "
            f"{kind.lower()} names are unique regardless of letter case.",
            field=f"{kind}Name",
            value=name,
            rule="must be unique regardless of letter case",
        )
        self.kind = kind
        self.name = name


class ConflictError(ExperimentsError):
    """The operation conflicts with the current state, e.g. a delete of a
    resource that still has associations."""

    error_code = "ConflictException"
    http_status = 409


class StoreUnavailable(ExperimentsError):
    """The store cannot be opened, read or written."""

    error_code = "StoreUnavailable"
    http_status = 503


__all__ = [
    "ConflictError",
    "ExperimentsError",
    "ResourceAlreadyExists",
    "ResourceLimitExceeded",
    "ResourceNotFound",
    "StoreUnavailable",
    "ValidationError",
    "quote_value",
]
