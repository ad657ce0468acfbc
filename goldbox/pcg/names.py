"""Names for NPCs from a Markov chain over letters, trained on each race's list of names.

A name list (goldbox/data/names/<race>.txt, read by goldbox.content) teaches the chain which letter
follows each run of `order` letters. Walking the chain from the start of a word gives a new name
that sounds like the list without being in it: a name already in the list is drawn again, a few
times, before it is accepted. The same seed and model always give the same name.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from goldbox.game.rng import Rng
from goldbox.pcg.content_params import NameParams, require_seed
from goldbox.pcg.errors import PcgError
from goldbox.pcg.seeds import sub_rng

_START = "^"
_END = "$"
# Draws before a name that is in the training list, or outside the length bounds, is given up on.
_NOVEL_TRIES = 12
_TRIES = 200


@dataclass(frozen=True, slots=True)
class NameModel:
    """A trained chain: for each context of `order` letters, the letters that may follow, weighted.

    `follows[context]` is `(letters, cumulative counts)`; `_END` among the letters ends the name.
    """

    race: str
    order: int
    known: frozenset[str]
    follows: Mapping[str, tuple[str, tuple[int, ...]]]


def train_name_model(race: str, names: Sequence[str], order: int = 3) -> NameModel:
    """Count which letter follows each run of `order` letters in `names` (case and blanks ignored)."""
    if not 2 <= order <= 4:
        raise PcgError("PCG_BAD_PARAMS", f"order must be from 2 to 4; got {order!r}", param="order")
    words = [name.strip().lower() for name in names if name.strip()]
    if not words:
        raise PcgError("PCG_BAD_TABLE", f"the name list for {race!r} is empty")
    counts: dict[str, dict[str, int]] = {}
    for word in words:
        padded = _START * order + word + _END
        for index in range(order, len(padded)):
            context = padded[index - order : index]
            following = counts.setdefault(context, {})
            following[padded[index]] = following.get(padded[index], 0) + 1
    follows: dict[str, tuple[str, tuple[int, ...]]] = {}
    for context in sorted(counts):
        letters = "".join(sorted(counts[context]))
        running = 0
        cumulative = []
        for letter in letters:
            running += counts[context][letter]
            cumulative.append(running)
        follows[context] = (letters, tuple(cumulative))
    return NameModel(race=race, order=order, known=frozenset(words), follows=follows)


def train_name_models(lists: Mapping[str, Sequence[str]], order: int = 3) -> dict[str, NameModel]:
    """One model per race, from the lists goldbox.content reads."""
    return {race: train_name_model(race, lists[race], order) for race in sorted(lists)}


def _walk(rng: Rng, model: NameModel, max_length: int) -> str | None:
    """One walk of the chain; None if it runs past `max_length` letters."""
    context = _START * model.order
    letters: list[str] = []
    while True:
        choices, cumulative = model.follows[context]
        letter = choices[bisect_right(cumulative, rng.below(cumulative[-1]))]
        if letter == _END:
            return "".join(letters)
        letters.append(letter)
        if len(letters) > max_length:
            return None
        context = context[1:] + letter


def draw_name(rng: Rng, model: NameModel, min_length: int = 3, max_length: int = 10) -> str:
    """A name from `rng`'s stream: new if the chain finds one quickly, always within the bounds."""
    fallback: str | None = None
    for attempt in range(_TRIES):
        word = _walk(rng, model, max_length)
        if word is None or len(word) < min_length:
            continue
        if word not in model.known:
            return _capitalise(word)
        if fallback is None:
            fallback = word
        if attempt >= _NOVEL_TRIES:
            return _capitalise(fallback)
    if fallback is not None:
        return _capitalise(fallback)
    raise PcgError(
        "PCG_GENERATION_FAILED",
        f"no {model.race} name of {min_length} to {max_length} letters came out of {_TRIES} tries; "
        "widen the length bounds",
    )


def generate_name(seed: int, model: NameModel, params: NameParams | None = None) -> str:
    """One name for `seed`, drawn from its own stream (`names`, race)."""
    chosen = params or NameParams()
    return draw_name(
        sub_rng(require_seed(seed), "names", model.race), model, chosen.min_length, chosen.max_length
    )


def generate_names(seed: int, model: NameModel, count: int, params: NameParams | None = None) -> list[str]:
    """`count` names from one stream; the same seed gives the same list."""
    if not 1 <= count <= 1000:
        raise PcgError(
            "PCG_PARAM_OUT_OF_RANGE", f"count must be from 1 to 1000; got {count!r}", param="count"
        )
    chosen = params or NameParams()
    rng = sub_rng(require_seed(seed), "names", model.race)
    return [draw_name(rng, model, chosen.min_length, chosen.max_length) for _ in range(count)]


def _capitalise(word: str) -> str:
    """`"tor'ak-ul"` -> `"Tor'ak-Ul"`: a capital after a hyphen or a space, as in a name."""
    return "-".join(part.capitalize() for part in word.split("-"))
