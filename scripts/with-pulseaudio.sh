#!/usr/bin/env bash
# Runs a command with a private, throw-away PulseAudio server whose only output is a null
# sink "ic_test", so the sound tests (tests/ui/test_sound_heard.py) can play through a real
# audio stack and record what left it from the sink's monitor ("ic_test.monitor").
# Exports PULSE_SERVER (the private socket) and INTERACTIONCODER_TEST_PULSE_SINK=ic_test.
# Where PulseAudio cannot be had (not root, no apt) or does not start, the command still
# runs and the sound tests are skipped with a note.
#
# As root, PulseAudio refuses to run in user mode; it runs as the unprivileged "nobody"
# instead, in a temporary folder (socket, runtime and config), with anonymous access to the
# socket. The daemon is stopped and the folder removed when the command ends.
set -u
sink=ic_test
if ! command -v pulseaudio >/dev/null 2>&1 || ! command -v parec >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing PulseAudio for the sound tests"
    export DEBIAN_FRONTEND=noninteractive
    (apt-get update -qq && apt-get install -y -qq --no-install-recommends pulseaudio pulseaudio-utils) \
      >/dev/null 2>&1
  fi
fi
dir=""
pid=""
cleanup() {
  if [ -n "$pid" ]; then
    kill "$pid" >/dev/null 2>&1
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" >/dev/null 2>&1
    wait "$pid" 2>/dev/null
  fi
  [ -n "$dir" ] && rm -rf "$dir"
}
trap cleanup EXIT
if command -v pulseaudio >/dev/null 2>&1 && command -v parec >/dev/null 2>&1; then
  dir=$(mktemp -d /tmp/ic-pulse.XXXXXX)
  mkdir -p "$dir/server" "$dir/client"
  chmod 755 "$dir"
  chmod 700 "$dir/client"
  runas=()
  if [ "$(id -u)" = "0" ]; then
    chown nobody "$dir/server"
    runas=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
  fi
  chmod 711 "$dir/server"
  # -n: no default.pa (no hardware, no autodetection); the server only has our null sink.
  ${runas[@]+"${runas[@]}"} env -i PATH="$PATH" HOME="$dir/server" XDG_RUNTIME_DIR="$dir/server" \
    XDG_CONFIG_HOME="$dir/server" pulseaudio --daemonize=no --exit-idle-time=-1 -n \
    --use-pid-file=no --disable-shm=yes --log-target=file:"$dir/server/log" \
    --load="module-null-sink sink_name=$sink rate=48000 channels=2" \
    --load="module-native-protocol-unix socket=$dir/server/native auth-anonymous=1" \
    >/dev/null 2>&1 &
  pid=$!
  export PULSE_SERVER="unix:$dir/server/native"
  up=""
  for _ in $(seq 1 50); do
    if PULSE_SERVER="unix:$dir/server/native" pactl info >/dev/null 2>&1; then up=1; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -n "$up" ]; then
    # Real-time scheduling where allowed (root), as desktop audio servers get it through
    # rtkit: a starved server runs dry, and the sound tests would time the machine's load.
    chrt -a --rr -p 5 "$pid" >/dev/null 2>&1 || renice -n -10 -p "$pid" >/dev/null 2>&1
    export INTERACTIONCODER_TEST_PULSE_SINK=$sink
    # Clients (Qt, parec) as the calling user: a runtime folder of their own, no autospawn.
    export XDG_RUNTIME_DIR="$dir/client"
    export PULSE_CLIENTCONFIG="$dir/client/client.conf"
    echo "autospawn = no" >"$PULSE_CLIENTCONFIG"
    echo "sound tests play through a private PulseAudio (null sink $sink, $PULSE_SERVER)"
  else
    echo "note: PulseAudio did not start; the sound tests will be skipped" >&2
    [ -f "$dir/server/log" ] && tail -n 5 "$dir/server/log" >&2
    unset PULSE_SERVER
  fi
else
  echo "note: PulseAudio (pulseaudio, parec) is not installed; the sound tests will be skipped" >&2
fi
"$@"
rc=$?
exit $rc
