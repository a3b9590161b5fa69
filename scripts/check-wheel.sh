#!/usr/bin/env bash
# Builds the wheel, installs it (not editable) with its dependencies in a fresh virtualenv
# outside the checkout, and runs the INSTALLED program: --version, demo, reliability,
# project info and an offscreen start of the application window on the demo project.
# This catches what an editable install hides: files missing from the wheel (Alembic
# migrations, shipped codebooks), entry points, imports of the source tree.
#   usage: bash scripts/check-wheel.sh            (PYTHON=python3.12 to pick the interpreter)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
py=${PYTHON:-python3}
work=$(mktemp -d "${TMPDIR:-/tmp}/ic-wheel.XXXXXX")
trap 'rm -rf "$work"' EXIT
unset PYTHONPATH  # the installed package only, never the source tree

step() { echo "== check-wheel [$(date +%T)]: $*"; }

step "fresh virtualenv ($($py --version))"
"$py" -m venv "$work/venv"
vpy="$work/venv/bin/python"

step "build the wheel"
"$vpy" -m pip wheel -q --no-deps -w "$work/dist" "$repo"
wheel=$(ls "$work"/dist/interactioncoder-*.whl)
echo "   $(basename "$wheel")"
"$vpy" -m zipfile -l "$wheel" >"$work/wheel-files.txt"
for needed in storage/migrations/env.py storage/migrations/versions/0001_initial_schema.py \
              storage/migrations/script.py.mako; do
  if ! grep -q "interactioncoder/$needed" "$work/wheel-files.txt"; then
    echo "check-wheel: the wheel lacks interactioncoder/$needed" >&2
    exit 1
  fi
done

step "install it (with its dependencies, not editable)"
# --no-compile: byte-compiling PySide6, pandas and scipy would double the time
"$vpy" -m pip install -q --no-compile "$wheel" 2>&1 | { grep -v "^WARNING: Location" || true; }

# run from an empty folder, so nothing can come from the checkout
cd "$work"
bin="$work/venv/bin"
where=$("$vpy" -c "import interactioncoder, pathlib; print(pathlib.Path(interactioncoder.__file__).parent)")
case "$where" in
  "$repo"*) echo "check-wheel: imported from the checkout ($where), not the wheel" >&2; exit 1 ;;
esac

step "interactioncoder --version"
version=$("$bin/interactioncoder" --version)
echo "   $version"
expected=$("$vpy" -c "from importlib.metadata import version; print(version('interactioncoder'))")
[ "$version" = "interactioncoder $expected" ] || { echo "check-wheel: unexpected version" >&2; exit 1; }

step "demo (20 s of synthetic video)"
"$bin/interactioncoder" demo "$work/demo.icproj" --seconds 20 >/dev/null

step "reliability, project info"
"$bin/interactioncoder" reliability "$work/demo.icproj" >"$work/reliability.txt"
grep -q "κ\|kappa\|Kappa" "$work/reliability.txt" || { cat "$work/reliability.txt"; exit 1; }
"$bin/interactioncoder" project info "$work/demo.icproj" >"$work/info.txt"
grep -q "codings:" "$work/info.txt" || { cat "$work/info.txt"; exit 1; }

step "offscreen start of the application on the demo project"
cat >"$work/smoke.py" <<'PY'
# The installed GUI entry, started as the program starts it; a timer checks the shown window
# and quits (the entry point itself runs no test code).
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from interactioncoder.ui.application import make_application, run_gui


def check() -> None:
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    titles = [w.windowTitle() for w in shown]
    print("window:", " | ".join(titles))
    QApplication.instance().exit(0 if any("demo" in t.lower() for t in titles) else 3)


make_application()
QTimer.singleShot(3000, check)
sys.exit(run_gui(sys.argv[1]))
PY
QT_QPA_PLATFORM=offscreen INTERACTIONCODER_CODER=smoke \
  XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" \
  timeout 120 "$vpy" "$work/smoke.py" "$work/demo.icproj" >"$work/gui.txt" 2>&1 || {
    cat "$work/gui.txt"; echo "check-wheel: the application did not start" >&2; exit 1; }
grep "window:" "$work/gui.txt"
step "ok"
