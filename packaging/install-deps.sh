#!/usr/bin/env bash
# Installs the Debian 12 packages Tastelab needs to build, test and run. Idempotent: installs
# only what is missing, so it is cheap to call before every build.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build pkg-config
  # Qt 6: Core/Concurrent/Sql/Test/DBus (DBus: the portal light/dark preference) come with qt6-base-dev; the SQLite driver; Charts
  qt6-base-dev libqt6sql6-sqlite qt6-charts-dev libgl-dev
  # Qt6Charts's CMake config needs Qt6OpenGL's, which qt6-charts-dev only recommends
  libqt6opengl6-dev
  # playing a track under its spectrogram (QAudioSink); PulseAudio gives a machine without a sound
  # card a null sink, on which test_ui_spectrogram_playback times a real QAudioSink
  qt6-multimedia-dev pulseaudio
  # SVG icons (the image-format and icon-engine plugins)
  libqt6svg6
  # exporting the similar-song map as SVG (QSvgGenerator, Qt6::Svg)
  qt6-svg-dev
  # numerics and audio
  libeigen3-dev libfftw3-dev libsndfile1-dev
  # decoding what libsndfile cannot (AAC/ALAC in .m4a, WMA, Opus in .webm/.mka), and the ffmpeg
  # CLI the format tests encode their files with
  libavformat-dev libavcodec-dev libavutil-dev ffmpeg
  # the audio front-end's resampler (libsoxr, as librosa's default 'soxr_hq')
  libsoxr-dev
  # history imports read .zip / .tar.gz exports in place
  libarchive-dev
  # the SQLite that Qt's driver runs on: the import binds its bulk writes through its API
  libsqlite3-dev
  python3-numpy  # test_cf_external: .npy/.npz factor files written by NumPy (import-factors)
  # ./tastelab.sh fuzz: clang with libFuzzer (libclang_rt.fuzzer-x86_64.a is in libclang-rt-14-dev)
  clang libclang-rt-14-dev
  # music-folder scan: tags and audio properties of FLAC, Ogg, Opus, MP3, WAV, AIFF files
  libtag1-dev
  # a virtual screen for the GUI (tests use the offscreen platform; screenshots use Xvfb)
  xvfb xauth
  # packaging: the app icon's PNG sizes (rsvg-convert), the validators test_packaging runs on
  # the installed .desktop and metainfo files, and what `cpack -G DEB` calls (dpkg-shlibdeps, file)
  librsvg2-bin desktop-file-utils appstream dpkg-dev file
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
