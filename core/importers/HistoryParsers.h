// One parser per export format. Each streams its file from a TextSource and reports every row
// to a RowSink: listens, rejected rows (with line and reason) and skipped rows. None of them
// touches the store.
#pragma once

#include "importers/RawListen.h"
#include "importers/TextSource.h"

namespace tl {

void parseSpotifyAccount(TextSource& in, const ParseOptions& options, RowSink& sink);
void parseSpotifyPodcasts(TextSource& in, const ParseOptions& options, RowSink& sink);
void parseSpotifyExtended(TextSource& in, const ParseOptions& options, RowSink& sink);
void parseListenBrainzJsonl(TextSource& in, const ParseOptions& options, RowSink& sink);
void parseListenBrainzJson(TextSource& in, const ParseOptions& options, RowSink& sink);
void parseLastfmCsv(TextSource& in, const ParseOptions& options, RowSink& sink);
void parseLastfmGhan(TextSource& in, const ParseOptions& options, RowSink& sink);
// Research data sets: tab-separated lines, no header, no quoting (a quote is part of a name).
void parseLastfm1k(TextSource& in, const ParseOptions& options, RowSink& sink);
void parseLastfm360k(TextSource& in, const ParseOptions& options, RowSink& sink);
void parseTasteProfile(TextSource& in, const ParseOptions& options, RowSink& sink);

}  // namespace tl
