"""airspeed velocity (asv) benchmarks of optbench; ``asv.conf.json`` is at the repo root.

``asv run`` builds optbench from each commit and installs it into its own environment;
``asv run --python=same`` and ``asv check --python=same`` use the current interpreter,
where optbench must be installed (``pip install -e .``). ``ratios.py`` beside this file
is a plain script (not an asv suite) that prints optbench's performance ratios.
"""
