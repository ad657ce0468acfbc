from __future__ import annotations

from goldbox.pcg.seeds import attempt_seed, sub_rng, sub_seed


def test_sub_seeds_depend_on_the_name_and_nothing_else() -> None:
    assert sub_seed(42, "dungeon", 1) == sub_seed(42, "dungeon", 1)
    assert sub_seed(42, "dungeon", 1) != sub_seed(42, "dungeon", 2)
    assert sub_seed(42, "items") != sub_seed(42, "dungeon")
    assert sub_seed(42, "items") != sub_seed(43, "items")


def test_sub_seeds_are_stable_across_versions() -> None:
    # Saved games and bug reports name seeds; this value must never change.
    assert sub_seed(1, "level") == 2582494895053846553


def test_a_sub_rng_draws_the_same_stream_each_time() -> None:
    assert [sub_rng(9, "x").below(1000) for _ in range(3)] == [sub_rng(9, "x").below(1000)] * 3


def test_the_first_attempt_keeps_the_seed_and_retries_derive_new_ones() -> None:
    assert attempt_seed(5, "level", 0) == 5
    retries = {attempt_seed(5, "level", attempt) for attempt in range(1, 8)}
    assert len(retries) == 7
    assert 5 not in retries
