"""Write the report: tables, charts and one self-contained HTML page."""

from __future__ import annotations

from pathlib import Path

from optbench.analysis import summary
from optbench.errors import OptbenchError
from optbench.report.charts import write_charts
from optbench.report.html import write_html
from optbench.report.tables import write_tables
from optbench.store import Store


def write_report(store: Store, run_ids: list[str], out: str | Path) -> list[Path]:
    """Write ``summary.csv``, ``summary.md``, one PNG per problem and ``report.html``.

    Parameters
    ----------
    store : Store
        Where the runs are.
    run_ids : list of str
        The runs to report, in the order to show them.
    out : path
        The output folder (made if missing).

    Returns
    -------
    list of Path
        The files written.
    """
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OptbenchError(f"cannot create output folder {out}: {error.strerror}") from None
    frame = summary(store.runs(run_ids), order=run_ids)
    if frame.empty:
        raise OptbenchError("no runs to report; run some first (optbench run)")
    written = write_tables(frame, out)
    charts = write_charts(frame, store.best_so_far(run_ids), out)
    written += charts
    written.append(write_html(frame, charts, store.meta(), out / "report.html"))
    return written
