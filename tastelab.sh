#!/usr/bin/env bash
# One entry point for people and CI. Each command installs what it needs, configures and builds.
#   ./tastelab.sh demo          launch the GUI on the built-in demo world
#   ./tastelab.sh test          build and run the whole test suite through CTest
#   ./tastelab.sh build         just build (Release) into build/
#   ./tastelab.sh cli ARGS...   run tastelab-cli (e.g. ./tastelab.sh cli demo --out /tmp/w)
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
build_dir=${TASTELAB_BUILD_DIR:-$root/build}
build_type=${TASTELAB_BUILD_TYPE:-Release}

build() {
  "$root/packaging/install-deps.sh"
  cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" "$@"
  cmake --build "$build_dir" --parallel "$(nproc)"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  demo)
    build
    # Without a display (ssh, containers) fall back to a virtual one so the command still works.
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
      echo "No display found: running under xvfb-run (set DISPLAY to see the window)." >&2
      exec xvfb-run -a -s "-screen 0 1440x900x24" "$build_dir/app/tastelab" --demo "$@"
    fi
    exec "$build_dir/app/tastelab" --demo "$@"
    ;;
  test)
    build
    cd "$build_dir"
    exec ctest --output-on-failure --timeout 900 "$@"
    ;;
  build)
    build "$@"
    ;;
  cli)
    build >&2
    exec "$build_dir/app/tastelab-cli" "$@"
    ;;
  *)
    sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
