"""Tournament standings: points per match, and the tie-breaks in their documented order."""

from __future__ import annotations

from goldbox.game.genius.standings import Played, Standing, met_pairs, standings


def table(rows: list[Standing], names: list[str]) -> list[tuple[str, int]]:
    return [(names[row.entrant], row.points) for row in rows]


def test_a_win_is_100_a_draw_30_a_shared_win_a_draw_and_nobody_winning_a_loss() -> None:
    assert Played((0, 1), (3, 1), (0,)).points() == {0: 100, 1: 0}
    assert Played((0, 1), (2, 2), (0, 1)).points() == {0: 30, 1: 30}
    assert Played((0, 1, 2), (5, 5, 1), (0, 1)).points() == {0: 30, 1: 30, 2: 0}
    assert Played((0, 1, 2), (0, 0, 0), ()).points() == {0: 0, 1: 0, 2: 0}


def test_counts_wins_draws_losses_and_byes() -> None:
    names = ["ada", "brom", "cyn"]
    played = [Played((0, 1), (3, 1), (0,)), Played((1, 2), (2, 2), (0, 1))]
    rows = {row.entrant: row for row in standings(names, played, byes=[2, 0], bye_points=0, buchholz=False)}
    assert (rows[0].points, rows[0].wins, rows[0].draws, rows[0].losses, rows[0].byes) == (100, 1, 0, 0, 1)
    assert (rows[1].points, rows[1].wins, rows[1].draws, rows[1].losses) == (30, 0, 1, 1)
    assert (rows[2].points, rows[2].draws, rows[2].byes, rows[2].buchholz) == (30, 1, 1, None)
    swiss = {row.entrant: row for row in standings(names, played, byes=[2], bye_points=100, buchholz=True)}
    assert swiss[2].points == 130
    assert swiss[1].buchholz == 100 + 130


def test_buchholz_then_head_to_head_then_name() -> None:
    names = ["dee", "cyn", "brom", "ada"]
    played = [
        Played((0, 1), (1, 0), (0,)),  # dee beats cyn
        Played((2, 3), (1, 0), (0,)),  # brom beats ada
        Played((2, 0), (1, 0), (0,)),  # brom beats dee
        Played((1, 3), (1, 0), (0,)),  # cyn beats ada
    ]
    rows = standings(names, played, byes=[], bye_points=100, buchholz=True)
    # brom 200; dee 100 (opponents cyn 100 + brom 200 = 300); cyn 100 (dee 100 + ada 0 = 100); ada 0.
    assert table(rows, names) == [("brom", 200), ("dee", 100), ("cyn", 100), ("ada", 0)]
    assert [row.buchholz for row in rows] == [100 + 0, 300, 100, 300]
    assert [row.rank for row in rows] == [1, 2, 3, 4]


def test_head_to_head_separates_equal_points_in_a_round_robin() -> None:
    names = ["ada", "brom", "cyn"]
    played = [
        Played((0, 1), (0, 1), (1,)),  # brom beats ada
        Played((1, 2), (0, 1), (1,)),  # cyn beats brom
        Played((2, 0), (0, 1), (1,)),  # ada beats cyn
    ]
    rows = standings(names, played, byes=[], bye_points=0, buchholz=False)
    # A perfect cycle: everyone 100 and 100 head-to-head, so the name decides.
    assert table(rows, names) == [("ada", 100), ("brom", 100), ("cyn", 100)]
    played.append(Played((0, 1), (0, 1), (1,)))  # brom beats ada again
    rows = standings(names, played, byes=[], bye_points=0, buchholz=False)
    assert table(rows, names) == [("brom", 200), ("ada", 100), ("cyn", 100)]
    # ada and cyn are level on points: ada beat cyn, which counts between them alone.
    assert [row.head_to_head for row in rows] == [0, 100, 0]


def test_head_to_head_decides_before_the_name() -> None:
    names = ["ada", "zed", "cyn", "dee"]
    played = [
        Played((1, 0), (1, 0), (0,)),  # zed beats ada
        Played((0, 2), (1, 0), (0,)),  # ada beats cyn
        Played((1, 3), (0, 1), (1,)),  # dee beats zed
    ]
    rows = standings(names, played, byes=[], bye_points=0, buchholz=False)
    # Level on 100: ada lost to zed, zed lost to dee, dee never met ada. ada's win over cyn (not in
    # the tie) does not count, so ada comes last of the three although the name would put it first.
    assert table(rows, names) == [("dee", 100), ("zed", 100), ("ada", 100), ("cyn", 0)]
    assert [row.head_to_head for row in rows] == [100, 100, 0, 0]


def test_met_pairs_covers_every_pair_at_a_table() -> None:
    assert met_pairs([Played((0, 1, 2), (1, 2, 3), (2,))]) == {
        frozenset((0, 1)),
        frozenset((0, 2)),
        frozenset((1, 2)),
    }
