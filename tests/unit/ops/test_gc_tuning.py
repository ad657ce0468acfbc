"""The serving process's collector settings: what is alive at start is frozen, young collections are rarer."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from goldbox.ops import gc_tuning


@pytest.fixture
def collector_restored() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@pytest.mark.usefixtures("collector_restored")
def test_tuning_freezes_what_is_alive_and_raises_the_thresholds() -> None:
    kept_for_life = [{"content": n} for n in range(1000)]
    gc.unfreeze()
    gc_tuning.tune_for_serving()
    assert gc.get_freeze_count() >= len(kept_for_life)
    assert gc.get_threshold() == (
        gc_tuning.YOUNG_THRESHOLD,
        gc_tuning.MIDDLE_THRESHOLD,
        gc_tuning.OLD_THRESHOLD,
    )
