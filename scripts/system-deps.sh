#!/usr/bin/env bash
# Installs the few system libraries Qt needs on a bare Debian/Ubuntu machine (sound through
# libpulse, the X11 platform plugin's xcb helpers, Xvfb to run the window without a screen),
# and espeak-ng, which speaks the test sentences for the voice-activity tests.
# Does nothing where they are present, or where we are not root (then it says what to install).
set -u
[ "$(uname -s)" = "Linux" ] || exit 0
command -v dpkg-query >/dev/null 2>&1 || exit 0
pkgs="libpulse0 libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxkbcommon-x11-0 libxcb-xinerama0 libxcb-randr0 libxcb-shape0 libxcb-image0 libxcb-render-util0 libegl1 libgl1 libfontconfig1 libdbus-1-3 xvfb xauth espeak-ng"
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system libraries for Qt:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq $missing >/dev/null
else
  echo "note: Qt may need these system packages:$missing (sudo apt-get install$missing)" >&2
fi
exit 0
