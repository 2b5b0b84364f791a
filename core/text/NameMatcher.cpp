#include "text/NameMatcher.h"

#include <algorithm>

#include "catalog/NameNormalizer.h"
#include "text/StopWords.h"

namespace tl {

NameMatcher::NameMatcher(const std::vector<Artist>& artists, const std::vector<Track>& tracks,
                         const StopWords& stop)
    : artistCount_(int(artists.size())), trackCount_(int(tracks.size())) {
    QHash<Id, int> artistIndex;
    for (int a = 0; a < artistCount_; ++a) {
        artistIndex.insert(artists[size_t(a)].id, a);
        const QString key = artistKey(artists[size_t(a)].name).key;
        if (key.isEmpty()) continue;
        artistByKey_.insert(key, a);
        addPattern(artistIndex_, key, a, stop);
    }
    trackArtist_.assign(size_t(trackCount_), -1);
    for (int t = 0; t < trackCount_; ++t) {
        const int artist = artistIndex.value(tracks[size_t(t)].artistId, -1);
        trackArtist_[size_t(t)] = artist;
        const QString key = titleKey(tracks[size_t(t)].title).key;
        if (key.isEmpty() || artist < 0) continue;
        trackByKey_.insert(QString::number(artist) + QChar(0x1f) + key, artistCount_ + t);
        addPattern(trackIndex_, key, artistCount_ + t, stop);
    }
    auto longestFirst = [this](std::vector<int>& list) {
        std::stable_sort(list.begin(), list.end(), [this](int x, int y) {
            return patterns_[size_t(x)].words.size() > patterns_[size_t(y)].words.size();
        });
    };
    for (auto& list : artistIndex_) longestFirst(list);
    for (auto& list : trackIndex_) longestFirst(list);
}

void NameMatcher::addPattern(QHash<QString, std::vector<int>>& index, const QString& key,
                             int entity, const StopWords& stop) {
    const QStringList words = key.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words.isEmpty() || (words.size() == 1 && stop.contains(words.first()))) return;
    index[words.first()].push_back(int(patterns_.size()));
    patterns_.push_back({words, entity});
}

int NameMatcher::artistOf(int entity) const {
    if (entity < artistCount_) return entity;
    return trackArtist_[size_t(entity - artistCount_)];
}

int NameMatcher::artistNamed(const QString& name) const {
    return artistByKey_.value(artistKey(name).key, -1);
}

int NameMatcher::trackNamed(int artist, const QString& title) const {
    return trackByKey_.value(QString::number(artist) + QChar(0x1f) + titleKey(title).key, -1);
}

QString NameMatcher::matchForm(const QString& word) {
    bool plain = true;
    for (const QChar c : word)
        if (c.unicode() >= 0x80 || c == QLatin1Char('\'') || c == QLatin1Char('.')) {
            plain = false;
            break;
        }
    if (plain) return word;  // already case-folded ASCII: its own key
    QString key = titleKey(word).key;
    key.remove(QLatin1Char(' '));
    return key;
}

void NameMatcher::match(const std::vector<QString>& forms,
                        const QHash<QString, std::vector<int>>& index,
                        const std::vector<int>* allowedArtists, std::vector<bool>& taken,
                        std::vector<Mention>& mentions) const {
    const int n = int(forms.size());
    for (int i = 0; i < n; ++i) {
        if (taken[size_t(i)]) continue;
        const auto it = index.constFind(forms[size_t(i)]);
        if (it == index.constEnd()) continue;
        for (const int p : *it) {
            const Pattern& pattern = patterns_[size_t(p)];
            const int len = int(pattern.words.size());
            if (i + len > n) continue;
            if (allowedArtists && std::find(allowedArtists->begin(), allowedArtists->end(),
                                            artistOf(pattern.entity)) == allowedArtists->end())
                continue;
            bool same = true;
            for (int w = 1; w < len && same; ++w)
                same = !taken[size_t(i + w)] && forms[size_t(i + w)] == pattern.words[w];
            if (!same) continue;
            mentions.push_back({pattern.entity, i, i + len});
            for (int w = 0; w < len; ++w) taken[size_t(i + w)] = true;
            i += len - 1;
            break;
        }
    }
}

void NameMatcher::find(const std::vector<QString>& forms, std::vector<int>& artistsInDocument,
                       std::vector<Mention>& mentions) const {
    std::vector<bool> taken(forms.size(), false);
    const size_t first = mentions.size();
    match(forms, artistIndex_, nullptr, taken, mentions);
    for (size_t m = first; m < mentions.size(); ++m)
        if (std::find(artistsInDocument.begin(), artistsInDocument.end(), mentions[m].entity) ==
            artistsInDocument.end())
            artistsInDocument.push_back(mentions[m].entity);
    if (!trackIndex_.isEmpty() && !artistsInDocument.empty())
        match(forms, trackIndex_, &artistsInDocument, taken, mentions);
}

}  // namespace tl
