#include "CatalogTable.h"

#include <QStringList>
#include <algorithm>
#include <cstring>
#include <numeric>

namespace tl {
namespace {

constexpr char kCellEnd = '\x1f';
constexpr char kRowEnd = '\n';

bool isAscii(const QString& text) {
    for (QChar c : text)
        if (c.unicode() >= 0x80) return false;
    return true;
}

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

// Natural order of folded text, as QCollator's numeric mode has it (track3 < track29 < track30):
// the byte order of a key in which each run of digits becomes '0' (so it sorts among the other
// characters where a digit does), the run's length without leading zeros in two bytes, and
// those digits. naturalPrefix() is the first eight bytes of that key as a big-endian number;
// naturalCompare() compares two whole keys without writing them out.
constexpr size_t kMaxRun = 0xffff;

quint64 naturalPrefix(std::string_view folded) {
    quint64 prefix = 0;
    int bytes = 0;
    const auto put = [&](char c) {
        if (bytes == 8) return false;
        prefix = (prefix << 8) | quint8(c);
        ++bytes;
        return true;
    };
    for (size_t p = 0; p < folded.size() && bytes < 8;) {
        if (!isDigit(folded[p])) {
            put(folded[p++]);
            continue;
        }
        while (p < folded.size() && folded[p] == '0') ++p;  // leading zeros: 007 is 7
        size_t end = p;
        while (end < folded.size() && isDigit(folded[end])) ++end;
        const size_t length = std::min(end - p, kMaxRun);
        if (put('0') && put(char(length >> 8)) && put(char(length & 0xff)))
            for (size_t d = 0; d < length && put(folded[p + d]); ++d) {
            }
        p = end;
    }
    // An empty name has no bytes: shifting a 64-bit value by 64 is undefined (fuzz_project_open).
    return bytes == 0 ? 0 : prefix << (8 * (8 - bytes));
}

int naturalCompare(std::string_view a, std::string_view b) {
    while (true) {
        // Equal bytes are equal keys up to the first difference, unless it is inside a run.
        size_t k = 0;
        const size_t common = std::min(a.size(), b.size());
        while (k < common && a[k] == b[k]) ++k;
        const bool aEnd = k == a.size(), bEnd = k == b.size();
        if (aEnd && bEnd) return 0;
        const bool inRun = k > 0 && isDigit(a[k - 1]);
        if (!inRun && (aEnd || bEnd)) return aEnd ? -1 : 1;
        // A digit against another character compares as the run's '0' would: as the digit does.
        if (!inRun && !(isDigit(a[k]) && isDigit(b[k])))
            return quint8(a[k]) < quint8(b[k]) ? -1 : 1;
        // Two runs: by length without leading zeros, then digit by digit.
        size_t start = k;
        while (start > 0 && isDigit(a[start - 1])) --start;
        size_t za = start, zb = start;
        while (za < a.size() && a[za] == '0') ++za;
        while (zb < b.size() && b[zb] == '0') ++zb;
        size_t ea = za, eb = zb;
        while (ea < a.size() && isDigit(a[ea])) ++ea;
        while (eb < b.size() && isDigit(b[eb])) ++eb;
        const size_t la = std::min(ea - za, kMaxRun), lb = std::min(eb - zb, kMaxRun);
        if (la != lb) return la < lb ? -1 : 1;
        if (const int c = a.substr(za, la).compare(b.substr(zb, lb)); c != 0) return c < 0 ? -1 : 1;
        a.remove_prefix(ea);
        b.remove_prefix(eb);
    }
}

}  // namespace

std::string foldForMatching(const QString& text) {
    std::string out;
    if (isAscii(text)) {
        out.resize(size_t(text.size()));
        for (qsizetype i = 0; i < text.size(); ++i) {
            const char c = char(text.at(i).unicode());
            out[size_t(i)] = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : (c < ' ' ? ' ' : c);
        }
        return out;
    }
    // NFKD splits "ó" into "o" and a combining accent, which is then dropped; full-width and
    // ligature forms become their plain letters.
    const QString decomposed = text.normalized(QString::NormalizationForm_KD);
    QString kept;
    kept.reserve(decomposed.size());
    for (QChar c : decomposed) {
        const auto category = c.category();
        if (category == QChar::Mark_NonSpacing || category == QChar::Mark_SpacingCombining ||
            category == QChar::Mark_Enclosing)
            continue;
        kept.append(c.unicode() < 0x20 ? QChar(u' ') : c);
    }
    return kept.toCaseFolded().toUtf8().toStdString();
}

CatalogTable::CatalogTable(std::vector<Column> columns) : columns_(std::move(columns)) {
    for (const Column& c : columns_) {
        if (c.kind == Kind::Text) {
            slot_.push_back(int(texts_.size()));
            texts_.emplace_back();
        } else {
            slot_.push_back(int(numbers_.size()));
            numbers_.emplace_back();
        }
    }
    rowStarts_.push_back(0);
}

void CatalogTable::reserve(size_t rows) {
    ids_.reserve(rows);
    trackIds_.reserve(rows);
    for (TextColumn& t : texts_) t.offsets.reserve(rows + 1);
    for (auto& n : numbers_) n.reserve(rows);
    foldedStarts_.reserve(rows * texts_.size());
    rowStarts_.reserve(rows + 1);
}

void CatalogTable::beginRow(Id id, Id trackId) {
    if (!ids_.empty() && id <= ids_.back()) idsIncreasing_ = false;
    ids_.push_back(id);
    trackIds_.push_back(trackId);
    nextCell_ = 0;
}

void CatalogTable::addText(const QString& text) {
    while (nextCell_ < columns_.size() && columns_[nextCell_].kind != Kind::Text) ++nextCell_;
    Q_ASSERT(nextCell_ < columns_.size());
    TextColumn& column = texts_[size_t(slot_[nextCell_])];
    column.utf8 += text.toUtf8().toStdString();
    column.offsets.push_back(quint32(column.utf8.size()));
    foldedStarts_.push_back(quint32(folded_.size()));
    folded_ += foldForMatching(text);
    folded_ += kCellEnd;
    ++nextCell_;
}

void CatalogTable::addNumber(qint64 value) {
    while (nextCell_ < columns_.size() && columns_[nextCell_].kind == Kind::Text) ++nextCell_;
    Q_ASSERT(nextCell_ < columns_.size());
    numbers_[size_t(slot_[nextCell_])].push_back(value);
    ++nextCell_;
}

void CatalogTable::endRow() {
    folded_ += kRowEnd;
    rowStarts_.push_back(quint32(folded_.size()));
}

void CatalogTable::setNumbers(int column, std::vector<qint64> values) {
    Q_ASSERT(columns_[size_t(column)].kind != Kind::Text && values.size() == rowCount());
    numbers_[size_t(slot_[size_t(column)])] = std::move(values);
}

std::string_view CatalogTable::textUtf8(size_t row, int column) const {
    const TextColumn& t = texts_[size_t(slot_[size_t(column)])];
    return std::string_view(t.utf8).substr(t.offsets[row], t.offsets[row + 1] - t.offsets[row]);
}

QString CatalogTable::text(size_t row, int column) const {
    const std::string_view v = textUtf8(row, column);
    return QString::fromUtf8(v.data(), qsizetype(v.size()));
}

qint64 CatalogTable::number(size_t row, int column) const {
    return numbers_[size_t(slot_[size_t(column)])][row];
}

qint64 CatalogTable::rowOfId(Id id) const {
    if (idsIncreasing_) {
        const auto it = std::lower_bound(ids_.begin(), ids_.end(), id);
        return it != ids_.end() && *it == id ? qint64(it - ids_.begin()) : -1;
    }
    const auto it = std::find(ids_.begin(), ids_.end(), id);
    return it != ids_.end() ? qint64(it - ids_.begin()) : -1;
}

std::string_view CatalogTable::foldedCell(size_t row, int textIndex) const {
    const size_t start = foldedStarts_[row * texts_.size() + size_t(textIndex)];
    const size_t end = std::string_view(folded_).find(kCellEnd, start);
    return std::string_view(folded_).substr(start, end - start);
}

std::vector<quint32> CatalogTable::sortedRows(int column) const {
    const size_t n = rowCount();
    std::vector<quint32> order(n);
    std::iota(order.begin(), order.end(), 0u);
    if (columns_[size_t(column)].kind != Kind::Text) {
        const std::vector<qint64>& values = numbers_[size_t(slot_[size_t(column)])];
        std::stable_sort(order.begin(), order.end(),
                         [&](quint32 a, quint32 b) { return values[a] < values[b]; });
        return order;
    }
    const int textIndex = slot_[size_t(column)];
    // Natural order of the folded text (naturalCompare). The cell's length rides in the key's
    // padding, so a comparison never searches for the cell's end.
    struct Key {
        quint64 prefix;
        quint32 row;
        quint32 length;
    };
    static_assert(sizeof(Key) == 16);
    const size_t stride = texts_.size();
    const auto cell = [&](const Key& k) {
        return std::string_view(folded_).substr(
            foldedStarts_[size_t(k.row) * stride + size_t(textIndex)], k.length);
    };
    std::vector<Key> keys(n);
    for (size_t r = 0; r < n; ++r) {
        const std::string_view text = foldedCell(r, textIndex);
        keys[r] = {naturalPrefix(text), quint32(r), quint32(text.size())};
    }
    std::sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
        if (a.prefix != b.prefix) return a.prefix < b.prefix;
        const int c = naturalCompare(cell(a), cell(b));
        return c != 0 ? c < 0 : a.row < b.row;
    });
    for (size_t r = 0; r < n; ++r) order[r] = keys[r].row;
    return order;
}

