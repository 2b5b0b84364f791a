#include "text/TextModel.h"

#include <QDataStream>
#include <QIODevice>
#include <algorithm>
#include <cmath>

namespace tl {
namespace {

constexpr quint32 kMagic = 0x544C5458;  // "TLTX"
constexpr quint32 kFormat = 1;

qint64 entityKey(TextEntityKind kind, Id id) {
    return (id << 1) | qint64(kind);
}

void keepBest(std::vector<ScoredItem>& scored, int n) {
    auto better = [](const ScoredItem& x, const ScoredItem& y) {
        return x.score != y.score ? x.score > y.score : x.item < y.item;
    };
    if (int(scored.size()) > n) {
        std::partial_sort(scored.begin(), scored.begin() + n, scored.end(), better);
        scored.resize(size_t(n));
    } else {
        std::sort(scored.begin(), scored.end(), better);
    }
}

}  // namespace

int TextModel::artistRows() const {
    int n = 0;
    while (n < size() && entities[size_t(n)].kind == TextEntityKind::Artist) ++n;
    return n;
}

int TextModel::indexOf(TextEntityKind kind, Id id) const {
    return index_.value(entityKey(kind, id), -1);
}

std::vector<TermWeight> TextModel::topTerms(int entity, int n) const {
    std::vector<std::pair<float, quint32>> row;
    for (qint64 k = rowStart[size_t(entity)]; k < rowStart[size_t(entity) + 1]; ++k)
        row.emplace_back(weights[size_t(k)], termIds[size_t(k)]);
    // Term ids are in alphabetical order, so ties break alphabetically.
    std::sort(row.begin(), row.end(), [](const auto& x, const auto& y) {
        return x.first != y.first ? x.first > y.first : x.second < y.second;
    });
    std::vector<TermWeight> out;
    for (size_t i = 0; i < row.size() && int(i) < n; ++i)
        out.push_back({vocabulary[qsizetype(row[i].second)], row[i].first});
    return out;
}

float TextModel::cosine(int a, int b) const {
    const float norms = norms_[size_t(a)] * norms_[size_t(b)];
    if (norms <= 0) return 0.f;
    qint64 i = rowStart[size_t(a)], j = rowStart[size_t(b)];
    const qint64 iEnd = rowStart[size_t(a) + 1], jEnd = rowStart[size_t(b) + 1];
    double dot = 0;
    while (i < iEnd && j < jEnd) {
        const quint32 x = termIds[size_t(i)], y = termIds[size_t(j)];
        if (x == y)
            dot += double(weights[size_t(i++)]) * weights[size_t(j++)];
        else if (x < y)
            ++i;
        else
            ++j;
    }
    return float(dot / norms);
}

std::vector<TermWeight> TextModel::explain(int a, int b, int n) const {
    std::vector<std::pair<float, quint32>> shared;
    const float norms = norms_[size_t(a)] * norms_[size_t(b)];
    if (norms <= 0) return {};
    qint64 i = rowStart[size_t(a)], j = rowStart[size_t(b)];
    const qint64 iEnd = rowStart[size_t(a) + 1], jEnd = rowStart[size_t(b) + 1];
    while (i < iEnd && j < jEnd) {
        const quint32 x = termIds[size_t(i)], y = termIds[size_t(j)];
        if (x == y)
            shared.emplace_back(weights[size_t(i++)] * weights[size_t(j++)] / norms, x);
        else if (x < y)
            ++i;
        else
            ++j;
    }
    std::sort(shared.begin(), shared.end(), [](const auto& x, const auto& y) {
        return x.first != y.first ? x.first > y.first : x.second < y.second;
    });
    std::vector<TermWeight> out;
    for (size_t k = 0; k < shared.size() && int(k) < n; ++k)
        out.push_back({vocabulary[qsizetype(shared[k].second)], shared[k].first});
    return out;
}

float TextModel::lsaCosine(int a, int b) const {
    if (lsa.cols() == 0) return 0.f;
    const float norms = lsaNorms_[size_t(a)] * lsaNorms_[size_t(b)];
    return norms > 0 ? lsa.row(a).dot(lsa.row(b)) / norms : 0.f;
}

std::vector<ScoredItem> TextModel::similar(int entity, int n) const {
    std::vector<float> score(entities.size(), 0.f);
    std::vector<int> touched;
    for (qint64 k = rowStart[size_t(entity)]; k < rowStart[size_t(entity) + 1]; ++k)
        for (const auto& [other, weight] : postings_[termIds[size_t(k)]]) {
            if (score[size_t(other)] == 0.f) touched.push_back(other);
            score[size_t(other)] += weights[size_t(k)] * weight;
        }
    std::vector<ScoredItem> scored;
    const TextEntityKind kind = entities[size_t(entity)].kind;
    const float self = norms_[size_t(entity)];
    for (int other : touched) {
        if (other == entity || entities[size_t(other)].kind != kind) continue;
        const float norms = self * norms_[size_t(other)];
        if (norms > 0) scored.push_back({other, score[size_t(other)] / norms});
    }
    keepBest(scored, n);
    return scored;
}

std::vector<ScoredItem> TextModel::similarLsa(int entity, int n) const {
    std::vector<ScoredItem> scored;
    const TextEntityKind kind = entities[size_t(entity)].kind;
    for (int other = 0; other < size(); ++other)
        if (other != entity && entities[size_t(other)].kind == kind)
            scored.push_back({other, lsaCosine(entity, other)});
    keepBest(scored, n);
    return scored;
}

std::vector<int> TextModel::entitiesWithTerm(const QString& term) const {
    std::vector<int> out;
    const auto it = termIndex_.constFind(term);
    if (it == termIndex_.constEnd()) return out;
    for (const auto& [entity, weight] : postings_[*it]) out.push_back(entity);
    return out;
}

void TextModel::prepareForQueries() {
    index_.clear();
    for (int e = 0; e < size(); ++e)
        index_.insert(entityKey(entities[size_t(e)].kind, entities[size_t(e)].id), e);
    termIndex_.clear();
    for (qsizetype t = 0; t < vocabulary.size(); ++t) termIndex_.insert(vocabulary[t], quint32(t));
    norms_.assign(entities.size(), 0.f);
    postings_.assign(size_t(vocabulary.size()), {});
    for (int e = 0; e < size(); ++e) {
        double sum = 0;
        for (qint64 k = rowStart[size_t(e)]; k < rowStart[size_t(e) + 1]; ++k) {
            sum += double(weights[size_t(k)]) * weights[size_t(k)];
            postings_[termIds[size_t(k)]].emplace_back(e, weights[size_t(k)]);
        }
        norms_[size_t(e)] = float(std::sqrt(sum));
    }
    lsaNorms_.assign(entities.size(), 0.f);
    if (lsa.rows() == size())
        for (int e = 0; e < size(); ++e) lsaNorms_[size_t(e)] = lsa.row(e).norm();
}

QByteArray TextModel::serialise() const {
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setByteOrder(QDataStream::LittleEndian);
    out.setFloatingPointPrecision(QDataStream::SinglePrecision);
    out << kMagic << kFormat << settings << vocabulary << quint64(entities.size());
    for (const TextEntity& e : entities) out << quint8(e.kind) << qint64(e.id);
    for (qint64 s : rowStart) out << s;
    out.writeRawData(reinterpret_cast<const char*>(termIds.data()),
                     int(termIds.size() * sizeof(quint32)));
    out.writeRawData(reinterpret_cast<const char*>(weights.data()),
                     int(weights.size() * sizeof(float)));
    out << qint64(lsa.rows()) << qint64(lsa.cols());
    out.writeRawData(reinterpret_cast<const char*>(lsa.data()), int(lsa.size() * sizeof(float)));
    return bytes;
}

Result<TextModel> TextModel::deserialise(const QByteArray& bytes) {
    QDataStream in(bytes);
    in.setByteOrder(QDataStream::LittleEndian);
    in.setFloatingPointPrecision(QDataStream::SinglePrecision);
    quint32 magic = 0, format = 0;
    in >> magic >> format;
    if (magic != kMagic) return Status::error(QStringLiteral("stored text model is not readable"));
    if (format != kFormat)
        return Status::error(QStringLiteral("stored text model has format %1; this build reads %2")
                                 .arg(format)
                                 .arg(kFormat));
    TextModel m;
    quint64 count = 0;
    in >> m.settings >> m.vocabulary >> count;
    const auto damaged = [] {
        return Status::error(QStringLiteral("stored text model is truncated or damaged"));
    };
    if (in.status() != QDataStream::Ok || count > quint64(bytes.size())) return damaged();
    m.entities.resize(count);
    for (TextEntity& e : m.entities) {
        quint8 kind = 0;
        qint64 id = 0;
        in >> kind >> id;
        e.kind = TextEntityKind(kind);
        e.id = id;
    }
    m.rowStart.resize(count + 1);
    for (qint64& s : m.rowStart) in >> s;
    const qint64 nonZeros = m.rowStart.back();
    if (in.status() != QDataStream::Ok || nonZeros < 0 || nonZeros * 8 > bytes.size())
        return damaged();
    m.termIds.resize(size_t(nonZeros));
    m.weights.resize(size_t(nonZeros));
    const int idBytes = int(nonZeros * qint64(sizeof(quint32)));
    if (in.readRawData(reinterpret_cast<char*>(m.termIds.data()), idBytes) != idBytes ||
        in.readRawData(reinterpret_cast<char*>(m.weights.data()), idBytes) != idBytes)
        return damaged();
    qint64 rows = 0, cols = 0;
    in >> rows >> cols;
    if (in.status() != QDataStream::Ok || rows < 0 || cols < 0 || rows * cols * 4 > bytes.size())
        return damaged();
    m.lsa.resize(rows, cols);
    const int lsaBytes = int(rows * cols * qint64(sizeof(float)));
    if (in.readRawData(reinterpret_cast<char*>(m.lsa.data()), lsaBytes) != lsaBytes)
        return damaged();
    for (size_t e = 0; e < count; ++e)
        if (m.rowStart[e] > m.rowStart[e + 1]) return damaged();
    for (quint32 t : m.termIds)
        if (t >= quint32(m.vocabulary.size())) return damaged();
    m.prepareForQueries();
    return m;
}

}  // namespace tl
