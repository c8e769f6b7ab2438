"""Generic machinery behind the SDK classes: boto dicts <-> Python objects.

``ApiObject`` turns a boto-style response dict (UpperCamelCase keys) into an
object whose attributes are the snake_case keys, and back. ``Record`` adds an
active-record layer that calls the SageMaker-style client: create, describe,
update, delete, paged lists and paged searches. The classes behave like the
ones of the ``smexperiments`` package, so code written against it works with
the local client unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, ClassVar, TypeVar

from ._clients import resolve_client
from ._time import from_epoch, to_epoch
from .search_expression import search_expression_to_boto

_FIRST_CAP = re.compile(r"(.)([A-Z][a-z]+)")
_ALL_CAP = re.compile(r"([a-z0-9])([A-Z])")

T = TypeVar("T")
ApiObjectT = TypeVar("ApiObjectT", bound="ApiObject")
RecordT = TypeVar("RecordT", bound="Record")


def to_snake_case(name: str) -> str:
    """Convert an UpperCamelCase boto key to snake_case (``StdDev`` -> ``std_dev``)."""
    partial = _FIRST_CAP.sub(r"\1_\2", name)
    return _ALL_CAP.sub(r"\1_\2", partial).lower()


def to_camel_case(name: str) -> str:
    """Convert a snake_case attribute to an UpperCamelCase boto key."""
    return "".join(part.title() for part in name.split("_"))


class ApiObject:
    """A plain object whose attributes mirror a boto dict.

    Subclasses declare ``_custom_boto_types`` (attribute name -> ``(type,
    is_collection)``) for nested objects and ``_custom_boto_names`` (attribute
    name -> boto key) where the default case conversion does not round-trip.
    """

    _custom_boto_names: ClassVar[dict[str, str]] = {}
    _custom_boto_types: ClassVar[dict[str, tuple[Any, bool]]] = {}

    def __init__(self, **kwargs: Any) -> None:
        self.__dict__.update(kwargs)

    @classmethod
    def _boto_ignore(cls) -> list[str]:
        return ["ResponseMetadata"]

    @classmethod
    def from_boto(
        cls: type[ApiObjectT], boto_dict: dict[str, Any] | None, **kwargs: Any
    ) -> ApiObjectT:
        """Build an instance from a boto dict.

        Parameters
        ----------
        boto_dict : dict or None
            Response dict with UpperCamelCase keys. ``None`` counts as empty.
        **kwargs
            Extra attributes set on the instance (e.g. the client of a Record).

        Returns
        -------
        ApiObject
            The new instance.
        """
        members = _members_from_boto(cls, boto_dict or {}, ignore=cls._boto_ignore())
        members.update(kwargs)
        return cls(**members)

    @classmethod
    def to_boto(cls, obj: ApiObject | dict[str, Any]) -> dict[str, Any]:
        """Convert an instance (or a dict of attributes) to a boto dict.

        Members whose value is ``None`` are left out.
        """
        members = vars(obj) if isinstance(obj, ApiObject) else obj
        return _members_to_boto(cls, members)

    def __eq__(self, other: object) -> bool:
        if type(self) is not type(other):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        # Attribute values may be dicts or lists, which cannot be hashed. The class
        # and the attribute names give a hash that still agrees with __eq__.
        return hash((type(self).__name__, tuple(sorted(self.__dict__))))

    def __repr__(self) -> str:
        items = ",".join(f"{key}={value!r}" for key, value in vars(self).items())
        return f"{type(self).__name__}({items})"


def _boto_name(cls: type[ApiObject], member: str) -> str:
    return cls._custom_boto_names.get(member) or to_camel_case(member)


def _members_from_boto(
    cls: type[ApiObject], boto_dict: dict[str, Any], ignore: list[str]
) -> dict[str, Any]:
    reverse_names = {boto: member for member, boto in cls._custom_boto_names.items()}
    members: dict[str, Any] = {}
    for key, value in boto_dict.items():
        if key in ignore:
            continue
        member = reverse_names.get(key) or to_snake_case(key)
        members[member] = _convert_nested(cls, member, value, "from_boto")
    return members


def _members_to_boto(cls: type[ApiObject], members: dict[str, Any]) -> dict[str, Any]:
    boto: dict[str, Any] = {}
    for member, value in members.items():
        if value is None:
            continue
        boto[_boto_name(cls, member)] = _convert_nested(cls, member, value, "to_boto")
    return boto


def _convert_nested(cls: type[ApiObject], member: str, value: Any, direction: str) -> Any:
    if member not in cls._custom_boto_types or value is None:
        return value
    member_type, is_collection = cls._custom_boto_types[member]
    if member_type is Timestamp and direction == "to_boto":
        return Timestamp.to_boto(value, field=_boto_name(cls, member))
    convert = getattr(member_type, direction)
    if not is_collection:
        return convert(value)
    if isinstance(value, dict):
        return {key: convert(item) for key, item in value.items()}
    return [convert(item) for item in value]


class Timestamp:
    """Converter for time members: user input in, aware UTC ``datetime`` out.

    Naive datetimes are local time, numbers are epoch seconds and values that
    look like epoch milliseconds are rejected (see ``_time.to_epoch``).
    """

    @classmethod
    def from_boto(cls, value: Any) -> Any:
        """Return the client's value unchanged (clients return aware datetimes)."""
        return value

    @classmethod
    def to_boto(cls, value: Any, field: str = "timestamp") -> Any:
        """Convert a datetime, epoch seconds or ISO 8601 text to an aware UTC datetime."""
        return from_epoch(to_epoch(value, field))


