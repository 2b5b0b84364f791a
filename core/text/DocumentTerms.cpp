#include "text/DocumentTerms.h"

#include <algorithm>

namespace tl {
namespace {

void addLinked(std::vector<int>& entities, int entity) {
    if (std::find(entities.begin(), entities.end(), entity) == entities.end())
        entities.push_back(entity);
}

// Terms of one piece: each with the token position it occurs at (a bigram at its first word).
void pieceTerms(const std::vector<Token>& tokens, const std::vector<bool>& named,
                const StopWords& stop, bool bigrams, std::vector<std::pair<QString, int>>& terms) {
    const int n = int(tokens.size());
    bool previousContent = false;
    for (int i = 0; i < n; ++i) {
        const Token& t = tokens[size_t(i)];
        bool hasLetter = false;
        for (const QChar c : t.text)
            if (c.isLetter()) {
                hasLetter = true;
                break;
            }
        const bool content = !named[size_t(i)] && hasLetter && !stop.contains(t.text);
        if (content) {
            terms.emplace_back(t.text, i);
            if (bigrams && previousContent && !t.breakBefore)
                terms.emplace_back(tokens[size_t(i - 1)].text + QLatin1Char(' ') + t.text, i - 1);
        }
        previousContent = content;
    }
}

}  // namespace

bool countDocumentTerms(const QString& text, const std::vector<int>& linked,
                        const NameMatcher* matcher, const StopWords& stop,
                        const TermOptions& options, DocumentTerms& out,
                        const std::function<bool()>& cancelled) {
    for (int e : linked) addLinked(out.entities, e);
    std::vector<int> artistsInDocument;
    if (matcher)
        for (int e : linked) addLinked(artistsInDocument, matcher->artistOf(e));
    std::vector<Token> tokens;
    std::vector<QString> forms;
    std::vector<Mention> mentions;
    std::vector<std::pair<QString, int>> terms;
    for (qsizetype from = 0; from < text.size();) {
        if (cancelled && cancelled()) return false;
        const qsizetype end = pieceEnd(text, from, options.pieceChars);
        tokens.clear();
        tokenize(QStringView(text).sliced(from, end - from), tokens);
        from = end;
        out.words += qint64(tokens.size());

        mentions.clear();
        std::vector<bool> named(tokens.size(), false);
        if (matcher) {
            forms.resize(tokens.size());
            for (size_t i = 0; i < tokens.size(); ++i)
                forms[i] = NameMatcher::matchForm(tokens[i].text);
            matcher->find(forms, artistsInDocument, mentions);
            for (const Mention& m : mentions) {
                addLinked(out.entities, m.entity);
                for (int i = m.begin; i < m.end; ++i) named[size_t(i)] = true;
                // A name breaks a phrase: no bigram spans "loud Slowdive guitars".
                if (m.end < int(tokens.size())) tokens[size_t(m.end)].breakBefore = true;
            }
            out.mentions += qint64(mentions.size());
        }
        terms.clear();
        pieceTerms(tokens, named, stop, options.bigrams, terms);
        for (const auto& [term, position] : terms) out.counts[term] += 1.0f;

        if (options.nearBoost <= 0 || mentions.empty()) continue;
        // Per mentioned entity, the occurrences within the window of one of its mentions.
        std::map<int, std::vector<int>> positions;  // entity -> mention starts and ends
        for (const Mention& m : mentions) {
            positions[m.entity].push_back(m.begin);
            positions[m.entity].push_back(m.end - 1);
        }
        for (auto& [entity, where] : positions) {
            std::sort(where.begin(), where.end());
            TermCounts& near = out.nearBoost[entity];
            for (const auto& [term, position] : terms) {
                const auto it = std::lower_bound(where.begin(), where.end(), position);
                int distance = INT32_MAX;
                if (it != where.end()) distance = *it - position;
                if (it != where.begin()) distance = std::min(distance, position - *(it - 1));
                if (distance <= options.nearWindow) near[term] += float(options.nearBoost);
            }
        }
    }
    return true;
}

}  // namespace tl
