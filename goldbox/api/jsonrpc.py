"""JSON-RPC 2.0, independent of any transport: bytes in, bytes (or nothing) out.

Both `POST /rpc` and `/ws` hand their raw messages here, so the two behave identically:
single calls, batches, notifications, the standard error codes, and catalog errors in
`error.data = {code, correlation_id, details, hint}`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, NamedTuple, TypeVar, cast

import orjson
import structlog
from pydantic import BaseModel, ValidationError

from goldbox.api import errors
from goldbox.api.call import Call
from goldbox.api.errors import ErrorCode, GbxError
from goldbox.api.registry import Registry, RpcMethod
from goldbox.ops import metrics

log = structlog.get_logger("goldbox.rpc")

UNKNOWN_METHOD_LABEL = "<unknown>"
Charge = Callable[[int], Awaitable[None]]
_NO_ID = object()
T = TypeVar("T")


class Deferred(NamedTuple):
    """A message `instant_reply` did not answer (a batch, or a method that may wait): answer it
    with `answer_message`, which takes the message already parsed."""

    message: Any


def encode(message: Any) -> bytes:
    return orjson.dumps(message)


def error_object(
    code: ErrorCode, correlation_id: str, message: str | None = None, details: Any = None
) -> dict[str, Any]:
    return {
        "code": code.rpc_code,
        "message": message or code.message,
        "data": {"code": code.name, "correlation_id": correlation_id, "details": details, "hint": code.hint},
    }


def error_response(
    request_id: Any, code: ErrorCode, correlation_id: str, message: str | None = None, details: Any = None
) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "error": error_object(code, correlation_id, message, details), "id": request_id}


_ID_TYPES = (str, int, float)
_PARAMS_TYPES = (dict, list)


def _valid_id(value: Any) -> bool:
    return value is None or (isinstance(value, _ID_TYPES) and value.__class__ is not bool)


def _field_errors(exc: ValidationError) -> list[dict[str, Any]]:
    return [
        {
            "path": ".".join(["params", *(str(part) for part in error["loc"])]),
            "message": error["msg"],
            "type": error["type"],
        }
        for error in exc.errors(include_url=False, include_input=False)
    ]


class JsonRpcEngine:
    """Answers JSON-RPC messages with the methods of one registry."""

    def __init__(
        self, registry: Registry, max_batch: int, unavailable: tuple[type[BaseException], ...] = ()
    ) -> None:
        self.registry = registry
        self.max_batch = max_batch
        # Exceptions that mean a backend is busy or unreachable (a full database pool): the caller
        # should retry, so they answer GBX_UNAVAILABLE rather than GBX_INTERNAL. The services name
        # them, so this engine knows no database library.
        self._unavailable = unavailable
        # The params of methods that take none, validated once: the models are frozen, so one
        # instance serves every call (validating `{}` again cost more than the ping itself).
        self._no_params: dict[str, BaseModel] = {}

    async def answer(self, raw: bytes | str, call: Call, charge: Charge | None = None) -> bytes | None:
        """The encoded reply to one message, or None when nothing is owed (only notifications).

        `charge` learns how many calls the message holds before any runs (rate limits count calls,
        so a batch costs what its calls cost); whatever it raises ends the message unanswered.
        """
        try:
            message = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            return encode(_parse_error(exc, call))
        return await self.answer_message(message, call, charge)

    async def answer_message(self, message: Any, call: Call, charge: Charge | None = None) -> bytes | None:
        """`answer` for a message already parsed from JSON."""
        if charge is not None:
            await charge(min(len(message), self.max_batch) if isinstance(message, list) and message else 1)
        if isinstance(message, list):
            reply = await self._answer_batch(message, call)
        else:
            reply = await self._answer_one(message, call)
        return None if reply is None else encode(reply)

    def instant_reply(self, raw: bytes | str, call: Call) -> bytes | Deferred | None:
        """The reply to a message answered without waiting: malformed JSON, or one call of an instant
        method (or of none); `Deferred` for everything else. No rate-limit charge is taken here: a
        single call's was taken when its message was counted."""
        try:
            message = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            return encode(_parse_error(exc, call))
        method_name = message.get("method") if isinstance(message, dict) else None
        method = self.registry.get(method_name) if isinstance(method_name, str) else None
        if method is not None and not method.instant:
            return Deferred(message)
        if isinstance(message, list):
            return Deferred(message)
        reply = _run_at_once(self._answer_one(message, call))
        return None if reply is None else encode(reply)

    async def _answer_batch(self, batch: list[Any], call: Call) -> Any:
        if not batch:
            return error_response(None, errors.INVALID_REQUEST, call.correlation_id, "The batch is empty.")
        if len(batch) > self.max_batch:
            return error_response(
                None,
                errors.BATCH_TOO_LARGE,
                call.correlation_id,
                details={"max": self.max_batch, "received": len(batch)},
            )
        replies = await asyncio.gather(*(self._answer_one(item, call) for item in batch))
        answered = [reply for reply in replies if reply is not None]
        return answered or None

    async def _answer_one(self, request: Any, call: Call) -> dict[str, Any] | None:
        correlation_id = call.correlation_id
        if not isinstance(request, dict):
            return error_response(
                None, errors.INVALID_REQUEST, correlation_id, "A request must be a JSON object."
            )
        request_id = request.get("id", _NO_ID)
        problem = _request_problem(request, request_id)
        reply_id = None if request_id is _NO_ID else request_id
        if problem:
            if not _valid_id(reply_id):
                reply_id = None
            return error_response(reply_id, errors.INVALID_REQUEST, correlation_id, problem)
        method = self.registry.get(request["method"])
        started = time.perf_counter()
        if method is None:
            self._observe(UNKNOWN_METHOD_LABEL, call, errors.METHOD_NOT_FOUND.name, started)
            outcome = error_response(
                reply_id,
                errors.METHOD_NOT_FOUND,
                correlation_id,
                f"There is no method {request['method']!r}.",
            )
        else:
            # The method is invoked here rather than in a coroutine of its own: one less per call.
            try:
                if method.role is not None:
                    _authorise(method, call)
                raw_params = request.get("params")
                params = self._no_params.get(method.name) if raw_params is None else None
                if params is None:
                    params = self._bind(method, raw_params)
                answered = method.handler(call, params)
                result = (
                    cast(BaseModel, answered)
                    if method.instant
                    else await cast(Awaitable[BaseModel], answered)
                )
                # Encoded here, so a result JSON cannot carry fails this call alone, as an internal error.
                payload = orjson.Fragment(result.__pydantic_serializer__.to_json(result))
            except GbxError as exc:
                self._observe(method.name, call, exc.code.name, started)
                outcome = error_response(reply_id, exc.code, correlation_id, exc.message, exc.details)
            except self._unavailable as exc:
                log.warning("rpc_backend_unavailable", method=method.name, error=type(exc).__name__)
                self._observe(method.name, call, errors.UNAVAILABLE.name, started)
                outcome = error_response(reply_id, errors.UNAVAILABLE, correlation_id)
            except Exception:
                log.exception("rpc_method_failed", method=method.name)
                self._observe(method.name, call, errors.INTERNAL_ERROR.name, started)
                outcome = error_response(reply_id, errors.INTERNAL_ERROR, correlation_id)
            else:
                self._observe(method.name, call, "ok", started)
                outcome = {"jsonrpc": "2.0", "result": payload, "id": reply_id}
        return None if request_id is _NO_ID else outcome

    def _bind(self, method: RpcMethod, raw_params: Any) -> BaseModel:
        params = _bind_params(method, raw_params)
        model = method.params_model
        if raw_params is None and not model.model_fields and model.model_config.get("frozen"):
            self._no_params[method.name] = params
        return params

    @staticmethod
    def _observe(method: str, call: Call, outcome: str, started: float) -> None:
        tally = call.tally
        if tally is None:
            metrics.observe_rpc(method, call.transport.value, outcome, time.perf_counter() - started)
        else:
            tally.observe_rpc(method, outcome, time.perf_counter() - started)


