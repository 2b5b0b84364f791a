/* Writes the audio seeds of the fuzz targets (fuzz_audio_decode, fuzz_tags) into the current
 * directory with libsndfile: a tone with a little noise, tagged (title, artist, album, comment,
 * genre where the format keeps them), in each format Tastelab decodes. Small on purpose: libFuzzer
 * mutates them, and every run decodes one.
 *   cc make_seeds.c -o /tmp/make_seeds $(pkg-config --cflags --libs sndfile) -lm
 *   (cd tests/data/audio-seeds && /tmp/make_seeds) */
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>

static int write_seed(const char* name, int format, int rate, int channels, double seconds) {
    SF_INFO info = {0};
    info.samplerate = rate;
    info.channels = channels;
    info.format = format;
    SNDFILE* f = sf_open(name, SFM_WRITE, &info);
    if (!f) {
        fprintf(stderr, "%s: %s\n", name, sf_strerror(NULL));
        return 1;
    }
    /* Before the first frame: Ogg and FLAC write their comments with the headers. */
    sf_set_string(f, SF_STR_TITLE, "Seed Tone");
    sf_set_string(f, SF_STR_ARTIST, "Tastelab Fuzz");
    sf_set_string(f, SF_STR_ALBUM, "Seeds");
    sf_set_string(f, SF_STR_COMMENT, "440 Hz");
    sf_set_string(f, SF_STR_GENRE, "Test");
    const sf_count_t frames = (sf_count_t)(seconds * rate);
    float* buffer = malloc(sizeof(float) * (size_t)(frames * channels));
    unsigned noise = 12345;
    for (sf_count_t i = 0; i < frames; ++i)
        for (int c = 0; c < channels; ++c) {
            noise = noise * 1103515245u + 12345u;
            const double n = ((noise >> 16) & 0x7fff) / 32768.0 - 0.5;
            buffer[i * channels + c] =
                (float)(0.5 * sin(2 * M_PI * (440.0 + 220.0 * c) * (double)i / rate) + 0.05 * n);
        }
    const sf_count_t written = sf_writef_float(f, buffer, frames);
    free(buffer);
    const int error = written != frames || sf_close(f) != 0;
    if (error) fprintf(stderr, "%s: short write\n", name);
    return error;
}

int main(void) {
    int failed = 0;
    failed |= write_seed("tone.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, 1, 1.0);
    failed |= write_seed("stereo-float.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 8000, 2, 0.25);
    failed |= write_seed("tone.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 8000, 1, 1.0);
    failed |= write_seed("tone.ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 8000, 1, 1.0);
    failed |= write_seed("tone.opus", SF_FORMAT_OGG | SF_FORMAT_OPUS, 8000, 1, 1.0);
    failed |= write_seed("tone.mp3", SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III, 8000, 1, 1.0);
    failed |= write_seed("tone.aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_16, 8000, 1, 1.0);
    return failed;
}
