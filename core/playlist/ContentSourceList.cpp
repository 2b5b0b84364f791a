#include "playlist/ContentSourceList.h"

#include "playlist/ContentSources.h"

namespace tl {
namespace {

// The shape every content adder has (ContentSources.h): fill its slot or leave it missing.
using ContentSourceAdder = void (*)(std::vector<SourceSlot>&, const ProjectStore&,
                                    const std::vector<Listen>&, qint64);

const ContentSourceAdder kContentSourceAdders[] = {
    addTextSource,
    addAudioSource,
};

}  // namespace

void addContentSources(std::vector<SourceSlot>& slots, const ProjectStore& store,
                       const std::vector<Listen>& listens, qint64 weekStart) {
    for (const ContentSourceAdder add : kContentSourceAdders) add(slots, store, listens, weekStart);
}

}  // namespace tl
