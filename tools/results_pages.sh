#!/bin/sh
# Regenerate the documentation's results pages (docs/results/) from one stored run of
# each family: run what a store lacks (every suite into its own store under
# results/families/, --jobs 2), then `python -m optbench report --docs`. Nothing in the
# pages is typed by hand; each states the machine, versions and date of its store.
#
#   tools/results_pages.sh            # run what is missing, then regenerate every page
#   NO_RUN=1 tools/results_pages.sh   # regenerate from the stores as they are
#   JOBS=4 tools/results_pages.sh     # more worker processes
#
# The scalar family's store is the committed tests/data/docs-scalar.sqlite: the test
# tests/test_docs_pages.py regenerates docs/results/scalar.md from it and compares.
# Suites whose families another suite already pages (lmder: MGH; equations-large:
# nonlinear equations; libraries: MGH, Hock-Schittkowski, global) go into sub-folders.
# Measured with --jobs 2 on 2 shared cores, every store missing (seconds): nist 18,
# nnls 8, constrained 51, scalar 5, scalar-roots 84, equations 366, equations-large 492,
# lmder 44, global 202, unconstrained 481, libraries 565, robustness 746 (beside
# another session's test run); regenerating the
# pages from the stores (NO_RUN=1) takes about 70 s. The libraries suite needs
# optbench[libraries] (NLopt, Py-BOBYQA, DFO-LS, PDFO), with pdfo built against the
# installed NumPy.
set -eu
cd "$(dirname "$0")/.."
STORES=${STORES:-results/families}
DOCS=${DOCS:-docs/results}
JOBS=${JOBS:-2}

page() {  # page SUITE STORE FOLDER
    if [ -z "${NO_RUN:-}" ]; then
        # exit 1 means some run errored or timed out: stored and reported all the same
        python -m optbench run --suite "$1" --results "$2" --jobs "$JOBS" \
            --timeout "${TIMEOUT:-600}" || [ $? -eq 1 ]
    fi
    python -m optbench report --suite "$1" --results "$2" --no-run --docs "$3"
}

# The sub-folders first, so that the top folder's index lists their indexes.
for suite in lmder equations-large libraries; do
    page "$suite" "$STORES/$suite.sqlite" "$DOCS/$suite"
done
for suite in nist nnls constrained global scalar-roots equations unconstrained robustness; do
    page "$suite" "$STORES/$suite.sqlite" "$DOCS"
done
page scalar tests/data/docs-scalar.sqlite "$DOCS"
# CUTEst (needs optbench[cutest]): 30 s a run, as its page was measured; COBYLA on
# S2MPJ's slowest constraint functions would otherwise run for minutes.
TIMEOUT=30 page cutest-small "$STORES/cutest-small.sqlite" "$DOCS"
