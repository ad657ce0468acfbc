from __future__ import annotations

import io
import json
from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from goldbox.cli import main


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["pcg", *args])
    return result.exit_code, result.stdout, result.stderr


def test_level_as_json_is_the_generated_level() -> None:
    code, out, _ = _run("level", "--seed", "4", "--width", "40", "--height", "30", "--rooms", "6")
    assert code == 0
    data = json.loads(out)
    assert (data["width"], data["height"], data["seed"]) == (40, 30, 4)
    assert len(data["rooms"]) == 6
    assert out == _run("level", "--seed", "4", "--width", "40", "--height", "30", "--rooms", "6")[1]


def test_level_as_ascii_has_a_map_and_a_legend() -> None:
    code, out, _ = _run("level", "--seed", "4", "--width", "40", "--height", "20", "--format", "ascii")
    assert code == 0
    lines = out.splitlines()
    assert lines[1] == "#" * 40
    assert any(line.startswith("legend:") for line in lines)


def test_png_goes_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "level.png"
    code, _, err = _run("level", "--seed", "4", "--biome", "forest", "--format", "png", "--out", str(target))
    assert code == 0, err
    assert Image.open(io.BytesIO(target.read_bytes())).format == "PNG"
    code, _, err = _run("dungeon", "--seed", "4", "--depth", "2", "--format", "png")
    assert code == 2
    assert "--out" in err


def test_a_batch_makes_count_results_on_consecutive_seeds(tmp_path: Path) -> None:
    code, out, _ = _run(
        "dungeon", "--seed", "10", "--depth", "2", "--width", "32", "--height", "24", "--count", "3"
    )
    assert code == 0
    assert [made["seed"] for made in json.loads(out)] == [10, 11, 12]
    target = tmp_path / "cave.png"
    code, _, _ = _run(
        "terrain", "--seed", "1", "--kind", "cave", "--format", "png", "--out", str(target), "--count", "2"
    )
    assert code == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cave-1.png", "cave-2.png"]


def test_bad_input_is_a_clear_error_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    for args, words in [
        (["--width", "0"], "PCG_PARAM_OUT_OF_RANGE: width must be from 16 to 256; got 0"),
        (["--width", "10000"], "width must be from 16 to 256"),
        (["--difficulty", "-2"], "difficulty must be from 1 to 10"),
        (["--biome", "moon"], "PCG_UNKNOWN_BIOME"),
    ]:
        code, out, err = _run("level", "--seed", "1", *args, "--out", str(target))
        assert code == 2
        assert words in err
        assert out == ""
        assert not target.exists()
    code, _, err = _run("level", "--seed", "1.5")
    assert code == 2
    assert "'1.5' is not a valid integer" in err
