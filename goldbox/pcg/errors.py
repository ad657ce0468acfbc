"""The error every generator raises: a `RuleError` with a stable `PCG_*` code.

Codes: PCG_PARAM_OUT_OF_RANGE (a parameter outside its range; the message lists the range),
PCG_UNKNOWN_BIOME, PCG_BAD_PARAMS (any other malformed parameter, such as a non-integer seed),
PCG_BAD_TABLE (a generation table that cannot be used) and PCG_GENERATION_FAILED (validation
still failed after every retry; the message says why).
"""

from __future__ import annotations

from typing import Any

from goldbox.game.errors import RuleError


class PcgError(RuleError):
    """A generator refused its input or could not make a valid result; nothing was generated."""

    def __init__(self, code: str, message: str, **details: Any) -> None:
        super().__init__(code, message, **details)
