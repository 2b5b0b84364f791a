#!/usr/bin/python3
"""Reference values for tests/test_audio_frontend.cpp, written once from librosa's definitions.

librosa is not packaged in Debian 12, so this re-implements, in float64 numpy, exactly the
functions of librosa 0.10 the front-end follows (read from its source, librosa/core/convert.py,
librosa/filters.py, librosa/core/spectrum.py):
  hz_to_mel / mel_to_hz (Slaney: linear below 1 kHz at 200/3 Hz per mel, log above with
  27 mels per factor 6.4; HTK: 2595 log10(1 + f/700)), mel_frequencies, filters.mel
  (norm='slaney': 2 / (f[i+2] - f[i]); fftfreqs = linspace(0, sr/2, 1 + n_fft//2)),
  stft(center=True, pad_mode='constant' -- librosa >= 0.10's default, window='hann' which is
  scipy.signal.get_window('hann', n_fft) = periodic Hann), |X|**2, power_to_db(ref=1.0,
  amin=1e-10, top_db=80).
Run: /usr/bin/python3 tests/data/audio/librosa_reference.py   (needs python3-numpy)
It rewrites the *.txt files beside it.
"""
import os
import numpy as np

SR, N_FFT, HOP, N_MELS = 22050, 2048, 512, 128
HERE = os.path.dirname(os.path.abspath(__file__))


def hz_to_mel(f, htk):
    f = np.asanyarray(f, dtype=np.float64)
    if htk:
        return 2595.0 * np.log10(1.0 + f / 700.0)
    f_sp = 200.0 / 3
    mels = f / f_sp
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-30) / min_log_hz) / logstep, mels)


def mel_to_hz(m, htk):
    m = np.asanyarray(m, dtype=np.float64)
    if htk:
        return 700.0 * (10.0 ** (m / 2595.0) - 1.0)
    f_sp = 200.0 / 3
    freqs = f_sp * m
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), freqs)


def mel_frequencies(n, fmin, fmax, htk):
    return mel_to_hz(np.linspace(hz_to_mel(fmin, htk), hz_to_mel(fmax, htk), n), htk)


def mel_filters(sr, n_fft, n_mels, fmin, fmax, htk, slaney_norm=True):
    weights = np.zeros((n_mels, 1 + n_fft // 2))
    fftfreqs = np.linspace(0, sr / 2.0, 1 + n_fft // 2)
    mel_f = mel_frequencies(n_mels + 2, fmin, fmax, htk)
    fdiff = np.diff(mel_f)
    ramps = np.subtract.outer(mel_f, fftfreqs)
    for i in range(n_mels):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    if slaney_norm:
        enorm = 2.0 / (mel_f[2:n_mels + 2] - mel_f[:n_mels])
        weights *= enorm[:, np.newaxis]
    return weights


def power_stft(y, n_fft, hop):
    y = np.pad(y, (n_fft // 2, n_fft // 2), mode="constant")
    n_frames = 1 + (len(y) - n_fft) // hop
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n_fft) / n_fft)  # periodic Hann
    frames = np.stack([y[t * hop:t * hop + n_fft] * window for t in range(n_frames)], axis=1)
    return np.abs(np.fft.rfft(frames, axis=0)) ** 2


def power_to_db(s, ref=1.0, amin=1e-10, top_db=80.0):
    log_spec = 10.0 * np.log10(np.maximum(amin, s)) - 10.0 * np.log10(np.maximum(amin, ref))
    return np.maximum(log_spec, log_spec.max() - top_db)


def fixed_signal(n):
    """Same formula as fixedSignal() in test_audio_frontend.cpp: tones, an AM tone and LCG noise,
    computed in float64 and rounded to float32 (the C++ side rounds the same doubles)."""
    t = np.arange(n, dtype=np.float64) / SR
    state, noise = 12345, np.empty(n)
    for i in range(n):
        state = (1103515245 * state + 12345) % 2147483648
        noise[i] = state / 2147483648.0 - 0.5
    x = (0.5 * np.sin(2 * np.pi * 440.0 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 1.5 * t))
         + 0.3 * np.sin(2 * np.pi * 3150.7 * t + 0.3) + 0.1 * np.sin(2 * np.pi * 97.0 * t)
         + 0.1 * noise)
    return x.astype(np.float32).astype(np.float64)


def write_nonzero(name, w):
    with open(os.path.join(HERE, name), "w") as f:
        for b, k in zip(*np.nonzero(w)):
            f.write("%d %d %.10e\n" % (b, k, w[b, k]))


def main():
    for htk, tag in ((False, "slaney"), (True, "htk")):
        np.savetxt(os.path.join(HERE, "mel_frequencies_%s.txt" % tag),
                   mel_frequencies(N_MELS + 2, 0.0, SR / 2.0, htk), fmt="%.10e")
        write_nonzero("mel_filters_%s.txt" % tag, mel_filters(SR, N_FFT, N_MELS, 0.0, SR / 2.0, htk))
    y = fixed_signal(SR)  # 1 s: 44 frames
    mel_db = power_to_db(mel_filters(SR, N_FFT, N_MELS, 0.0, SR / 2.0, False) @ power_stft(y, N_FFT, HOP))
    np.savetxt(os.path.join(HERE, "logmel_fixed_signal.txt"), mel_db.T, fmt="%.6f")  # frame per line


if __name__ == "__main__":
    main()
