"""asv benchmarks of scipy releases, run by ``asv.drift.conf.json`` only (issue 19)."""
