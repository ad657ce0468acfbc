"""Base models for RPC params and results."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Params(BaseModel):
    """Params reject unknown fields, so a typo is a clear -32602 and not a silently ignored option."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NoParams(Params):
    """For methods that take nothing."""


class Result(BaseModel):
    model_config = ConfigDict(frozen=True)
