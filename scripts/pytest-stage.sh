#!/usr/bin/env bash
# Runs one pytest stage; together the two stages run every test exactly once.
#   headless: everything outside tests/ui not marked "ui", with PySide6 unimportable
#             (the storage tests also on PostgreSQL when INTERACTIONCODER_TEST_POSTGRES_URL
#             is set: `make test` runs this stage under scripts/with-postgres.sh).
#   gui:      what the headless stage could not run: tests/ui, and tests elsewhere marked
#             "ui", offscreen. ("all" is an old name of this stage.)
# Exit code 5 (nothing collected) is a failure only for tests/ui: the headless stage, and
# the search for "ui"-marked tests outside tests/ui, may legitimately find nothing.
set -u
stage=${1:?usage: pytest-stage.sh headless|gui}
shift
bin=.venv/bin
export QT_QPA_PLATFORM=offscreen
case "$stage" in
  headless)
    PYTHONPATH="$PWD/ci/noqt${PYTHONPATH:+:$PYTHONPATH}" INTERACTIONCODER_NO_QT=1 \
      $bin/python -m pytest -p no:pytest-qt --ignore=tests/ui -m "not ui" -q "$@"
    rc=$?
    [ $rc -eq 5 ] && { echo "headless stage: no tests collected"; rc=0; }
    ;;
  gui | all)
    $bin/python -m pytest -q tests/ui "$@"
    rc=$?
    $bin/python -m pytest -q --ignore=tests/ui -m ui "$@"
    rc_marked=$?
    if [ $rc_marked -eq 5 ]; then
      rc_marked=0  # no Qt test outside tests/ui: nothing more to run
    fi
    [ $rc -eq 0 ] && rc=$rc_marked
    ;;
  *) echo "unknown stage $stage" >&2; exit 2 ;;
esac
exit $rc
