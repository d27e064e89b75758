"""How scipy's methods drift from release to release, measured with asv (issue 19).

``asv.drift.conf.json`` (the repository's root) builds one environment per scipy
release and runs the ``track_*`` benchmarks of ``drift_benchmarks/drift.py``; this
package turns asv's result files into the drift report:

- `optbench.drift.results`: asv's result files read into one table;
- `optbench.drift.changes`: which numbers changed between consecutive releases;
- `optbench.drift.causes`: the changes the tests or the README explain, with links;
- `optbench.drift.seed`: the seed's table, release by release;
- `optbench.drift.charts`: a chart per method;
- `optbench.drift.page`: the Markdown page (``docs/results/drift.md``);
- `optbench.drift.command`: ``python -m optbench drift``, every step from asv's
  environments to the page.
"""
