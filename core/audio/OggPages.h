// Ogg's page layer (RFC 3533), for the one thing libsndfile leaves to chance: it gives every
// Ogg stream it writes a random serial number, so the same audio written twice differs in those
// four bytes of every page (and in every page's CRC). The demo world rewrites them from its seed
// so one seed gives byte-identical files on any machine.
#pragma once

#include <QByteArray>
#include <QString>
#include <cstdint>

#include "job/Status.h"

namespace tl::audio {

// The CRC Ogg puts in every page: polynomial 0x04c11db7, initial value 0, not reflected, over
// the whole page with its CRC field read as zero.
std::uint32_t oggPageCrc(const char* data, std::size_t size);

// Sets the serial number of every page of an Ogg file held in `bytes` (the first logical
// stream gets `serial`, a second one `serial + 1`, ...) and recomputes each page's CRC. Fails,
// leaving `bytes` as it was, when the bytes are not a whole sequence of Ogg pages.
Status setOggSerialNumbers(QByteArray& bytes, std::uint32_t serial);

// The same on a file, rewritten in place only when every page parsed.
Status setOggSerialNumbers(const QString& path, std::uint32_t serial);

}  // namespace tl::audio
