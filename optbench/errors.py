"""Exceptions that optbench raises for bad input.

Every error a user can cause derives from :class:`OptbenchError`; the command line
prints its message as one line and exits with status 2.
"""


class OptbenchError(Exception):
    """A user-facing error: bad names, options, paths or files.

    Examples
    --------
    >>> str(OptbenchError("unknown solver 'nope'"))
    "unknown solver 'nope'"
    """


def error_line(error: BaseException) -> str:
    r"""An exception in one line: its type and the first line of its message.

    This is how a run's ``message`` names a solver's exception.

    Examples
    --------
    >>> error_line(ValueError("bad x0\nsecond line"))
    'ValueError: bad x0'
    """
    return f"{type(error).__name__}: {(str(error).strip().splitlines() or [''])[0]}"
