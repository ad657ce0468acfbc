"""Log lines: JSON in production, one object per line, each carrying the request's correlation id."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
import structlog

from goldbox.ops.correlation import accept_or_new, current_correlation_id
from goldbox.ops.logging import configure_logging


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_json_lines_carry_the_correlation_id_for_goldbox_and_library_loggers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging("info", json_lines=True)
    token = current_correlation_id.set("req-42")
    try:
        structlog.get_logger("goldbox.test").info("dungeon_generated", rooms=9)
        logging.getLogger("uvicorn.error").warning("library line")
    finally:
        current_correlation_id.reset(token)
    ours, library = json_lines(capsys.readouterr().err)
    assert ours["event"] == "dungeon_generated"
    assert ours["rooms"] == 9
    assert ours["level"] == "info"
    assert ours["correlation_id"] == "req-42"
    assert "timestamp" in ours
    assert library["event"] == "library line"
    assert library["correlation_id"] == "req-42"


def test_the_level_filters_lines(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("warning", json_lines=True)
    structlog.get_logger("goldbox.test").info("too_quiet")
    structlog.get_logger("goldbox.test").warning("loud_enough")
    assert [line["event"] for line in json_lines(capsys.readouterr().err)] == ["loud_enough"]


def test_exceptions_are_logged_as_text_inside_the_json_line(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("info", json_lines=True)
    try:
        raise RuntimeError("the lich escaped")
    except RuntimeError:
        structlog.get_logger("goldbox.test").exception("boom")
    (line,) = json_lines(capsys.readouterr().err)
    assert "the lich escaped" in str(line["exception"])


@pytest.mark.parametrize("offered", ["abc-123", "trace.id:7", "A" * 128])
def test_sane_request_ids_are_kept(offered: str) -> None:
    assert accept_or_new(offered) == offered


@pytest.mark.parametrize("offered", [None, "", "A" * 129, "evil\nlevel=admin", "with space", "ünïcode"])
def test_other_request_ids_are_replaced(offered: str | None) -> None:
    replaced = accept_or_new(offered)
    assert replaced != offered
    assert len(replaced) == 32
