#!/usr/bin/env python3
"""Writes the byte-format seeds of fuzz/fuzz_excerpt_plan.cpp and fuzz/fuzz_stored_logmel.cpp into
the current directory (tiny.tastelab, fuzz_project_open's seed, is made by tastelab-cli: see
README.md here). Run from tests/data/fuzz-seeds: python3 make_seeds.py"""
import struct


def plan(name, duration, length, flags, count):
    # fuzz_excerpt_plan's input: a selector byte (odd: the raw double follows) and the duration,
    # the same for the excerpt length, a flags byte (1: ExcerptMode::Whole), the excerpt count.
    data = struct.pack("<Bd", 1, duration) + struct.pack("<Bd", 1, length)
    data += struct.pack("<Bi", flags, count)
    with open(f"excerpt-plan-{name}", "wb") as out:
        out.write(data)


def tllm(name, n_mels, windows):
    # A log-mel BLOB as serialiseLogMel writes it: "TLLM", format 1, nMels, count, per window
    # (start, seconds as float32, frames as int32), then the values as IEEE half, frame by frame.
    data = struct.pack("<IIii", 0x4D4C4C54, 1, n_mels, len(windows))
    for start, seconds, frames in windows:
        data += struct.pack("<ffi", start, seconds, frames)
    for _start, _seconds, frames in windows:
        for j in range(frames):
            for i in range(n_mels):
                data += struct.pack("<e", -80.0 + (i * 7 + j * 3) % 80)
    with open(f"logmel-{name}.tllm", "wb") as out:
        out.write(data)


plan("default-3min", 180.0, 10.0, 0, 3)
plan("short-track", 4.5, 10.0, 0, 3)
plan("exact-fit", 30.0, 10.0, 0, 3)
plan("whole", 180.0, 10.0, 1, 3)
plan("many", 3600.0, 1.0, 0, 20)
tllm("two-windows", 8, [(10.0, 2.0, 6), (40.0, 2.0, 6)])
tllm("one-window", 16, [(0.0, 1.0, 4)])
