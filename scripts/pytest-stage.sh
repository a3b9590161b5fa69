#!/usr/bin/env bash
# Runs one pytest stage. "headless": everything but tests/ui, with PySide6 unimportable.
# "all": the whole suite offscreen. Exit code 5 (nothing collected) counts as failure only
# for "all": a headless stage may legitimately find nothing while a package is empty.
set -u
stage=${1:?usage: pytest-stage.sh headless|all}
shift
bin=.venv/bin
export QT_QPA_PLATFORM=offscreen
case "$stage" in
  headless)
    PYTHONPATH="$PWD/ci/noqt${PYTHONPATH:+:$PYTHONPATH}" INTERACTIONCODER_NO_QT=1 \
      $bin/python -m pytest -p no:pytest-qt --ignore=tests/ui -q "$@"
    rc=$?
    [ $rc -eq 5 ] && { echo "headless stage: no tests collected"; rc=0; }
    ;;
  all)
    $bin/python -m pytest -q "$@"
    rc=$?
    ;;
  *) echo "unknown stage $stage" >&2; exit 2 ;;
esac
exit $rc
