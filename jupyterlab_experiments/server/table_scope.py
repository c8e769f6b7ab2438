"""The ``scope`` query parameter of trial component lists, and its older form.

``scope`` is a JSON object such as ``{"experiments": ["e1"], "trials":
["t2"], "trial_components": ["prep"], "unassigned": true}``; every key is
optional. It selects the union of what it names. The older parameters
``experiment_name``, ``trial_name`` and ``unassigned`` select one
experiment, one trial (of that experiment when both are given) or the
components without a trial. They cannot be combined with ``scope``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..client import LocalSageMakerClient
from ..exceptions import ValidationError
from ..store.scope import ComponentScope
from . import params

SCOPE_NAMES_MAX = 1000
SCOPE_PARAMETERS = ("scope", "experiment_name", "trial_name", "unassigned")

_NAME_LISTS = ("experiments", "trials", "trial_components")
_EXAMPLE = '{"experiments": ["my-experiment"], "trials": [], "unassigned": false}'


@dataclass(frozen=True)
class ScopeRequest:
    """The scope of a request: ``union`` from ``scope``, else the older parameters."""

    union: ComponentScope | None
    legacy: params.ComponentScope


def parse_scope_request(query: dict[str, str]) -> ScopeRequest:
    """Parse ``scope`` or ``experiment_name``, ``trial_name`` and ``unassigned``.

    Raises
    ------
    ValidationError
        If ``scope`` is invalid or combined with one of the older parameters.
    """
    text = query.get("scope")
    legacy_given = [name for name in SCOPE_PARAMETERS[1:] if name in query]
    if text is not None and legacy_given:
        raise ValidationError.invalid(
            "scope",
            text,
            f"cannot be combined with {', '.join(legacy_given)}; "
            "put every experiment and trial into scope instead",
        )
    legacy = params.parse_component_scope(query)
    union = None if text is None else parse_scope(text)
    return ScopeRequest(union=union, legacy=legacy)


def parse_scope(text: str) -> ComponentScope:
    """Parse the JSON text of ``scope``.

    Raises
    ------
    ValidationError
        With the field ``scope`` for invalid JSON, another type than an
        object, unknown keys, values of the wrong type, or more than
        ``SCOPE_NAMES_MAX`` names in all. Also for a name longer than any
        name can be, or with a NUL character or an unpaired surrogate.
    """
    value = params.parse_json("scope", text, f"must be a JSON object such as {_EXAMPLE}")
    if not isinstance(value, dict):
        raise ValidationError.invalid("scope", text, f"must be a JSON object such as {_EXAMPLE}")
    unknown = sorted(set(value) - {*_NAME_LISTS, "unassigned"})
    if unknown:
        raise ValidationError.invalid(
            "scope",
            text,
            f"has unknown keys {', '.join(unknown)}; "
            "use experiments, trials, trial_components and unassigned",
        )

    lists = {key: _name_list(text, key, value.get(key, [])) for key in _NAME_LISTS}
    total = sum(len(names) for names in lists.values())
    if total > SCOPE_NAMES_MAX:
        raise ValidationError.invalid(
            "scope", f"{total} names", f"must name at most {SCOPE_NAMES_MAX} resources in all"
        )
    unassigned = value.get("unassigned", False)
    if not isinstance(unassigned, bool):
        raise ValidationError.invalid("scope", text, "unassigned must be true or false")
    return ComponentScope(
        experiments=lists["experiments"],
        trials=lists["trials"],
        trial_components=lists["trial_components"],
        unassigned=unassigned,
    )


def _name_list(text: str, key: str, names: Any) -> tuple[str, ...]:
    if not isinstance(names, list) or not all(isinstance(name, str) and name for name in names):
        raise ValidationError.invalid("scope", text, f"{key} must be a list of non-empty names")
    return tuple(names)


def store_scope(client: LocalSageMakerClient, request: ScopeRequest) -> ComponentScope | None:
    """Return the store scope of a request; None covers every trial component.

    Runs on a worker thread, because the older parameters are checked
    against the store.

    Raises
    ------
    ResourceNotFound
        If ``experiment_name`` or ``trial_name`` names no resource. Names
        in ``scope`` are checked by the store's search.
    """
    if request.union is not None:
        return request.union
    legacy = request.legacy
    if legacy.unassigned:
        return ComponentScope(unassigned=True)
    experiment = None
    if legacy.experiment_name is not None:
        experiment = client.describe_experiment(ExperimentName=legacy.experiment_name)
    if legacy.trial_name is not None:
        trial = client.describe_trial(TrialName=legacy.trial_name)
        if experiment is not None and trial["ExperimentName"] != experiment["ExperimentName"]:
            # A trial of another experiment is outside the scope, so nothing is.
            return ComponentScope()
        return ComponentScope(trials=(trial["TrialName"],))
    if experiment is not None:
        return ComponentScope(experiments=(experiment["ExperimentName"],))
    return None