# Time arguments of list calls, shared by every Record.
LIST_TIME_TYPES: dict[str, tuple[Any, bool]] = {
    "created_before": (Timestamp, False),
    "created_after": (Timestamp, False),
}


class Record(ApiObject):
    """An ApiObject bound to a SageMaker-style client.

    The client is stored first, as attribute ``sagemaker_boto_client``, so it is
    the first item of ``repr``.
    """

    _boto_create_method: ClassVar[str] = ""
    _boto_load_method: ClassVar[str] = ""
    _boto_update_method: ClassVar[str] = ""
    _boto_update_members: ClassVar[list[str]] = []
    _boto_delete_method: ClassVar[str] = ""
    _boto_delete_members: ClassVar[list[str]] = []
    # The Search API's resource name and the api_types class of its results.
    _search_resource: ClassVar[str] = ""
    _search_result_type: ClassVar[type[ApiObject]] = ApiObject

    def __init__(self, sagemaker_boto_client: Any, **kwargs: Any) -> None:
        self.sagemaker_boto_client = sagemaker_boto_client
        super().__init__(**kwargs)

    def with_boto(self: RecordT, boto_dict: dict[str, Any]) -> RecordT:
        """Merge a boto response into this object and return it."""
        self.__dict__.update(_members_from_boto(type(self), boto_dict, ignore=[]))
        return self

    @classmethod
    def _construct(
        cls: type[RecordT],
        boto_method_name: str,
        sagemaker_boto_client: Any = None,
        sagemaker_session: Any = None,
        **kwargs: Any,
    ) -> RecordT:
        client = resolve_client(sagemaker_boto_client, sagemaker_session)
        instance = cls(client, **kwargs)
        response = getattr(client, boto_method_name)(**cls.to_boto(kwargs))
        return instance.with_boto(response)

    def _invoke_api(self: RecordT, boto_method_name: str, members: list[str]) -> RecordT:
        values = {member: getattr(self, member, None) for member in members}
        return self._send(boto_method_name, values)

    def _send(self: RecordT, boto_method_name: str, values: dict[str, Any]) -> RecordT:
        method = getattr(self.sagemaker_boto_client, boto_method_name)
        return self.with_boto(method(**type(self).to_boto(values)))

    @classmethod
    def _list(
        cls,
        boto_list_method: str,
        item_factory: Callable[[dict[str, Any]], T],
        boto_list_items_name: str,
        boto_next_token_name: str = "NextToken",  # noqa: S107 - a response key, not a secret
        sagemaker_boto_client: Any = None,
        sagemaker_session: Any = None,
        **kwargs: Any,
    ) -> Iterator[T]:
        client = resolve_client(sagemaker_boto_client, sagemaker_session)
        request = cls.to_boto(kwargs)
        method = getattr(client, boto_list_method)
        while True:
            response = method(**request)
            for item in response.get(boto_list_items_name, []):
                yield item_factory(item)
            next_token = response.get(boto_next_token_name)
            if not next_token:
                return
            request[boto_next_token_name] = next_token

    @classmethod
    def search(
        cls,
        search_expression: Any = None,
        sort_by: str | None = None,
        sort_order: str | None = None,
        max_results: int | None = None,
        sagemaker_boto_client: Any = None,
        *,
        sagemaker_session: Any = None,
    ) -> Iterator[Any]:
        """Iterate over the records of this class that match a search expression.

        Parameters
        ----------
        search_expression : SearchExpression or dict, optional
            Filter, or a dict in boto shape. Without it every record matches.
        sort_by : str, optional
            Property path, e.g. ``Metrics.test:accuracy.Max`` (case-insensitive).
        sort_order : {"Ascending", "Descending"}, optional
        max_results : int, optional
            Page size (1 to 100); all pages are returned.

        Returns
        -------
        iterator of ExperimentSearchResult, TrialSearchResult or TrialComponentSearchResult
            The ``_search_result_type`` of the class.
        """
        client = resolve_client(sagemaker_boto_client, sagemaker_session)
        factory = cls._search_result_type.from_boto
        request: dict[str, Any] = {"Resource": cls._search_resource}
        if search_expression is not None:
            request["SearchExpression"] = search_expression_to_boto(search_expression)
        if sort_by is not None:
            request["SortBy"] = sort_by
        if sort_order is not None:
            request["SortOrder"] = sort_order
        if max_results is not None:
            request["MaxResults"] = max_results
        # Results are keyed by the record type, which is the class name
        # ("Experiment", "Trial", "TrialComponent").
        record_key = cls.__name__
        while True:
            response = client.search(**request)
            for result in response.get("Results", []):
                if record_key in result:
                    yield factory(result[record_key])
            next_token = response.get("NextToken")
            if not next_token:
                return
            request["NextToken"] = next_token