def _parse_error(exc: orjson.JSONDecodeError, call: Call) -> dict[str, Any]:
    return error_response(None, errors.PARSE_ERROR, call.correlation_id, details={"reason": str(exc)})


def _run_at_once(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run to its end a coroutine that cannot wait (`_answer_one` of an instant method awaits
    nothing), without a task or a turn of the loop."""
    try:
        coroutine.send(None)
    except StopIteration as finished:
        return cast(T, finished.value)
    coroutine.close()
    raise RuntimeError("an instant RPC method waited; declare it `async def`")


_MEMBERS = frozenset({"jsonrpc", "method", "params", "id"})


def _request_problem(request: dict[str, Any], request_id: Any) -> str | None:
    """Why a JSON object is not a JSON-RPC 2.0 request, or None when it is one."""
    if request.get("jsonrpc") != "2.0":
        return 'The request must say "jsonrpc": "2.0".'
    method = request.get("method")
    if not isinstance(method, str) or not method:
        return 'The request needs a non-empty string "method".'
    if request_id is not _NO_ID and not _valid_id(request_id):
        return 'The "id" must be a string, a number or null.'
    params = request.get("params", _NO_ID)
    if params is not _NO_ID and not isinstance(params, _PARAMS_TYPES):
        return 'The "params" must be an object or an array.'
    if not _MEMBERS.issuperset(request):
        extra = ", ".join(sorted(set(request) - _MEMBERS))
        return f"The request has members JSON-RPC 2.0 does not define: {extra}."
    return None


def _authorise(method: RpcMethod, call: Call) -> None:
    if method.role is None:
        return
    if call.principal is None:
        raise GbxError(errors.UNAUTHENTICATED, details={"required_role": method.role.value})
    if not call.principal.role.may_act_as(method.role):
        raise GbxError(
            errors.FORBIDDEN,
            details={"required_role": method.role.value, "your_role": call.principal.role.value},
        )


def _bind_params(method: RpcMethod, raw: Any) -> BaseModel:
    """Validate params given by name (object) or by position (array, in the model's field order)."""
    if raw is None:
        raw = {}
    if isinstance(raw, list):
        names = list(method.params_model.model_fields)
        if len(raw) > len(names):
            raise GbxError(
                errors.INVALID_PARAMS,
                f"{method.name} takes at most {len(names)} positional params, got {len(raw)}.",
                [{"path": "params", "message": "too many positional params", "type": "too_long"}],
            )
        raw = dict(zip(names, raw, strict=False))
    try:
        params: BaseModel = method.params_model.__pydantic_validator__.validate_python(raw)
        return params
    except ValidationError as exc:
        raise GbxError(errors.INVALID_PARAMS, details=_field_errors(exc)) from None
