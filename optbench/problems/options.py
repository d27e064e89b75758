"""Checks of problem options that raise one clear `OptbenchError` line."""

from __future__ import annotations

from optbench.errors import OptbenchError


def require(condition: bool, name: str, message: str) -> None:
    """Raise `OptbenchError` ``problem 'name': message`` unless ``condition`` holds.

    Examples
    --------
    >>> require(False, "mgh-watson", "option n must be one of 6, 9, 12; got 7")
    Traceback (most recent call last):
    ...
    optbench.errors.OptbenchError: problem 'mgh-watson': option n must be one of 6, 9, 12; got 7
    """
    if not condition:
        raise OptbenchError(f"problem {name!r}: {message}")


def require_at_least(name: str, key: str, value: int, low: int) -> None:
    """Refuse an option ``key`` below ``low``, naming the bound.

    Examples
    --------
    >>> require_at_least("mgh-box-3d", "m", 2, 3)
    Traceback (most recent call last):
    ...
    optbench.errors.OptbenchError: problem 'mgh-box-3d': option m must be at least 3; got 2
    """
    require(value >= low, name, f"option {key} must be at least {low}; got {value}")


def published_choice(name: str, key: str, value: int, known: dict[int, float]) -> float:
    """The f* the source publishes for option ``key = value``; other values are refused.

    Examples
    --------
    >>> published_choice("mgh-penalty-1", "n", 4, {4: 2.2e-5, 10: 7.1e-5})
    2.2e-05
    """
    valid = ", ".join(str(v) for v in sorted(known))
    require(value in known, name, f"option {key} must be one of {valid} (the values the "
            f"source gives f* for); got {value}")
    return known[value]
