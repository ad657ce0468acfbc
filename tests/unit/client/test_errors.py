"""Error replies become GoldboxError with the server's stable code."""

from __future__ import annotations

from goldbox.api import errors
from goldbox.api.jsonrpc import error_object
from goldbox.client.errors import GoldboxError


def test_a_goldbox_error_object_keeps_code_details_and_correlation_id() -> None:
    sent = error_object(errors.RULE_VIOLATION, "conn.7", details={"rule": "BID_TOO_LOW"})
    error = GoldboxError.from_error(sent)
    assert error.code == "GBX_RULE_VIOLATION"
    assert error.rpc_code == errors.RULE_VIOLATION.rpc_code
    assert error.details == {"rule": "BID_TOO_LOW"}
    assert error.correlation_id == "conn.7"
    assert error.hint == errors.RULE_VIOLATION.hint
    assert error.message == errors.RULE_VIOLATION.message
    assert str(error).startswith("GBX_RULE_VIOLATION: ")


def test_an_error_without_goldbox_data_is_named_by_its_number() -> None:
    error = GoldboxError.from_error({"code": -32000, "message": "proxy says no"})
    assert (error.code, error.message, error.details, error.correlation_id) == (
        "GBX_RPC_-32000",
        "proxy says no",
        None,
        None,
    )


def test_an_error_that_is_not_an_object_is_malformed() -> None:
    assert GoldboxError.from_error("boom").code == "GBX_MALFORMED_REPLY"