namespace {

std::vector<std::string> foldedWords(const QString& query) {
    std::vector<std::string> words;
    for (const QString& word : query.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        std::string folded = foldForMatching(word);
        if (!folded.empty()) words.push_back(std::move(folded));
    }
    return words;
}

}  // namespace

std::vector<quint32> CatalogTable::matchingRowsAmong(const QString& query,
                                                     const std::vector<quint32>& candidates) const {
    const std::vector<std::string> words = foldedWords(query);
    if (words.empty()) return matchingRows(query);
    std::vector<quint32> rows;
    for (quint32 row : candidates) {
        const std::string_view line(folded_.data() + rowStarts_[row],
                                    rowStarts_[row + 1] - rowStarts_[row]);
        bool all = true;
        for (size_t w = 0; w < words.size() && all; ++w)
            all = line.find(words[w]) != std::string_view::npos;
        if (all) rows.push_back(row);
    }
    return rows;
}

std::vector<quint32> CatalogTable::matchingRows(const QString& query) const {
    std::vector<std::string> words = foldedWords(query);
    std::vector<quint32> rows;
    if (words.empty()) {
        rows.resize(rowCount());
        std::iota(rows.begin(), rows.end(), 0u);
        return rows;
    }
    // The longest word is the rarest, as a rule: it is the one searched through the whole
    // buffer; the others are checked only in the rows it finds.
    std::sort(words.begin(), words.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    const char* const base = folded_.data();
    const size_t total = folded_.size();
    size_t pos = 0;
    while (pos < total) {
        const void* hit = memmem(base + pos, total - pos, words[0].data(), words[0].size());
        if (!hit) break;
        const size_t at = size_t(static_cast<const char*>(hit) - base);
        const size_t row =
            size_t(std::upper_bound(rowStarts_.begin(), rowStarts_.end(), quint32(at)) -
                   rowStarts_.begin()) -
            1;
        const std::string_view line(base + rowStarts_[row], rowStarts_[row + 1] - rowStarts_[row]);
        bool all = true;
        for (size_t w = 1; w < words.size() && all; ++w)
            all = line.find(words[w]) != std::string_view::npos;
        if (all) rows.push_back(quint32(row));
        pos = rowStarts_[row + 1];
    }
    return rows;
}

std::vector<quint32> CatalogTable::keepMatching(const std::vector<quint32>& order,
                                                const std::vector<quint32>& matching,
                                                size_t rowCount) {
    if (matching.size() == rowCount) return order;
    std::vector<char> keep(rowCount, 0);
    for (quint32 r : matching) keep[r] = 1;
    std::vector<quint32> out;
    out.reserve(matching.size());
    for (quint32 r : order)
        if (keep[r]) out.push_back(r);
    return out;
}

size_t CatalogTable::memoryBytes() const {
    size_t bytes = folded_.capacity() + foldedStarts_.capacity() * 4 + rowStarts_.capacity() * 4 +
                   ids_.capacity() * 8 + trackIds_.capacity() * 8;
    for (const TextColumn& t : texts_) bytes += t.utf8.capacity() + t.offsets.capacity() * 4;
    for (const auto& n : numbers_) bytes += n.capacity() * 8;
    return bytes;
}

}  // namespace tl
