"""`goldbox pcg`: generate maps from the command line, as JSON, ASCII or PNG, one or a batch.

The group is meant to be extended: another module defines a command with the shared options
(`seed_option`, `count_option`, `format_option`, `out_option`) and hands `emit` a function that makes
one result from a seed plus a renderer per format, then registers it with `pcg.add_command(...)`.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from goldbox.game.errors import RuleError

if TYPE_CHECKING:
    from PIL import Image

T = TypeVar("T")
Renderer = Callable[[T], "str | bytes"]
FC = TypeVar("FC", bound=Callable[..., Any])

err = Console(stderr=True, soft_wrap=True)


def png_bytes(image: Image.Image) -> bytes:
    """Encode a rendered map as PNG with Pillow (the pure renderers only draw)."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


@click.group()
def pcg() -> None:
    """Procedural generation: terrain, dungeon levels and whole dungeons (same seed, same output)."""


def seed_option(function: FC) -> FC:
    return click.option("--seed", type=int, required=True, help="The seed: an integer.")(function)


def count_option(function: FC) -> FC:
    return click.option(
        "--count",
        type=click.IntRange(1, 10_000),
        default=1,
        show_default=True,
        help="Make this many, on seeds N, N+1, ... (a progress bar shows on stderr).",
    )(function)


def format_option(*formats: str) -> Callable[[FC], FC]:
    def decorate(function: FC) -> FC:
        return click.option(
            "--format", "fmt", type=click.Choice(formats), default=formats[0], show_default=True
        )(function)

    return decorate


def out_option(function: FC) -> FC:
    return click.option(
        "--out",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write here instead of stdout (needed for png; a batch adds -SEED before the suffix).",
    )(function)


def given(**options: Any) -> dict[str, Any]:
    """Only the options the user set, so the parameter model's defaults apply to the rest."""
    return {name: value for name, value in options.items() if value is not None}


def emit(
    seed: int,
    count: int,
    fmt: str,
    out: Path | None,
    make: Callable[[int], T],
    renderers: Mapping[str, Renderer[T]],
) -> None:
    """Make `count` results on seeds seed.. and write them; a generator's refusal exits 2 with its message."""
    if fmt == "png" and out is None:
        raise click.UsageError("png output needs --out FILE")
    seeds = list(range(seed, seed + count))
    made: list[tuple[int, T]] = []
    try:
        if count == 1:
            made.append((seed, make(seed)))
        else:
            with Progress(
                TextColumn("generating"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err
            ) as progress:
                task = progress.add_task("generating", total=count)
                for each in seeds:
                    made.append((each, make(each)))
                    progress.advance(task)
    except RuleError as exc:
        err.print(f"[red]✗[/] {exc.code}: {exc.message}", highlight=False)
        sys.exit(2)
    render = renderers[fmt]
    if fmt == "png":
        assert out is not None
        for each, result in made:
            target = out if count == 1 else out.with_name(f"{out.stem}-{each}{out.suffix}")
            data = render(result)
            target.write_bytes(data if isinstance(data, bytes) else data.encode())
            err.print(f"wrote {target}", highlight=False)
        return
    texts = [str(render(result)) for _, result in made]
    text = "\n\n".join(texts)
    if fmt == "json" and count > 1:
        text = "[" + ",".join(texts) + "]"
    if out is None:
        click.echo(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        err.print(f"wrote {out}", highlight=False)


_SIZE_HELP = "16 to 256"


def _map_options(function: FC) -> FC:
    for option in reversed(
        [
            click.option("--width", type=int, help=f"Width in tiles ({_SIZE_HELP}; default 64)."),
            click.option("--height", type=int, help=f"Height in tiles ({_SIZE_HELP}; default 64)."),
            click.option("--difficulty", type=int, help="1 to 10 (default 3)."),
            click.option(
                "--biome",
                help="cave, dungeon, forest, mountain, swamp or desert (default dungeon; terrain: cave).",
            ),
        ]
    ):
        function = option(function)
    return function


def _party_options(function: FC) -> FC:
    for option in reversed(
        [
            click.option("--party-level", type=int, help="1 to 20 (default 1)."),
            click.option("--party-size", type=int, help="1 to 8 (default 4)."),
            click.option(
                "--rooms", type=int, help="Rooms per level, 2 to 64 (default 10; fewer if they do not fit)."
            ),
        ]
    ):
        function = option(function)
    return function


@pcg.command("level")
@seed_option
@_map_options
@_party_options
@click.option("--depth", type=int, help="Which level of a dungeon this is, 1 to 20 (default 1).")
@click.option("--boss/--no-boss", default=None, help="A boss guards the exit (default no).")
@format_option("json", "ascii", "png")
@out_option
@count_option
def level_command(seed: int, fmt: str, out: Path | None, count: int, **options: Any) -> None:
    """One dungeon level: rooms, corridors, doors, traps, monsters, treasure and stairs."""
    from goldbox.content.pcg_tables import load_encounter_table
    from goldbox.pcg.dungeon import generate_level
    from goldbox.pcg.model import GeneratedLevel
    from goldbox.pcg.params import LevelParams
    from goldbox.pcg.render import level_ascii, level_image

    chosen = given(**options)

    def make(each: int) -> GeneratedLevel:
        return generate_level(LevelParams(seed=each, **chosen), load_encounter_table())

    emit(
        seed,
        count,
        fmt,
        out,
        make,
        {
            "json": GeneratedLevel.to_json,
            "ascii": level_ascii,
            "png": lambda made: png_bytes(level_image(made)),
        },
    )


@pcg.command("dungeon")
@seed_option
@click.option("--depth", type=int, help="How many levels, 1 to 20 (default 3).")
@_map_options
@_party_options
@format_option("json", "ascii", "png")
@out_option
@count_option
def dungeon_command(seed: int, fmt: str, out: Path | None, count: int, **options: Any) -> None:
    """A dungeon of several levels joined by stairs, harder the deeper it goes, with a boss at the bottom."""
    from goldbox.content.pcg_tables import load_encounter_table
    from goldbox.pcg.dungeon import generate_dungeon
    from goldbox.pcg.model import GeneratedDungeon
    from goldbox.pcg.params import DungeonParams
    from goldbox.pcg.render import dungeon_ascii, dungeon_image

    chosen = given(**options)

    def make(each: int) -> GeneratedDungeon:
        return generate_dungeon(DungeonParams(seed=each, **chosen), load_encounter_table())

    emit(
        seed,
        count,
        fmt,
        out,
        make,
        {
            "json": GeneratedDungeon.to_json,
            "ascii": dungeon_ascii,
            "png": lambda made: png_bytes(dungeon_image(made)),
        },
    )


@pcg.command("terrain")
@seed_option
@_map_options
@click.option("--kind", help="biome (default), cave, maze or braided_maze.")
@format_option("json", "ascii", "png")
@out_option
@count_option
def terrain_command(seed: int, fmt: str, out: Path | None, count: int, **options: Any) -> None:
    """An open map: a biome's ground, a cellular-automaton cave, or a maze; always connected."""
    from goldbox.pcg.params import TerrainParams
    from goldbox.pcg.render import terrain_ascii, terrain_image
    from goldbox.pcg.terrain import GeneratedTerrain, generate_terrain

    chosen = given(**options)

    def make(each: int) -> GeneratedTerrain:
        return generate_terrain(TerrainParams(seed=each, **chosen))

    emit(
        seed,
        count,
        fmt,
        out,
        make,
        {
            "json": GeneratedTerrain.to_json,
            "ascii": terrain_ascii,
            "png": lambda made: png_bytes(terrain_image(made)),
        },
    )
