// The streaming readers under every importer: encodings (BOM, UTF-16, Latin-1), bounded lines,
// the JSON array stream, the small JSON parser, the RFC 4180 CSV reader and timestamp parsing.
#include <QtTest>
#include <algorithm>
#include <cstring>

#include "importers/CsvReader.h"
#include "importers/JsonArrayStream.h"
#include "importers/JsonLite.h"
#include "importers/TextSource.h"
#include "importers/Timestamps.h"

using namespace tl;

namespace {

QByteArray utf16(const QString& text, bool little, bool bom) {
    QByteArray out;
    if (bom) out += little ? QByteArray("\xFF\xFE", 2) : QByteArray("\xFE\xFF", 2);
    for (const QChar c : text) {
        const char lo = char(c.unicode() & 0xFF), hi = char(c.unicode() >> 8);
        out += little ? QByteArray{&lo, 1} + QByteArray{&hi, 1}
                      : QByteArray{&hi, 1} + QByteArray{&lo, 1};
    }
    return out;
}

QStringList allLines(TextSource& source, qsizetype max = 1 << 20) {
    QStringList lines;
    QByteArray line;
    for (;;) {
        const auto s = source.readLine(line, max);
        if (s == TextSource::LineStatus::End) break;
        lines << (s == TextSource::LineStatus::TooLong ? QStringLiteral("<too long>")
                                                       : QString::fromUtf8(line));
    }
    return lines;
}

}  // namespace

class ImportReadersTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void decodesEncodings_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("encoding");
        const QString text = QStringLiteral("Björk,Jóga\nSigur Rós,Hoppípolla\n");
        QTest::newRow("utf-8") << text.toUtf8() << QStringLiteral("utf-8");
        QTest::newRow("utf-8 bom")
            << QByteArray("\xEF\xBB\xBF") + text.toUtf8() << QStringLiteral("utf-8 (BOM)");
        QTest::newRow("utf-16le bom") << utf16(text, true, true) << QStringLiteral("utf-16le");
        QTest::newRow("utf-16be bom") << utf16(text, false, true) << QStringLiteral("utf-16be");
        QTest::newRow("utf-16le no bom") << utf16(text, true, false) << QStringLiteral("utf-16le");
        QTest::newRow("latin-1") << text.toLatin1() << QStringLiteral("latin-1");
    }
    void decodesEncodings() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, encoding);
        TextSource source;
        source.openBytes(bytes);
        QCOMPARE(source.encoding(), encoding);
        QCOMPARE(allLines(source), (QStringList{QStringLiteral("Björk,Jóga"),
                                                QStringLiteral("Sigur Rós,Hoppípolla")}));
    }

    // A UTF-8 file with a few lines that are not UTF-8 (a damaged byte, a row pasted from a
    // Windows-1252 spreadsheet): only those lines are decoded as Windows-1252, every other line
    // stays exactly as written, across chunk ends and the characters they cut.
    void decodesOnlyTheLinesThatAreNotUtf8() {
        const QString bjork = QStringLiteral("Björk,Jóga");
        QByteArray bytes;
        QStringList expected;
        const auto add = [&](const QByteArray& raw, const QString& text) {
            bytes += raw + '\n';
            expected << text;
        };
        // The first chunk: UTF-8, with one bad line near its end (the importer used to read the
        // whole file as Latin-1 for it).
        while (bytes.size() < TextSource::kChunkBytes - 4096) add(bjork.toUtf8(), bjork);
        const int firstBad = int(expected.size()) + 1;
        add("Sigur R\xF3s,Don\x92t \x80 5", QStringLiteral("Sigur Rós,Don’t € 5"));
        // Padding so that the first chunk ends inside the 'ö' of the next line.
        const qsizetype pad = TextSource::kChunkBytes - 3 - bytes.size() - 1;
        add(QByteArray(pad, 'x'), QString(pad, QLatin1Char('x')));
        add(bjork.toUtf8(), bjork);
        QCOMPARE(static_cast<unsigned char>(bytes[TextSource::kChunkBytes - 1]), 0xC3);
        // The second chunk: a bad line, then valid ones, a bad byte cut off by the end.
        add("Mot\xF6rhead", QStringLiteral("Motörhead"));
        add(bjork.toUtf8(), bjork);
        add(QStringLiteral("Кино,Группа крови").toUtf8(), QStringLiteral("Кино,Группа крови"));
        bytes += "Bj\xC3";  // the file ends inside a character: read as Windows-1252 too
        expected << QStringLiteral("BjÃ");

        TextSource source;
        source.openBytes(bytes);
        QCOMPARE(source.encoding(), QStringLiteral("utf-8"));
        const QStringList lines = allLines(source);
        QCOMPARE(lines.size(), expected.size());
        for (qsizetype i = 0; i < lines.size(); ++i)
            QVERIFY2(lines[i] == expected[i],
                     qPrintable(QStringLiteral("line %1: %2").arg(i + 1).arg(lines[i].left(40))));
        QCOMPARE(source.recodedLines(), qint64(3));
        QCOMPARE(source.firstRecodedLine(), qint64(firstBad));

        // One valid multi-byte character says UTF-8; a file whose non-ASCII text is all
        // invalid UTF-8 is still read as Latin-1 throughout (decodesEncodings).
        TextSource small;
        small.openBytes("Radiohead,Creep\nMot\xF6rhead,Ace\nBj\xC3\xB6rk,J\xC3\xB3ga\n");
        QCOMPARE(small.encoding(), QStringLiteral("utf-8"));
        QCOMPARE(allLines(small), (QStringList{QStringLiteral("Radiohead,Creep"),
                                               QStringLiteral("Motörhead,Ace"), bjork}));
        QCOMPARE(small.recodedLines(), qint64(1));
        QCOMPARE(small.firstRecodedLine(), qint64(2));

        // A first chunk that is all ASCII: a later line that is not UTF-8 is decoded alone.
        TextSource later;
        QByteArray asciiFirst;
        while (asciiFirst.size() < 2 * TextSource::kChunkBytes) asciiFirst += "Radiohead,Creep\n";
        later.openBytes(asciiFirst + "Mot\xF6rhead,Ace\n" + bjork.toUtf8() + '\n');
        QCOMPARE(later.encoding(), QStringLiteral("utf-8"));
        const QStringList tail = allLines(later).mid(asciiFirst.count('\n'));
        QCOMPARE(tail, (QStringList{QStringLiteral("Motörhead,Ace"), bjork}));
        QCOMPARE(later.recodedLines(), qint64(1));
        QCOMPARE(later.firstRecodedLine(), qint64(asciiFirst.count('\n') + 1));
    }

    void rejectsUtf32AndFlagsBinary() {
        TextSource utf32;
        QByteArray bytes("\xFF\xFE\x00\x00", 4);
        bytes += QByteArray("[\0\0\0", 4);
        utf32.openBytes(bytes);
        QVERIFY(utf32.error().contains(QStringLiteral("UTF-32")));
        TextSource binary;
        QByteArray png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
        binary.openBytes(png);
        QCOMPARE(binary.encoding(), QStringLiteral("binary"));
    }

    void readsLinesAcrossChunks() {
        // Lines straddle the 1 MiB chunk boundary; CRLF and a last line without a newline.
        QByteArray bytes;
        int n = 0;
        while (bytes.size() < 3 * TextSource::kChunkBytes)
            bytes += QByteArray("line ") + QByteArray::number(n++) + "\r\n";
        bytes += "last";
        TextSource source;
        source.openBytes(bytes);
        const QStringList lines = allLines(source);
        QCOMPARE(lines.size(), n + 1);
        QCOMPARE(lines.at(12345), QStringLiteral("line 12345"));
        QCOMPARE(lines.last(), QStringLiteral("last"));
        QCOMPARE(source.lineNumber(), qint64(n + 1));
        QCOMPARE(source.bytesRead(), qint64(bytes.size()));
    }

    void skipsOverlongLinesWithoutHoldingThem() {
        QByteArray bytes = "first\n" + QByteArray(5 * TextSource::kChunkBytes, 'x') + "\nthird\n";
        TextSource source;
        source.openBytes(bytes);
        QByteArray line;
        QCOMPARE(source.readLine(line, 4096), TextSource::LineStatus::Line);
        QCOMPARE(source.readLine(line, 4096), TextSource::LineStatus::TooLong);
        QVERIFY(line.capacity() <= 4096 + 64);  // nothing of the long line was kept
        QCOMPARE(source.lineNumber(), qint64(2));
        QCOMPARE(source.readLine(line, 4096), TextSource::LineStatus::Line);
        QCOMPARE(line, QByteArray("third"));
        QCOMPARE(source.lineNumber(), qint64(3));
    }

    // An archive entry that says its size is read with a buffer of that size and one byte, not
    // a 1 MiB chunk (a zip of 300,000 notes spent a third of its import growing the heap and
    // giving it back); a size that is wrong, either way, still gives every line.
    void readsASizedStreamWithABufferOfItsSize_data() {
        QTest::addColumn<int>("lines");
        QTest::addColumn<qint64>("declared");  // -1: the real size
        QTest::addColumn<qint64>("largestAsk");
        QTest::newRow("a note") << 1 << qint64(-1) << qint64(12 + 1);
        QTest::newRow("unknown size") << 1 << qint64(-2) << qint64(TextSource::kChunkBytes);
        QTest::newRow("says less") << 300000 << qint64(10) << qint64(TextSource::kChunkBytes);
        QTest::newRow("says more") << 3 << qint64(5000) << qint64(5000 + 1);
        QTest::newRow("large") << 300000 << qint64(-1) << qint64(TextSource::kChunkBytes);
    }
    void readsASizedStreamWithABufferOfItsSize() {
        QFETCH(int, lines);
        QFETCH(qint64, declared);
        QFETCH(qint64, largestAsk);
        QByteArray bytes;
        for (int i = 0; i < lines; ++i)
            bytes += QByteArray("note ") + QByteArray::number(i % 10) + "     \n";
        const qint64 size = declared == -1 ? bytes.size() : declared == -2 ? -1 : declared;
        qint64 at = 0;
        qint64 asked = 0;
        TextSource source;
        source.openStream(
            [&](char* data, qint64 n, QString*) {
                asked = std::max(asked, n);
                const qint64 got = std::min<qint64>({n, bytes.size() - at, 1000});
                std::memcpy(data, bytes.constData() + at, size_t(got));
                at += got;
                return got;
            },
            size);
        const QStringList read = allLines(source);
        QCOMPARE(read.size(), lines);
        QCOMPARE(read.last(), QStringLiteral("note %1     ").arg((lines - 1) % 10));
        QCOMPARE(source.bytesRead(), qint64(bytes.size()));
        QCOMPARE(asked, largestAsk);
    }

    void stopsWhenTheChunkCallbackSaysSo() {
        TextSource source;
        int chunks = 0;
        source.setChunkCallback([&] { return ++chunks < 2; });
        source.openBytes(QByteArray(4 * TextSource::kChunkBytes, '\n'));
        QStringList lines = allLines(source);
        QVERIFY(source.stopped());
        QVERIFY(lines.size() < 2 * TextSource::kChunkBytes);
    }

    void streamsArrayElements() {
        TextSource source;
        source.openBytes(
            "\n[ {\"a\": \"x ] } , \\\" {\", \"b\": [1, {\"c\": 2}]},\n"
            "  {\"d\": null}\n, 42, \"s\" ]\n");
        JsonArrayStream stream(source, 1024);
        QCOMPARE(stream.next(), JsonArrayStream::Next::Element);
        QCOMPARE(stream.element(),
                 QByteArray("{\"a\": \"x ] } , \\\" {\", \"b\": [1, {\"c\": 2}]}"));
        QCOMPARE(stream.line(), qint64(2));
        QCOMPARE(stream.next(), JsonArrayStream::Next::Element);
        QCOMPARE(stream.element(), QByteArray("{\"d\": null}"));
        QCOMPARE(stream.line(), qint64(3));
        QCOMPARE(stream.next(), JsonArrayStream::Next::Element);
        QCOMPARE(stream.element(), QByteArray("42"));
        QCOMPARE(stream.next(), JsonArrayStream::Next::Element);
        QCOMPARE(stream.element(), QByteArray("\"s\""));
        QCOMPARE(stream.next(), JsonArrayStream::Next::End);
        QCOMPARE(stream.next(), JsonArrayStream::Next::End);
    }

    void reportsDamagedArrays_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("elements");
        QTest::addColumn<QString>("error");
        QTest::addColumn<qint64>("line");
        QTest::newRow("truncated inside a record")
            << QByteArray("[{\"a\":1},\n{\"b\":2},\n{\"c\":") << 2
            << QStringLiteral("ends inside a record") << qint64(3);
        QTest::newRow("truncated between records")
            << QByteArray("[{\"a\":1},\n") << 1 << QStringLiteral("before the array is closed")
            << qint64(2);
        QTest::newRow("not an array")
            << QByteArray("{\"a\":1}") << 0 << QStringLiteral("expected a JSON array") << qint64(1);
        QTest::newRow("garbage between") << QByteArray("[{\"a\":1}\n\n x {\"b\":2}]") << 1
                                         << QStringLiteral("expected ',' or ']'") << qint64(3);
        QTest::newRow("text after") << QByteArray("[{\"a\":1}] trailing") << 1
                                    << QStringLiteral("after the array") << qint64(1);
    }
    void reportsDamagedArrays() {
        QFETCH(QByteArray, bytes);
        QFETCH(int, elements);
        QFETCH(QString, error);
        QFETCH(qint64, line);
        TextSource source;
        source.openBytes(bytes);
        JsonArrayStream stream(source, 1024);
        int seen = 0;
        JsonArrayStream::Next next;
        while ((next = stream.next()) == JsonArrayStream::Next::Element) ++seen;
        QCOMPARE(seen, elements);
        QCOMPARE(next, JsonArrayStream::Next::Error);
        QVERIFY2(stream.error().contains(error), qPrintable(stream.error()));
        QCOMPARE(stream.errorLine(), line);
    }

    void skipsOverlongElements() {
        TextSource source;
        source.openBytes("[{\"a\":\"" + QByteArray(3 * TextSource::kChunkBytes, 'x') +
                         "\"},\n{\"b\":1}, ]");
        JsonArrayStream stream(source, 64 * 1024);
        QCOMPARE(stream.next(), JsonArrayStream::Next::TooLong);
        QVERIFY(stream.element().capacity() <= 64 * 1024 + 64);
        QCOMPARE(stream.next(), JsonArrayStream::Next::Element);  // and reads on
        QCOMPARE(stream.element(), QByteArray("{\"b\":1}"));
        QCOMPARE(stream.line(), qint64(2));
        QCOMPARE(stream.next(), JsonArrayStream::Next::End);  // a trailing comma is forgiven
    }

    void parsesJson() {
        JsonLite json;
        const QByteArray text =
            "{\"s\": \"Bj\\u00f6rk \\\"x\\\" \\ud83c\\udfb5\", \"n\": 1672538400.75, \"i\": -42, "
            "\"t\": true,\n"
            "               \"f\": false, \"z\": null, \"a\": [\"x\", \"y\"], \"o\": {\"k\": "
            "\"v\"}, \"e\": 1.5e3}";
        QVERIFY2(json.parse(text), qPrintable(json.error()));
        constexpr int root = JsonLite::kRoot;
        QCOMPARE(json.string(json.member(root, "s")), QStringLiteral("Björk \"x\" 🎵"));
        qint64 v = 0;
        QVERIFY(json.integer(json.member(root, "n"), &v));
        QCOMPARE(v, qint64(1672538400));
        QVERIFY(json.integer(json.member(root, "i"), &v));
        QCOMPARE(v, qint64(-42));
        QVERIFY(json.integer(json.member(root, "e"), &v));
        QCOMPARE(v, qint64(1500));
        QVERIFY(json.boolean(json.member(root, "t")));
        QVERIFY(!json.boolean(json.member(root, "f"), true));
        QVERIFY(json.isNull(json.member(root, "z")));
        QVERIFY(json.isNull(json.member(root, "missing")));
        const int a = json.member(root, "a");
        QCOMPARE(json.string(json.firstChild(a)), QStringLiteral("x"));
        QCOMPARE(json.string(json.nextSibling(json.firstChild(a))), QStringLiteral("y"));
        QCOMPARE(json.string(json.member(json.member(root, "o"), "k")), QStringLiteral("v"));
        QCOMPARE(json.string(json.member(root, "n")), QString());  // not a string
    }

    void rejectsInvalidJson_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("unterminated") << QByteArray("{\"a\": \"b");
        QTest::newRow("trailing comma") << QByteArray("{\"a\": 1,}");
        QTest::newRow("bare word") << QByteArray("{\"a\": tru}");
        QTest::newRow("leading zero") << QByteArray("{\"a\": 01}");
        QTest::newRow("bad escape") << QByteArray("{\"a\": \"\\q\"}");
        QTest::newRow("two values") << QByteArray("{} {}");
        QTest::newRow("control char") << QByteArray("{\"a\": \"x\ny\"}");
        QTest::newRow("too deep") << QByteArray(200, '[') + QByteArray(200, ']');
        QTest::newRow("empty") << QByteArray();
    }
    void rejectsInvalidJson() {
        QFETCH(QByteArray, text);
        JsonLite json;
        QVERIFY(!json.parse(text));
        QVERIFY(json.error().startsWith(QStringLiteral("invalid JSON")));
    }

    void readsCsv() {
        TextSource source;
        source.openBytes(
            "\xEF\xBB\xBF\"uts\",\"artist\",\"track\"\r\n"
            "\"1\",\"Earth, Wind & Fire\",\"Say \"\"Hi\"\"\"\r\n"
            "2,Plain,\"Two\r\nlines\"\r\n"
            "\r\n"
            "3,\"Stray\"quote,x,extra\r\n"
            "4,\"Unterminated");
        QCOMPARE(source.encoding(), QStringLiteral("utf-8 (BOM)"));
        CsvReader csv(source, 1024);
        QCOMPARE(csv.next(), CsvReader::Next::Record);
        QCOMPARE(csv.size(), qsizetype(3));
        QCOMPARE(csv.text(0), QStringLiteral("uts"));
        QCOMPARE(csv.next(), CsvReader::Next::Record);
        QCOMPARE(csv.text(1), QStringLiteral("Earth, Wind & Fire"));
        QCOMPARE(csv.text(2), QStringLiteral("Say \"Hi\""));
        QCOMPARE(csv.line(), qint64(2));
        QCOMPARE(csv.next(), CsvReader::Next::Record);
        QCOMPARE(csv.text(2), QStringLiteral("Two\r\nlines"));
        QCOMPARE(csv.line(), qint64(3));
        QCOMPARE(csv.next(), CsvReader::Next::Record);
        QVERIFY(csv.blank());
        QCOMPARE(csv.line(), qint64(5));
        QCOMPARE(csv.next(), CsvReader::Next::Record);
        QCOMPARE(csv.size(), qsizetype(4));
        QCOMPARE(csv.text(1), QStringLiteral("Strayquote"));
        QCOMPARE(csv.next(), CsvReader::Next::Record);
        QVERIFY(csv.unterminated());
        QCOMPARE(csv.line(), qint64(7));
        QCOMPARE(csv.next(), CsvReader::Next::End);
    }

    void resynchronisesAfterAnOverlongCsvRecord() {
        TextSource source;
        source.openBytes("a,\"never closed " + QByteArray(100000, 'x') + "\nb,2\nc,3\n");
        CsvReader csv(source, 4096);
        QCOMPARE(csv.next(), CsvReader::Next::TooLong);
        QCOMPARE(csv.next(), CsvReader::Next::Record);
        QCOMPARE(csv.text(0), QStringLiteral("b"));
        QCOMPARE(csv.line(), qint64(2));
    }

    void parsesTimestamps() {
        using namespace timestamps;
        qint64 t = 0;
        QVERIFY(parseSpotifyMinute("2023-01-02 08:15", &t));
        QCOMPARE(t, qint64(1672647300));
        QVERIFY(parseIso8601("2023-03-04T12:34:56Z", &t));
        QCOMPARE(t, qint64(1677933296));
        QVERIFY(parseIso8601("2023-03-04T12:34:56.789Z", &t));
        QCOMPARE(t, qint64(1677933296));
        QVERIFY(parseIso8601("2023-03-04T14:34:56+02:00", &t));
        QCOMPARE(t, qint64(1677933296));
        QVERIFY(parseIso8601("2023-03-04 12:34:56", &t));
        QCOMPARE(t, qint64(1677933296));
        QVERIFY(parseLastfmDate("20 Oct 2020 10:03", &t));
        QCOMPARE(t, qint64(1603188180));
        QVERIFY(parseLastfmDate("31 Jan 2021, 19:43", &t));
        QCOMPARE(t, qint64(1612122180));
        QVERIFY(parseLastfmDate("1 January 2021 00:00", &t));
        QCOMPARE(t, qint64(1609459200));
        QVERIFY(parseEpochText("1672538400.75", &t));
        QCOMPARE(t, qint64(1672538400));
        QVERIFY(parseIso8601("2024-02-29T00:00:00Z", &t));  // leap day
        for (const char* bad : {"2023-02-29T00:00:00Z", "2023-13-01T00:00:00Z", "04/03/2023 12:34",
                                "yesterday", "2023-03-04T12:34:56 UTC", "", "2023-03-04"}) {
            QVERIFY2(!parseIso8601(bad, &t), bad);
        }
        QVERIFY(!parseSpotifyMinute("2023-01-02T08:15", &t));
        QVERIFY(!parseLastfmDate("20 Foo 2020 10:03", &t));
        QVERIFY(!parseLastfmDate("2020-10-20 10:03", &t));
        QVERIFY(!parseEpochText("12abc", &t));
        QVERIFY(!plausible(0));
        QVERIFY(plausible(1672531200));
    }
};

QTEST_GUILESS_MAIN(ImportReadersTest)
#include "test_import_readers.moc"
