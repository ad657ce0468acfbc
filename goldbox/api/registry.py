"""The one registry of RPC methods: every transport and every API document is generated from it.

A method is a function `(call, params) -> result` whose params and result are pydantic models. Its
name, required role, summary and errors are declared beside it, once. Most methods are `async`
(they read the database, wait on a lock...); a method that never waits is declared with a plain
`def` and is *instant*: the WebSocket answers it on the spot, without handing reading to another task.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar, get_type_hints

from pydantic import BaseModel

from goldbox.api.call import Call
from goldbox.api.errors import ErrorCode
from goldbox.auth.roles import Role

Handler = Callable[[Call, Any], Awaitable[BaseModel] | BaseModel]
F = TypeVar("F", bound=Callable[..., Awaitable[BaseModel] | BaseModel])


@dataclass(frozen=True, slots=True)
class Example:
    """A worked call for the docs: the params sent and the result that comes back."""

    name: str
    params: dict[str, Any]
    result: dict[str, Any]


@dataclass(frozen=True)
class RpcMethod:
    """One method as the transports and the documents see it."""

    name: str
    handler: Handler
    params_model: type[BaseModel]
    result_model: type[BaseModel]
    role: Role | None
    summary: str
    description: str
    errors: tuple[ErrorCode, ...] = ()
    examples: tuple[Example, ...] = ()

    @property
    def public(self) -> bool:
        return self.role is None

    @functools.cached_property
    def instant(self) -> bool:
        """A plain (not async) handler: it cannot wait, so it can be answered without a task switch."""
        return not inspect.iscoroutinefunction(self.handler)


class Registry:
    """Holds methods by name; declaring a name twice is a programming error caught at import."""

    def __init__(self) -> None:
        self._methods: dict[str, RpcMethod] = {}

    def method(
        self,
        name: str,
        *,
        role: Role | None,
        errors: tuple[ErrorCode, ...] = (),
        examples: tuple[Example, ...] = (),
    ) -> Callable[[F], F]:
        """Declare `name`; `role=None` makes it public, otherwise callers need at least that role."""

        def register(handler: F) -> F:
            params_model, result_model = _models_of(handler)
            summary, description = _split_docstring(handler, name)
            self.add(
                RpcMethod(
                    name=name,
                    handler=handler,
                    params_model=params_model,
                    result_model=result_model,
                    role=role,
                    summary=summary,
                    description=description,
                    errors=errors,
                    examples=examples,
                )
            )
            return handler

        return register

    def add(self, method: RpcMethod) -> None:
        if method.name in self._methods:
            raise ValueError(f"RPC method {method.name!r} is declared twice")
        if method.name.startswith("rpc.") and method.name != "rpc.discover":
            raise ValueError("the rpc. prefix is reserved by JSON-RPC 2.0")
        self._methods[method.name] = method

    def include(self, other: Registry) -> None:
        """Add every method of another registry (each module declares its methods in its own)."""
        for method in other:
            self.add(method)

    def get(self, name: str) -> RpcMethod | None:
        return self._methods.get(name)

    def __iter__(self) -> Iterator[RpcMethod]:
        return iter(sorted(self._methods.values(), key=lambda m: m.name))

    def __len__(self) -> int:
        return len(self._methods)


def _models_of(handler: Callable[..., Any]) -> tuple[type[BaseModel], type[BaseModel]]:
    hints = get_type_hints(handler)
    parameters = list(inspect.signature(handler).parameters)
    if len(parameters) != 2:
        raise TypeError(f"{handler.__qualname__} must take (call, params)")
    params_model = hints.get(parameters[1])
    result_model = hints.get("return")
    for what, model in (("params", params_model), ("result", result_model)):
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            raise TypeError(f"{handler.__qualname__}: the {what} must be annotated with a pydantic model")
    return params_model, result_model  # type: ignore[return-value]


def _split_docstring(handler: Callable[..., Any], name: str) -> tuple[str, str]:
    doc = inspect.getdoc(handler)
    if not doc:
        raise TypeError(f"RPC method {name} needs a docstring: it becomes the method's documentation")
    summary, _, rest = doc.partition("\n")
    return summary.strip(), rest.strip()
