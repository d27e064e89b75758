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
