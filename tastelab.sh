#!/usr/bin/env bash
# One entry point for people and CI. Each command installs what it needs, configures and builds.
#   ./tastelab.sh demo          launch the GUI on the built-in demo world
#   ./tastelab.sh test          build and run the whole test suite through CTest
#   ./tastelab.sh build         just build (Release) into build/
#   ./tastelab.sh cli ARGS...   run tastelab-cli (e.g. ./tastelab.sh cli demo --out /tmp/w)
#   ./tastelab.sh package       build the Debian package build-package/tastelab_<version>-1_<arch>.deb
#   ./tastelab.sh fuzz [SECONDS] build the libFuzzer targets (clang, sanitizers) of every parser
#                               of outside bytes and run each for SECONDS (default 7)
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

# Seed corpora from tests/data: the inputs each parser is meant to read. $2 is a directory for
# seeds made here (fuzz_tags' inputs start with a byte choosing the file name's extension).
fuzz_seeds() {
  local d="$root/tests/data/import" audio="$root/tests/data/audio-seeds"
  local seeds="$root/tests/data/fuzz-seeds"
  case "$1" in
    fuzz_audio_decode) echo "$audio"/*.wav "$audio"/*.flac "$audio"/*.ogg "$audio"/*.opus \
                         "$audio"/*.mp3 "$audio"/*.aiff "$audio"/*.m4a "$audio"/*.aac \
                         "$audio"/*.wma "$audio"/*.mka "$audio"/*.webm ;;
    fuzz_tags)
      # The byte is the index into fuzz_tags.cpp's kExtensions: flac ogg opus mp3 wav aif m4a
      # aac wma mka webm.
      mkdir -p "$2"
      local i=0 ext f
      for ext in flac ogg opus mp3 wav aiff m4a aac wma mka webm; do
        for f in "$audio"/*."$ext"; do
          { printf '%b' "\\0$(printf %03o "$i")"; cat "$f"; } >"$2/$(basename "$f")"
          echo "$2/$(basename "$f")"
        done
        i=$((i + 1))
      done
      # Found by fuzz_tags: a WAV whose LIST part claims 0xfffffff7 bytes (libsndfile 1.2.0 loops)
      echo "$seeds"/tags-*.bin
      ;;
    fuzz_project_open) echo "$seeds"/*.tastelab ;;
    fuzz_stored_logmel) echo "$seeds"/*.tllm ;;
    fuzz_excerpt_plan) echo "$seeds"/excerpt-plan-* ;;
    fuzz_native_path) echo "$seeds"/names-* ;;
    fuzz_spotify_account) echo "$d"/spotify-account/StreamingHistory0.json "$d"/spotify-account/StreamingHistory_music_0.json ;;
    fuzz_spotify_podcasts) echo "$d"/spotify-account/StreamingHistory_podcast_0.json ;;
    fuzz_spotify_extended) echo "$d"/spotify-extended/*.json ;;
    fuzz_listenbrainz_jsonl) echo "$d"/listenbrainz-export/listens/2023/1.jsonl "$d"/listenbrainz-export/feedback.jsonl ;;
    fuzz_listenbrainz_json) echo "$d"/listenbrainz-export/listenbrainz_rob_old.json ;;
    fuzz_lastfm_csv) echo "$d"/lastfm/lastfm-*.csv ;;
    fuzz_lastfm_ghan) echo "$d"/lastfm/ghan.csv ;;
    fuzz_lastfm_1k) echo "$d"/datasets/userid-*.tsv ;;
    fuzz_lastfm_360k) echo "$d"/datasets/usersha1-*.tsv ;;
    fuzz_taste_profile) echo "$d"/datasets/train_triplets.txt ;;
    fuzz_msd_track_list) echo "$d"/datasets/unique_tracks.txt ;;
    fuzz_archive) echo "$d"/datasets/export.zip ;;
    *) find "$d" -type f -size -64k ;;
  esac
}

fuzz() {
  local seconds=${1:-7}
  local dir=${TASTELAB_FUZZ_BUILD_DIR:-$root/build-fuzz}
  "$root/packaging/install-deps.sh"
  cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang -DTASTELAB_BUILD_FUZZ=ON \
    -DTASTELAB_BUILD_GUI=OFF -DTASTELAB_BUILD_TESTS=OFF -DTASTELAB_BUILD_BENCH=OFF >/dev/null
  cmake --build "$dir" --target fuzzers --parallel "$(nproc)"
  local failed=0
  for bin in "$dir"/fuzz/fuzz_*; do
    [ -f "$bin" ] && [ -x "$bin" ] || continue
    local name corpus log
    name=$(basename "$bin")
    corpus="$dir/corpus/$name"
    log="$dir/corpus/$name.log"
    mkdir -p "$corpus"
    # shellcheck disable=SC2046
    cp -n $(fuzz_seeds "$name" "$dir/seeds/$name") "$corpus"/ 2>/dev/null || true
    if (cd "$dir/corpus" && "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
          -max_len=65536 -print_final_stats=1 "$corpus" >"$log" 2>&1); then
      echo "$name: ok, $(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$') runs in ${seconds} s"
    else
      echo "$name: FAILED (log: $log; reproducer in $dir/corpus/crash-*)" >&2
      tail -n 30 "$log" >&2
      failed=1
    fi
  done
  return $failed
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
  fuzz)
    fuzz "$@"
    ;;
  package)
    # Its own build folder: a package must run on every amd64 CPU, so no AVX2/FMA (build/ keeps
    # them for speed), and it needs neither tests nor benchmarks.
    "$root/packaging/install-deps.sh"
    pkg_dir=${TASTELAB_PACKAGE_DIR:-$root/build-package}
    cmake -S "$root" -B "$pkg_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTASTELAB_X86_64_V3=OFF \
      -DTASTELAB_BUILD_TESTS=OFF -DTASTELAB_BUILD_BENCH=OFF "$@"
    cmake --build "$pkg_dir" --parallel "$(nproc)"
    cd "$pkg_dir"
    cpack -G DEB
    ;;
  *)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
