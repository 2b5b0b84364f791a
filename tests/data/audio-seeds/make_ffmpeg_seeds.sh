#!/usr/bin/env bash
# Writes the audio seeds of the formats FFmpeg decodes (core/audio/FfmpegReader) into this
# directory with the ffmpeg CLI: the same tagged 440 Hz tone as make_seeds.c, 0.5 s, mono, as AAC
# and ALAC in .m4a, raw AAC (ADTS with an ID3v2 tag), WMA, and Opus in .mka and .webm. Small on
# purpose: libFuzzer mutates them, and every run decodes one.
#   (cd tests/data/audio-seeds && ./make_ffmpeg_seeds.sh)
set -euo pipefail
tone() {  # rate codec out [options...]
  local rate=$1 codec=$2 out=$3
  shift 3
  ffmpeg -hide_banner -loglevel error -y -bitexact -f lavfi \
    -i "sine=frequency=440:sample_rate=$rate:duration=0.5" -c:a "$codec" \
    -metadata title="Seed Tone" -metadata artist="Tastelab Fuzz" -metadata album="Seeds" \
    -metadata comment="440 Hz" -metadata genre="Test" "$@" "$out"
}
tone 8000 aac tone.m4a -b:a 16k
tone 8000 alac tone-alac.m4a
tone 8000 aac tone.aac -b:a 16k -write_id3v2 1
tone 8000 wmav2 tone.wma -b:a 24k
tone 48000 libopus tone.mka -b:a 12k
tone 48000 libopus tone.webm -b:a 12k
