#!/bin/sh
# Setup for instructors and CI, in the active Python environment (a virtual environment is best):
#   1. bubblewrap (Debian/Ubuntu package `bubblewrap`) for the strongest sandbox, when the system lets us install it;
#      without it the grader still confines student code with Landlock and seccomp where the kernel has them;
#   2. the kit, editable, with the instructor extras (nbgrader, Jupyter, matplotlib, pytest).
# Students need neither: `python -m pip install .` in their kit is enough (see course/README.student.md).
set -eu
cd "$(dirname "$0")/.."
if ! command -v bwrap >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else SUDO="-"; fi
  if [ "$SUDO" != "-" ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get install -y -qq bubblewrap >/dev/null 2>&1 \
      || { $SUDO apt-get update -qq >/dev/null 2>&1 && $SUDO apt-get install -y -qq bubblewrap >/dev/null 2>&1; } \
      || echo "setup: could not install bubblewrap; grading will use Landlock and seccomp where available" >&2
  else
    echo "setup: install bubblewrap yourself for the strongest isolation (e.g. apt-get install bubblewrap)" >&2
  fi
fi
python -m pip install --quiet -e ".[instructor]"
python -m compileall -q autograder solutions >/dev/null  # byte-code ahead of time: faster cold starts
python -c "from autograder.isolation import choose, describe; print('setup done;', describe(choose('auto')))"
