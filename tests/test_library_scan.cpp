// The music-folder scan (core/library/): exact tag fields read back from files written here in
// every format libsndfile writes, the file-name fallback, symbolic-link loops, unreadable and
// empty files listed with their reasons, incremental rescans, matching to imported tracks by
// name and by MusicBrainz ID, cold-start tracks, cancellation, the CLI verb, the demo world
// (every file of its music folder matches its own demo track), and a schema-2 project's upgrade:
// its files re-read for description, mood and grouping, which reach the text model; multi-valued
// tags (first value, aliases) and same-named files of different lengths kept as two tracks.
#include <fcntl.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <taglib/fileref.h>
#include <taglib/flacfile.h>
#include <taglib/id3v2tag.h>
#include <taglib/mpegfile.h>
#include <taglib/textidentificationframe.h>
#include <taglib/tpropertymap.h>
#include <taglib/xiphcomment.h>
#include <unistd.h>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>
#include <map>

#include "TestSupport.h"
#include "audio/AudioDecoder.h"
#include "importers/HistoryImporter.h"
#include "library/FileNameTags.h"
#include "library/LibraryStore.h"
#include "library/MusicFolderScan.h"
#include "library/MusicFolders.h"
#include "library/TagReader.h"
#include "library/TaggedAudioWriter.h"
#include "playlist/PlaylistExport.h"
#include "playlist/WeeklyPlaylist.h"
#include "store/ProjectStore.h"
#include "store/Schema.h"
#include "text/TextModel.h"
#include "text/TextSources.h"
#include "text/TextTraining.h"
#include "util/NativePath.h"

using namespace tl;

namespace {

const QString kRecordingMbid = QStringLiteral("b2a5a3c5-0000-4000-8000-000000000002");
const QString kArtistMbid = QStringLiteral("1c70a3fc-fa3c-4be1-8b55-c3192db8a884");
const QString kAlbumMbid = QStringLiteral("3f0e0a4c-1111-4222-8333-444455556666");

FileTags sampleTags(const QString& artist, const QString& title) {
    FileTags t;
    t.artist = artist;
    t.title = title;
    t.album = QStringLiteral("Melody A.M.");
    t.genre = QStringLiteral("Electronic");
    t.comment = QStringLiteral("ripped from CD, 2001");
    t.description = QStringLiteral("Recorded live at the Barbican");
    t.mood = QStringLiteral("Chill");
    t.grouping = QStringLiteral("Summer Set");
    return t;
}

// A tone file in `format` with `tags` (none when tags is null).
void writeAudio(const QString& path, const QString& format, const FileTags* tags,
                int frames = 800) {
    QDir().mkpath(QFileInfo(path).path());
    ToneSpec spec;
    spec.format = format;
    spec.frames = frames;
    if (format == QLatin1String("MP3")) spec.sampleRate = 22050;  // an MPEG-2 layer III rate
    if (format == QLatin1String("OPUS")) spec.sampleRate = 48000;
    const Status written = writeTone(path, spec);
    QVERIFY2(written.isOk(), qPrintable(written.message()));
    if (tags) {
        const Status tagged = writeFileTags(path, *tags);
        QVERIFY2(tagged.isOk(), qPrintable(tagged.message()));
    }
}

struct Project {
    std::unique_ptr<ProjectStore> store;
    explicit Project(const QString& path) {
        auto created = ProjectStore::create(path);
        if (!created) qFatal("%s", qPrintable(created.status().message()));
        store = std::move(created).value();
    }
    explicit Project(std::unique_ptr<ProjectStore> opened) : store(std::move(opened)) {}
    qint64 count(const QString& sql) const {
        QSqlQuery q(store->database());
        if (!q.exec(sql) || !q.next()) qFatal("%s failed", qPrintable(sql));
        return q.value(0).toLongLong();
    }
    QString text(const QString& sql) const {
        QSqlQuery q(store->database());
        if (!q.exec(sql) || !q.next()) return QStringLiteral("<no row>");
        return q.value(0).toString();
    }
};

ScanReport scan(ProjectStore& store, const QString& folder) {
    ScanOptions options;
    options.folder = folder;
    const Result<ScanReport> report = scanMusicFolder(store, options, Progress());
    if (!report) qFatal("scan failed: %s", qPrintable(report.status().message()));
    return report.value();
}

QString reasonFor(const ScanReport& report, const QString& fileName) {
    for (const ScanProblem& p : report.failed)
        if (QFileInfo(p.file).fileName() == fileName) return p.reason;
    return QStringLiteral("<not listed>");
}

void setMtime(const QString& path, qint64 secondsFromNow) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.setFileTime(QDateTime::currentDateTimeUtc().addSecs(secondsFromNow),
                          QFileDevice::FileModificationTime));
}

// Sets each key's values through TagLib's property map, several values per key where given
// (Vorbis comments repeat the field, ID3v2.4 separates the values in one frame).
void setProperties(const QString& path,
                   const std::vector<std::pair<const char*, QStringList>>& fields) {
    TagLib::FileRef ref(QFile::encodeName(path).constData(), false);
    QVERIFY(!ref.isNull());
    TagLib::PropertyMap properties = ref.file()->properties();
    for (const auto& [key, values] : fields) {
        TagLib::StringList list;
        for (const QString& v : values)
            list.append(TagLib::String(v.toUtf8().toStdString(), TagLib::String::UTF8));
        properties.replace(key, list);
    }
    QVERIFY(ref.file()->setProperties(properties).isEmpty());
    QVERIFY(ref.save());
}

// The eleven TITLE comments of one real file (a track list tagged into every track).
QStringList elevenTitles() {
    QStringList titles;
    for (int i = 1; i <= 11; ++i) titles << QStringLiteral("Movement %1").arg(i);
    return titles;
}

const QString kBraden = QStringLiteral("Braden Walters");
const QString kMeoblast = QStringLiteral("Braden \"meoblast001\" Walters");

// Sets the total sample count in a FLAC file's STREAMINFO, the first metadata block: after
// "fLaC", the block header (4 bytes) and the block and frame sizes (10 bytes), 8 bytes hold the
// sample rate, channels, bits per sample and, in their low 36 bits, the count.
void setFlacTotalSamples(const QString& path, quint64 total) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QCOMPARE(f.read(5), QByteArray("fLaC\0", 5));  // STREAMINFO is block type 0
    QVERIFY(f.seek(18));
    QByteArray bytes = f.read(8);
    QCOMPARE(bytes.size(), 8);
    quint64 packed = qFromBigEndian<quint64>(bytes.constData());
    packed = (packed & ~((quint64(1) << 36) - 1)) | total;
    qToBigEndian(packed, bytes.data());
    QVERIFY(f.seek(18));
    QCOMPARE(f.write(bytes), 8);
}

using Run = tl::test::CliRun;
Run cli(const QStringList& args, int timeoutMs = 300000) {
    return tl::test::runCli(args, timeoutMs);
}

}  // namespace

class LibraryScanTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tagsReadExactly_data();
    void tagsReadExactly();
    void libsndfileReadsWhatTagLibCannot();
    void fileNameGuesses();
    void untaggedFilesFallBackToTheirNames();
    void symlinkLoopsAreSurvived();
    void unreadableAndEmptyFilesAreListed();
    void rescanReadsOnlyWhatChanged();
    void groupingFromOlderTaggers();
    void version2ProjectRereadsItsFilesIntoTheTextModel();
    void matchesImportedTracksByNameAndMbid();
    void cancelLeavesTheProjectUnchanged();
    void cliExitCodesAndJson();
    void demoMusicMatchesItsOwnTracks();
    void multiValuedTagsTakeTheFirstValue_data();
    void multiValuedTagsTakeTheFirstValue();
    void sameTagsOtherLengthIsAnotherTrack();
    void artistAliasMatchesTheCatalog();
    void impossibleLengthsAreUnknown_data();
    void impossibleLengthsAreUnknown();
    void damagedOggLengthIsUnknown();
    void unreadableFilesSayWhyPlainly();
    void nativePathsRoundTrip();
    void nonUtf8NamesAreReadByTheirBytes();

private:
    QTemporaryDir dir_;
    QString path(const QString& relative) const { return dir_.filePath(relative); }
};

void LibraryScanTest::tagsReadExactly_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<int>("sampleRate");
    QTest::addColumn<int>("frames");
    QTest::newRow("WAV") << "WAV"
                         << "wav" << 8000 << 800;
    QTest::newRow("FLAC") << "FLAC"
                          << "flac" << 8000 << 800;
    QTest::newRow("Ogg Vorbis") << "OGG"
                                << "ogg" << 8000 << 8000;
    QTest::newRow("Opus") << "OPUS"
                          << "opus" << 48000 << 48000;
    QTest::newRow("MP3") << "MP3"
                         << "mp3" << 22050 << 22050;
    QTest::newRow("AIFF") << "AIFF"
                          << "aiff" << 8000 << 800;
}

void LibraryScanTest::tagsReadExactly() {
    QFETCH(QString, format);
    QFETCH(QString, suffix);
    QFETCH(int, sampleRate);
    QFETCH(int, frames);
    FileTags written = sampleTags(QStringLiteral("Röyksopp"), QStringLiteral("Eple"));
    written.trackMbid = kRecordingMbid;
    written.artistMbid = kArtistMbid;
    written.albumMbid = kAlbumMbid;
    const QString file = path(QStringLiteral("formats/tone.") + suffix);
    writeAudio(file, format, &written, frames);

    const Result<FileTags> read = readFileTags(file, format);
    QVERIFY2(read.ok(), qPrintable(read.status().message()));
    const FileTags& t = read.value();
    QCOMPARE(t.artist, QStringLiteral("Röyksopp"));
    QCOMPARE(t.title, QStringLiteral("Eple"));
    QCOMPARE(t.album, QStringLiteral("Melody A.M."));
    QCOMPARE(t.genre, QStringLiteral("Electronic"));
    QCOMPARE(t.comment, QStringLiteral("ripped from CD, 2001"));
    QCOMPARE(t.description, QStringLiteral("Recorded live at the Barbican"));
    QCOMPARE(t.mood, QStringLiteral("Chill"));
    QCOMPARE(t.grouping, QStringLiteral("Summer Set"));
    QCOMPARE(t.trackMbid, kRecordingMbid);
    QCOMPARE(t.artistMbid, kArtistMbid);
    QCOMPARE(t.albumMbid, kAlbumMbid);
    QCOMPARE(t.sampleRate, sampleRate);
    QCOMPARE(t.channels, 1);
    QCOMPARE(t.reader, QStringLiteral("taglib"));
    // PCM lengths are exact. Compressed streams add encoder delay and padding: Vorbis and Opus
    // within 60 ms; MP3 is estimated from the bit rate without decoding (TagLib's Fast mode) and
    // LAME pads whole 576-sample frames, within 100 ms.
    const int expectedMs = int(qint64(frames) * 1000 / sampleRate);
    if (format == QLatin1String("WAV") || format == QLatin1String("FLAC") ||
        format == QLatin1String("AIFF")) {
        QCOMPARE(t.durationMs, expectedMs);
    } else {
        const int tolerance = format == QLatin1String("MP3") ? 100 : 60;
        QVERIFY2(std::abs(t.durationMs - expectedMs) <= tolerance,
                 qPrintable(QString::number(t.durationMs)));
    }
}

void LibraryScanTest::libsndfileReadsWhatTagLibCannot() {
    // A FLAC stream named .wav: TagLib goes by the name and finds no WAV audio; libsndfile reads
    // the content (its Vorbis comments and properties).
    const FileTags written = sampleTags(QStringLiteral("Moderat"), QStringLiteral("A New Error"));
    const QString flac = path(QStringLiteral("mislabelled/tone.flac"));
    writeAudio(flac, QStringLiteral("FLAC"), &written);
    const QString wav = path(QStringLiteral("mislabelled/tone.wav"));
    QVERIFY(QFile::rename(flac, wav));
    const Result<FileTags> read = readFileTags(wav, QStringLiteral("WAV"));
    QVERIFY2(read.ok(), qPrintable(read.status().message()));
    QCOMPARE(read->reader, QStringLiteral("taglib+libsndfile"));
    QCOMPARE(read->artist, QStringLiteral("Moderat"));
    QCOMPARE(read->title, QStringLiteral("A New Error"));
    QCOMPARE(read->album, QStringLiteral("Melody A.M."));
    QCOMPARE(read->genre, QStringLiteral("Electronic"));
    QCOMPARE(read->sampleRate, 8000);
    QCOMPARE(read->channels, 1);
    QCOMPARE(read->durationMs, 100);
}

void LibraryScanTest::fileNameGuesses() {
    const QString root = QStringLiteral("/music");
    NameGuess g = guessFromFileName(QStringLiteral("/music/Massive Attack - Teardrop.flac"), root);
    QCOMPARE(g.artist, QStringLiteral("Massive Attack"));
    QCOMPARE(g.title, QStringLiteral("Teardrop"));
    g = guessFromFileName(QStringLiteral("/music/Portishead/Dummy/03 - Roads.ogg"), root);
    QCOMPARE(g.artist, QStringLiteral("Portishead"));
    QCOMPARE(g.title, QStringLiteral("Roads"));
    QCOMPARE(g.album, QStringLiteral("Dummy"));
    g = guessFromFileName(QStringLiteral("/music/Björk - Homogenic/2. Hunter.mp3"), root);
    QCOMPARE(g.artist, QStringLiteral("Björk"));
    QCOMPARE(g.album, QStringLiteral("Homogenic"));
    QCOMPARE(g.title, QStringLiteral("Hunter"));
    g = guessFromFileName(QStringLiteral("/music/Air/01 - Air - La Femme d'Argent.wav"), root);
    QCOMPARE(g.artist, QStringLiteral("Air"));
    QCOMPARE(g.title, QStringLiteral("La Femme d'Argent"));
    g = guessFromFileName(QStringLiteral("/music/50 Cent - Candy Shop.mp3"), root);
    QCOMPARE(g.artist, QStringLiteral("50 Cent"));
    QCOMPARE(g.title, QStringLiteral("Candy Shop"));
    // The folder holding the root is never an artist.
    g = guessFromFileName(QStringLiteral("/music/Untitled.wav"), root);
    QCOMPARE(g.artist, QString());
    QCOMPARE(g.title, QStringLiteral("Untitled"));
}

void LibraryScanTest::untaggedFilesFallBackToTheirNames() {
    const QString music = path(QStringLiteral("fallback-music"));
    writeAudio(music + QStringLiteral("/Massive Attack - Teardrop.wav"), QStringLiteral("WAV"),
               nullptr);
    FileTags titleOnly;
    titleOnly.title = QStringLiteral("Roads (Live)");
    writeAudio(music + QStringLiteral("/Portishead/Dummy/03 - Roads.flac"), QStringLiteral("FLAC"),
               &titleOnly);
    Project p(path(QStringLiteral("fallback.tastelab")));
    const ScanReport r = scan(*p.store, music);
    QCOMPARE(r.filesScanned, 2);
    QCOMPARE(r.newTracks, 2);
    QCOMPARE(r.tagSources.at(QStringLiteral("file-name")), 1);
    QCOMPARE(r.tagSources.at(QStringLiteral("tags+file-name")), 1);
    QCOMPARE(p.text(QStringLiteral("SELECT a.name || '|' || t.title FROM tracks t JOIN artists a "
                                   "ON a.id = t.artist_id ORDER BY t.id LIMIT 1")),
             QStringLiteral("Massive Attack|Teardrop"));
    QCOMPARE(p.text(QStringLiteral("SELECT artist || '|' || title || '|' || album FROM file_tags "
                                   "ft JOIN files f ON f.id = ft.file_id WHERE f.path LIKE "
                                   "'%Roads.flac'")),
             QStringLiteral("Portishead|Roads (Live)|Dummy"));
    QCOMPARE(p.text(QStringLiteral("SELECT tag_source FROM file_matches m JOIN files f ON f.id = "
                                   "m.file_id WHERE f.path LIKE '%Teardrop.wav'")),
             QStringLiteral("file-name"));
}

void LibraryScanTest::symlinkLoopsAreSurvived() {
    const QString music = path(QStringLiteral("loop-music"));
    const FileTags tags = sampleTags(QStringLiteral("Air"), QStringLiteral("Playground Love"));
    writeAudio(music + QStringLiteral("/Air/Virgin Suicides/01.flac"), QStringLiteral("FLAC"),
               &tags);
    // A link back to the root, a link to the parent, and a second link to the same folder.
    QVERIFY(QFile::link(music, music + QStringLiteral("/Air/back-to-root")));
    QVERIFY(QFile::link(music + QStringLiteral("/Air"),
                        music + QStringLiteral("/Air/Virgin Suicides/up")));
    QVERIFY(QFile::link(music + QStringLiteral("/Air/Virgin Suicides"),
                        music + QStringLiteral("/same-album")));
    Project p(path(QStringLiteral("loop.tastelab")));
    const ScanReport r = scan(*p.store, music);
    QCOMPARE(r.filesScanned, 1);
    QCOMPARE(r.loopsSkipped, 3);
    QCOMPARE(p.count(QStringLiteral("SELECT count(*) FROM files")), 1);
    QCOMPARE(r.failed.size(), size_t(0));
}

void LibraryScanTest::unreadableAndEmptyFilesAreListed() {
    const QString music = path(QStringLiteral("bad-music"));
    const FileTags a = sampleTags(QStringLiteral("Air"), QStringLiteral("Sexy Boy"));
    const FileTags b = sampleTags(QStringLiteral("Air"), QStringLiteral("Kelly Watch the Stars"));
    writeAudio(music + QStringLiteral("/good1.flac"), QStringLiteral("FLAC"), &a);
    writeAudio(music + QStringLiteral("/good2.ogg"), QStringLiteral("OGG"), &b, 8000);
    QVERIFY(test::writeFile(music + QStringLiteral("/empty.wav"), QByteArray()));
    QVERIFY(test::writeFile(music + QStringLiteral("/notes.flac"),
                            QByteArray("these are liner notes, not FLAC\n").repeated(20)));
    QVERIFY(test::writeFile(music + QStringLiteral("/cover.jpg"), QByteArray("\xff\xd8\xff")));
    QVERIFY(
        QFile::link(music + QStringLiteral("/gone.mp3"), music + QStringLiteral("/dangling.mp3")));

    Project p(path(QStringLiteral("bad.tastelab")));
    const ScanReport r = scan(*p.store, music);
    QCOMPARE(r.filesScanned, 4);
    QCOMPARE(r.filesIgnored, 1);
    QCOMPARE(r.filesFailed, 2);
    QCOMPARE(r.failed.size(), size_t(3));
    QCOMPARE(reasonFor(r, QStringLiteral("empty.wav")), QStringLiteral("empty file (0 bytes)"));
    QVERIFY2(reasonFor(r, QStringLiteral("notes.flac"))
                 .startsWith(QStringLiteral("not a FLAC file TagLib or libsndfile can read")),
             qPrintable(reasonFor(r, QStringLiteral("notes.flac"))));
    QCOMPARE(reasonFor(r, QStringLiteral("dangling.mp3")), QStringLiteral("broken symbolic link"));
    QCOMPARE(r.newTracks, 2);
    QCOMPARE(p.count(QStringLiteral("SELECT count(*) FROM files")), 2);
    QVERIFY(r.anythingReadable());
}

void LibraryScanTest::rescanReadsOnlyWhatChanged() {
    const QString music = path(QStringLiteral("rescan-music"));
    for (int i = 1; i <= 5; ++i) {
        const FileTags t = sampleTags(QStringLiteral("Moby"), QStringLiteral("Song %1").arg(i));
        writeAudio(music + QStringLiteral("/Moby/%1.flac").arg(i), QStringLiteral("FLAC"), &t);
    }
    Project p(path(QStringLiteral("rescan.tastelab")));
    // A listen of a track the scan will match: rescans never touch listens.
    {
        ProjectStore::Transaction tx(*p.store);
        User u{0, QStringLiteral("me"), true};
        Artist a{0, QStringLiteral("Moby"), {}};
        QVERIFY(p.store->addUser(u).isOk());
        QVERIFY(p.store->addArtist(a).isOk());
        Track t;
        t.artistId = a.id;
        t.title = QStringLiteral("Song 2");
        QVERIFY(p.store->addTrack(t).isOk());
        QVERIFY(p.store->addListen({u.id, t.id, 1700000000, 0, false}).isOk());
        QVERIFY(tx.commit().isOk());
    }
    ScanReport r = scan(*p.store, music);
    QCOMPARE(r.filesNew, 5);
    QCOMPARE(r.matched, 1);
    QCOMPARE(r.newTracks, 4);

    r = scan(*p.store, music);
    QCOMPARE(r.filesUnchanged, 5);
    QCOMPARE(r.filesNew + r.filesChanged + r.filesRemoved, 0);

    // Touch one (retagged), delete one, add one.
    FileTags retagged = sampleTags(QStringLiteral("Moby"), QStringLiteral("Song 1 (Edit)"));
    QVERIFY(writeFileTags(music + QStringLiteral("/Moby/1.flac"), retagged).isOk());
    setMtime(music + QStringLiteral("/Moby/1.flac"), 100);
    QVERIFY(QFile::remove(music + QStringLiteral("/Moby/2.flac")));
    const FileTags added = sampleTags(QStringLiteral("Moby"), QStringLiteral("Song 6"));
    writeAudio(music + QStringLiteral("/Moby/6.wav"), QStringLiteral("WAV"), &added);

    r = scan(*p.store, music);
    QCOMPARE(r.filesScanned, 5);
    QCOMPARE(r.filesNew, 1);
    QCOMPARE(r.filesChanged, 1);
    QCOMPARE(r.filesUnchanged, 3);
    QCOMPARE(r.filesRemoved, 1);
    QCOMPARE(r.newTracks, 2);  // "Song 1 (Edit)" is another recording; "Song 6" is new
    QCOMPARE(p.count(QStringLiteral("SELECT count(*) FROM files")), 5);
    QCOMPARE(p.count(QStringLiteral("SELECT count(*) FROM file_tags")), 5);
    QCOMPARE(p.count(QStringLiteral("SELECT count(*) FROM file_matches")), 5);
    QCOMPARE(p.count(QStringLiteral("SELECT count(*) FROM files WHERE path LIKE '%/2.flac'")), 0);
    QCOMPARE(p.text(QStringLiteral("SELECT title FROM file_tags ft JOIN files f ON f.id = "
                                   "ft.file_id WHERE f.path LIKE '%/1.flac'")),
             QStringLiteral("Song 1 (Edit)"));
    QCOMPARE(p.count(QStringLiteral("SELECT count(*) FROM listens")), 1);
    QCOMPARE(p.count(QStringLiteral("SELECT count(*) FROM tracks")), 7);  // tracks stay
    QCOMPARE(musicFolders(*p.store), QStringList{music});
}

// Taggers before the GROUPING key: iTunes (before 12.5.4) wrote the grouping into ID3v2's TIT1,
// which TagLib 1.13 reports as WORK; Vorbis comments from some taggers say CONTENTGROUP. A
// Vorbis WORK is a classical work's name, not a grouping.
void LibraryScanTest::groupingFromOlderTaggers() {
    const QString mp3 = path(QStringLiteral("grouping/tit1.mp3"));
    writeAudio(mp3, QStringLiteral("MP3"), nullptr, 22050);
    {
        TagLib::MPEG::File f(QFile::encodeName(mp3).constData());
        auto* frame = new TagLib::ID3v2::TextIdentificationFrame("TIT1", TagLib::String::UTF8);
        frame->setText("Late Night Set");
        f.ID3v2Tag(true)->addFrame(frame);
        QVERIFY(f.save());
    }
    const QString flac = path(QStringLiteral("grouping/contentgroup.flac"));
    writeAudio(flac, QStringLiteral("FLAC"), nullptr);
    const QString work = path(QStringLiteral("grouping/work.flac"));
    writeAudio(work, QStringLiteral("FLAC"), nullptr);
    for (const auto& [file, key] : {std::pair{flac, "CONTENTGROUP"}, std::pair{work, "WORK"}}) {
        TagLib::FLAC::File f(QFile::encodeName(file).constData());
        f.xiphComment(true)->addField(key, "Morning Set");
        QVERIFY(f.save());
    }
    QCOMPARE(readFileTags(mp3, QStringLiteral("MP3"))->grouping, QStringLiteral("Late Night Set"));
    QCOMPARE(readFileTags(flac, QStringLiteral("FLAC"))->grouping, QStringLiteral("Morning Set"));
    QCOMPARE(readFileTags(work, QStringLiteral("FLAC"))->grouping, QString());
}

// A project scanned by a schema-2 build stored genre and comment only. Opened now, it is
// upgraded to schema 3; the next rescan reads its unchanged files again for description, mood
// and grouping (once: the scan after that skips them), and the text model then knows each
// track by its mood.
void LibraryScanTest::version2ProjectRereadsItsFilesIntoTheTextModel() {
    const QString music = path(QStringLiteral("v2-music"));
    const QStringList moods = {QStringLiteral("Wistful"), QStringLiteral("Euphoric"),
                               QStringLiteral("Brooding")};
    for (int i = 0; i < 3; ++i) {
        FileTags t = sampleTags(QStringLiteral("Moby"), QStringLiteral("Song %1").arg(i + 1));
        t.mood = moods[i];
        writeAudio(music + QStringLiteral("/Moby/%1.flac").arg(i + 1), QStringLiteral("FLAC"), &t);
    }
    const QString file = path(QStringLiteral("v2.tastelab"));
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v2"));
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QStringList statements = schema::createStatementsV1();
        statements << schema::upgradeSteps().at(0);
        statements << QStringLiteral("PRAGMA application_id = 1414745154")  // 'TSLB'
                   << QStringLiteral("PRAGMA user_version = 2")
                   << QStringLiteral("INSERT INTO artists(id, name) VALUES (1, 'Moby')");
        for (const QString& sql : statements) QVERIFY2(q.exec(sql), qPrintable(sql));
        // What a schema-2 scan left: files with their (size, mtime), tags without the new fields.
        for (int i = 1; i <= 3; ++i) {
            const QFileInfo info(music + QStringLiteral("/Moby/%1.flac").arg(i));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO tracks(id, artist_id, title) VALUES (%1, 1, "
                                          "'Song %1')")
                               .arg(i)));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO files(id, track_id, path, size, mtime, "
                                          "format) VALUES (%1, %1, '%2', %3, %4, 'FLAC')")
                               .arg(i)
                               .arg(info.absoluteFilePath())
                               .arg(info.size())
                               .arg(info.lastModified().toSecsSinceEpoch())));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO file_tags(file_id, artist, title, genre, "
                                          "comment) VALUES (%1, 'Moby', 'Song %1', "
                                          "'Electronic', 'ripped from CD, 2001')")
                               .arg(i)));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO file_matches(file_id, tag_source, rule) "
                                          "VALUES (%1, 'tags', 'exact')")
                               .arg(i)));
        }
        q = QSqlQuery();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v2"));

    auto opened = ProjectStore::open(file);
    QVERIFY2(opened.ok(), qPrintable(opened.status().message()));
    Project p(std::move(opened).value());
    QCOMPARE(p.store->schemaVersion(), ProjectStore::kSchemaVersion);
    QCOMPARE(p.count(QStringLiteral("SELECT count(*) FROM file_tags WHERE tag_fields = 1 AND "
                                    "mood = '' AND description = '' AND grouping = ''")),
             3);
    // The size and mtime match, yet every file is read again: its row predates the new fields.
    ScanReport r = scan(*p.store, music);
    QCOMPARE(r.filesUnchanged, 0);
    QCOMPARE(r.filesChanged, 3);
    QCOMPARE(r.newTracks, 0);
    QCOMPARE(p.text(QStringLiteral("SELECT group_concat(mood, ',') FROM (SELECT mood FROM "
                                   "file_tags ORDER BY file_id)")),
             QStringLiteral("Wistful,Euphoric,Brooding"));
    QCOMPARE(p.text(QStringLiteral("SELECT description || '|' || grouping || '|' || tag_fields "
                                   "FROM file_tags WHERE file_id = 2")),
             QStringLiteral("Recorded live at the Barbican|Summer Set|%1").arg(kTagFieldsVersion));
    r = scan(*p.store, music);
    QCOMPARE(r.filesUnchanged, 3);

    TextOptions options;
    options.sources = savedTextSources(*p.store);
    options.lsa.dims = 2;
    options.minDocumentFrequency = 1;  // each mood is in one file: three files in all
    const auto trained = trainText(*p.store, options, Progress());
    QVERIFY2(trained.ok(), qPrintable(trained.status().message()));
    auto model = loadTextModel(*p.store);
    QVERIFY2(model.ok(), qPrintable(model.status().message()));
    model->prepareForQueries();
    // Genre, comment, description and grouping are the same on every track (idf 0); the mood
    // is each track's own, shared only with the artist its tags also describe.
    for (int i = 0; i < 3; ++i) {
        const int track = model->indexOf(TextEntityKind::Track, i + 1);
        QVERIFY(track >= 0);
        const std::vector<TermWeight> top = model->topTerms(track, 3);
        QVERIFY(!top.empty());
        QCOMPARE(top.front().term, moods[i].toLower());
    }
}

void LibraryScanTest::matchesImportedTracksByNameAndMbid() {
    // A Last.fm (lastfm.ghan.nl) history: Röyksopp's "Eple" with its recording MBID, and "Come
    // Together - Remastered 2009" without one.
    const QString history = path(QStringLiteral("history/scrobbles.csv"));
    QDir().mkpath(QFileInfo(history).path());
    QVERIFY(test::writeFile(
        history,
        QStringLiteral("\"uts\",\"utc_time\",\"artist\",\"artist_mbid\",\"album\",\"album_mbid\","
                       "\"track\",\"track_mbid\"\r\n"
                       "\"1612122180\",\"31 Jan 2021, 19:43\",\"Röyksopp\",\"%1\",\"Melody "
                       "A.M.\",\"\",\"Eple\",\"%2\"\r\n"
                       "\"1612122480\",\"31 Jan 2021, 19:48\",\"The Beatles\",\"\",\"Abbey "
                       "Road\",\"\",\"Come Together - Remastered 2009\",\"\"\r\n")
            .arg(kArtistMbid, kRecordingMbid)
            .toUtf8()));
    Project p(path(QStringLiteral("match.tastelab")));
    ImportOptions import;
    import.paths = {history};
    import.me = QStringLiteral("me");
    const auto imported = importHistories(*p.store, import, Progress());
    QVERIFY(imported.ok());
    QCOMPARE(p.count(QStringLiteral("SELECT count(*) FROM tracks")), 2);

    const QString music = path(QStringLiteral("match-music"));
    // By MBID although the tag spells the title differently; by normalised name; cold start.
    FileTags byMbid =
        sampleTags(QStringLiteral("Royksopp"), QStringLiteral("Eple (Album Version)"));
    byMbid.trackMbid = kRecordingMbid;
    FileTags byName = sampleTags(QStringLiteral("BEATLES, THE"), QStringLiteral("Come Together"));
    FileTags cold = sampleTags(QStringLiteral("Air"), QStringLiteral("Cherry Blossom Girl"));
    writeAudio(music + QStringLiteral("/a.flac"), QStringLiteral("FLAC"), &byMbid);
    writeAudio(music + QStringLiteral("/b.ogg"), QStringLiteral("OGG"), &byName, 8000);
    writeAudio(music + QStringLiteral("/c.wav"), QStringLiteral("WAV"), &cold);

    const ScanReport r = scan(*p.store, music);
    QCOMPARE(r.matched, 2);
    QCOMPARE(r.newTracks, 1);
    QCOMPARE(r.matchRules.at(QStringLiteral("musicbrainz-id")), 1);
    QCOMPARE(r.matchRules.at(QStringLiteral("new-track")), 1);
    const QString rule = p.text(QStringLiteral(
        "SELECT rule FROM file_matches m JOIN files f ON f.id = m.file_id WHERE f.path LIKE "
        "'%/b.ogg'"));
    QCOMPARE(rule, QStringLiteral("case+the-prefix+remaster"));
    QCOMPARE(p.text(QStringLiteral("SELECT t.title FROM files f JOIN tracks t ON t.id = "
                                   "f.track_id WHERE f.path LIKE '%/a.flac'")),
             QStringLiteral("Eple"));
    QCOMPARE(p.text(QStringLiteral("SELECT t.title FROM files f JOIN tracks t ON t.id = "
                                   "f.track_id WHERE f.path LIKE '%/b.ogg'")),
             QStringLiteral("Come Together - Remastered 2009"));
    // The cold-start track exists, with its file and no plays.
    QCOMPARE(p.count(QStringLiteral(
                 "SELECT count(*) FROM tracks t JOIN files f ON f.track_id = t.id WHERE t.title = "
                 "'Cherry Blossom Girl' AND NOT EXISTS (SELECT 1 FROM listens l WHERE "
                 "l.track_id = t.id)")),
             1);
    QCOMPARE(p.count(QStringLiteral("SELECT count(*) FROM tracks")), 3);
    QCOMPARE(p.count(QStringLiteral("SELECT count(*) FROM listens")), 2);
    // The differently written names are recorded as merges, as imports record them.
    QVERIFY(p.count(QStringLiteral("SELECT count(*) FROM merges WHERE source_name = 'BEATLES, "
                                   "THE'")) == 1);
}

void LibraryScanTest::cancelLeavesTheProjectUnchanged() {
    const QString music = path(QStringLiteral("cancel-music"));
    for (int i = 0; i < 60; ++i) {
        const FileTags t =
            sampleTags(QStringLiteral("Artist %1").arg(i % 7), QStringLiteral("Title %1").arg(i));
        writeAudio(music + QStringLiteral("/%1.wav").arg(i), QStringLiteral("WAV"), &t);
    }
    Project p(path(QStringLiteral("cancel.tastelab")));
    // Cancelled while reading tags, and again while matching and writing.
    for (const QString& phase : {QStringLiteral("Reading tags"), QStringLiteral("Matching")}) {
        Progress* self = nullptr;
        Progress progress([&](double, const QString& message) {
            if (message.startsWith(phase) && self) self->cancel();
        });
        self = &progress;
        ScanOptions options;
        options.folder = music;
        options.threads = 1;
        const Result<ScanReport> r = scanMusicFolder(*p.store, options, progress);
        QVERIFY(!r.ok());
        QVERIFY(r.status().isCancelled());
        QCOMPARE(p.count(QStringLiteral("SELECT count(*) FROM files")), 0);
        QCOMPARE(p.count(QStringLiteral("SELECT count(*) FROM tracks")), 0);
        QCOMPARE(p.count(QStringLiteral("SELECT count(*) FROM artists")), 0);
        QVERIFY(musicFolders(*p.store).isEmpty());
    }
    QCOMPARE(scan(*p.store, music).newTracks, 60);
}

void LibraryScanTest::cliExitCodesAndJson() {
    const QString project = path(QStringLiteral("cli.tastelab"));
    { Project p(project); }
    QCOMPARE(cli({QStringLiteral("scan"), QStringLiteral("--project"), project}).exitCode, 2);
    QCOMPARE(cli({QStringLiteral("scan"), path(QStringLiteral("nowhere"))}).exitCode, 2);
    const Run missing = cli({QStringLiteral("scan"), QStringLiteral("--project"), project,
                             path(QStringLiteral("nowhere"))});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY(missing.err.contains("no such folder"));

    const QString broken = path(QStringLiteral("cli-broken"));
    QVERIFY(QDir().mkpath(broken));
    QVERIFY(test::writeFile(broken + QStringLiteral("/a.flac"), QByteArray("not audio")));
    QCOMPARE(cli({QStringLiteral("scan"), QStringLiteral("--project"), project, broken}).exitCode,
             1);

    const QString music = path(QStringLiteral("cli-music"));
    const FileTags t = sampleTags(QStringLiteral("Air"), QStringLiteral("Alone in Kyoto"));
    writeAudio(music + QStringLiteral("/Air/1.flac"), QStringLiteral("FLAC"), &t);
    writeAudio(music + QStringLiteral("/Air/2.flac"), QStringLiteral("FLAC"), &t);
    const Run run = cli({QStringLiteral("scan"), QStringLiteral("--project"), project, music,
                         QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject o = run.json();
    QCOMPARE(o.value(QStringLiteral("files_scanned")).toInt(), 2);
    QCOMPARE(o.value(QStringLiteral("files_new")).toInt(), 2);
    QCOMPARE(o.value(QStringLiteral("new_tracks")).toInt(), 1);
    QCOMPARE(o.value(QStringLiteral("matched")).toInt(), 1);  // the second file, same track
    QCOMPARE(o.value(QStringLiteral("failed")).toArray().size(), 0);
    for (const char* key : {"files_changed", "files_unchanged", "files_removed"})
        QVERIFY2(o.contains(QLatin1String(key)), key);

    // Without DIR: every remembered folder is rescanned (the unreadable one too, hence exit 1).
    const Run rescan = cli(
        {QStringLiteral("scan"), QStringLiteral("--project"), project, QStringLiteral("--json")});
    QCOMPARE(rescan.exitCode, 1);
    const QJsonArray reports = rescan.json().value(QStringLiteral("folders")).toArray();
    QCOMPARE(reports.size(), 2);
    QCOMPARE(reports[0].toObject().value(QStringLiteral("folder")).toString(), broken);
    QCOMPARE(reports[0].toObject().value(QStringLiteral("files_failed")).toInt(), 1);
    QCOMPARE(reports[1].toObject().value(QStringLiteral("folder")).toString(), music);
    QCOMPARE(reports[1].toObject().value(QStringLiteral("files_unchanged")).toInt(), 2);
}

void LibraryScanTest::demoMusicMatchesItsOwnTracks() {
    const QString demo = path(QStringLiteral("demo"));
    const Run made = cli({QStringLiteral("demo"), QStringLiteral("--out"), demo,
                          QStringLiteral("--size"), QStringLiteral("small")});
    QCOMPARE(made.exitCode, 0);
    const QString project = demo + QStringLiteral("/demo.tastelab");
    std::map<QString, Id> demoTrackOf;
    qint64 tracksBefore = 0;
    {
        auto opened = ProjectStore::open(project);
        QVERIFY(opened.ok());
        for (const AudioFile& f : opened.value()->files()) demoTrackOf[f.path] = f.trackId;
        tracksBefore = opened.value()->counts().tracks;
    }
    QVERIFY(demoTrackOf.size() >= 50);

    const Run run = cli({QStringLiteral("scan"), QStringLiteral("--project"), project,
                         demo + QStringLiteral("/music"), QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject o = run.json();
    QCOMPARE(o.value(QStringLiteral("files_scanned")).toInt(), int(demoTrackOf.size()));
    QCOMPARE(o.value(QStringLiteral("matched")).toInt(), int(demoTrackOf.size()));
    QCOMPARE(o.value(QStringLiteral("new_tracks")).toInt(), 0);
    QCOMPARE(o.value(QStringLiteral("failed")).toArray().size(), 0);

    auto opened = ProjectStore::open(project);
    QVERIFY(opened.ok());
    QCOMPARE(opened.value()->counts().tracks, tracksBefore);
    {
        // The demo's files carry a release year (DATE; ICRD in WAV): the scan keeps it.
        QSqlQuery q(opened.value()->database());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*), min(year), max(year) FROM file_tags")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), int(demoTrackOf.size()));
        QVERIFY2(q.value(1).toInt() >= 1962, qPrintable(q.value(1).toString()));
        QCOMPARE(q.value(2).toInt(), 2026);  // the new releases nobody has heard yet
    }
    for (const AudioFile& f : opened.value()->files()) {
        QVERIFY2(demoTrackOf.count(f.path), qPrintable(f.path));
        QCOMPARE(f.trackId, demoTrackOf[f.path]);
    }
    opened = Result<std::unique_ptr<ProjectStore>>(Status::error(QStringLiteral("closed")));

    const Run again = cli({QStringLiteral("scan"), QStringLiteral("--project"), project,
                           demo + QStringLiteral("/music"), QStringLiteral("--json")});
    QCOMPARE(again.json().value(QStringLiteral("files_unchanged")).toInt(),
             int(demoTrackOf.size()));
}

void LibraryScanTest::multiValuedTagsTakeTheFirstValue_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("suffix");
    QTest::newRow("FLAC") << "FLAC"
                          << "flac";
    QTest::newRow("Ogg Vorbis") << "OGG"
                                << "ogg";
    QTest::newRow("MP3 (ID3v2.4)") << "MP3"
                                   << "mp3";
}

// TagLib's Tag::title() and artist() join a field's values with spaces ("Braden Walters Braden
// "meoblast001" Walters"); the reader takes the first value and keeps the others as aliases.
void LibraryScanTest::multiValuedTagsTakeTheFirstValue() {
    QFETCH(QString, format);
    QFETCH(QString, suffix);
    const QString file = path(QStringLiteral("multi/tone.") + suffix);
    writeAudio(file, format, nullptr, format == QLatin1String("MP3") ? 22050 : 8000);
    setProperties(file, {{"ARTIST", {kBraden, kMeoblast, kBraden}},
                         {"TITLE", elevenTitles()},
                         {"ALBUM", {QStringLiteral("Suite"), QStringLiteral("Suite (Live)")}},
                         {"GENRE", {QStringLiteral("Chiptune"), QStringLiteral("Electronic")}}});
    const Result<FileTags> read = readFileTags(file, format);
    QVERIFY2(read.ok(), qPrintable(read.status().message()));
    QCOMPARE(read->artist, kBraden);
    QCOMPARE(read->artistAliases, QStringList{kMeoblast});  // the repeat is dropped
    QCOMPARE(read->title, QStringLiteral("Movement 1"));
    QCOMPARE(read->titleAliases, elevenTitles().mid(1));
    QCOMPARE(read->album, QStringLiteral("Suite"));
    QCOMPARE(read->genre, QStringLiteral("Chiptune"));
    QCOMPARE(read->reader, QStringLiteral("taglib"));

    // One value: no aliases.
    setProperties(file, {{"ARTIST", {kMeoblast}}, {"TITLE", {QStringLiteral("Overture")}}});
    const Result<FileTags> single = readFileTags(file, format);
    QVERIFY(single.ok());
    QCOMPARE(single->artist, kMeoblast);
    QCOMPARE(single->title, QStringLiteral("Overture"));
    QVERIFY(single->artistAliases.isEmpty());
    QVERIFY(single->titleAliases.isEmpty());
}

// Two files with the same eleven TITLE comments and the same artists name one track by their
// tags, yet their audio differs (1 s and 12 s): they are two tracks with the same names, and a
// third file as long as the second (within a few seconds) is the second's copy. Files with one
// MusicBrainz recording ID stay one track whatever their lengths.
void LibraryScanTest::sameTagsOtherLengthIsAnotherTrack() {
    const QString music = path(QStringLiteral("lengths-music"));
    const auto write = [&](const QString& name, int seconds, const QString& mbid = {}) {
        const QString file = music + QLatin1Char('/') + name;
        writeAudio(file, QStringLiteral("FLAC"), nullptr, seconds * 8000);
        std::vector<std::pair<const char*, QStringList>> fields = {{"ARTIST", {kBraden, kMeoblast}},
                                                                   {"TITLE", elevenTitles()}};
        if (!mbid.isEmpty()) {
            fields = {{"ARTIST", {kBraden}},
                      {"TITLE", {QStringLiteral("Coda")}},
                      {"MUSICBRAINZ_TRACKID", {mbid}}};
        }
        setProperties(file, fields);
    };
    write(QStringLiteral("a.flac"), 1);
    write(QStringLiteral("b.flac"), 12);
    write(QStringLiteral("c.flac"), 13);
    write(QStringLiteral("m1.flac"), 1, kRecordingMbid);
    write(QStringLiteral("m2.flac"), 12, kRecordingMbid);

    Project p(path(QStringLiteral("lengths.tastelab")));
    ScanReport r = scan(*p.store, music);
    QCOMPARE(r.filesScanned, 5);
    QCOMPARE(r.newTracks, 3);
    QCOMPARE(r.matched, 2);
    QCOMPARE(r.matchRules.at(QStringLiteral("new-track")), 2);
    QCOMPARE(r.matchRules.at(QStringLiteral("new-track-other-length")), 1);
    QCOMPARE(r.matchRules.at(QStringLiteral("exact")), 1);
    QCOMPARE(r.matchRules.at(QStringLiteral("musicbrainz-id")), 1);
    const auto trackOf = [&](const QString& name) {
        return p.text(QStringLiteral("SELECT a.name || '|' || t.title || '|' || t.duration_ms || "
                                     "'|' || t.id FROM files f JOIN tracks t ON t.id = "
                                     "f.track_id JOIN artists a ON a.id = t.artist_id WHERE "
                                     "f.path LIKE '%/") +
                      name + QLatin1Char('\''));
    };
    const QString first = trackOf(QStringLiteral("a.flac"));
    const QString second = trackOf(QStringLiteral("b.flac"));
    QCOMPARE(first.section(QLatin1Char('|'), 0, 2),
             QStringLiteral("Braden Walters|Movement 1|1000"));
    QCOMPARE(second.section(QLatin1Char('|'), 0, 2),
             QStringLiteral("Braden Walters|Movement 1|12000"));
    QVERIFY(first != second);
    QCOMPARE(trackOf(QStringLiteral("c.flac")), second);
    QCOMPARE(trackOf(QStringLiteral("m1.flac")), trackOf(QStringLiteral("m2.flac")));
    QCOMPARE(p.count(QStringLiteral("SELECT count(*) FROM tracks")), 3);
    QCOMPARE(p.count(QStringLiteral("SELECT count(*) FROM artists")), 1);
    QCOMPARE(p.count(QStringLiteral("SELECT count(*) FROM file_tags WHERE artist = 'Braden "
                                    "Walters' AND title IN ('Movement 1', 'Coda')")),
             5);

    // The next scan finds both again: a 2 s file is the first's, a 40 s one is a third
    // recording, and a re-read file keeps its track.
    write(QStringLiteral("d.flac"), 2);
    write(QStringLiteral("e.flac"), 40);
    write(QStringLiteral("b.flac"), 12);
    setMtime(music + QStringLiteral("/b.flac"), 100);
    r = scan(*p.store, music);
    QCOMPARE(r.filesNew, 2);
    QCOMPARE(r.filesChanged, 1);
    QCOMPARE(r.newTracks, 1);
    QCOMPARE(r.matched, 2);
    QCOMPARE(trackOf(QStringLiteral("d.flac")), first);
    QCOMPARE(trackOf(QStringLiteral("b.flac")), second);
    QCOMPARE(trackOf(QStringLiteral("e.flac")).section(QLatin1Char('|'), 0, 2),
             QStringLiteral("Braden Walters|Movement 1|40000"));
    QCOMPARE(p.count(QStringLiteral("SELECT count(*) FROM tracks")), 4);
}

// A history knows the artist by the file's second ARTIST value: the file matches that track.
void LibraryScanTest::artistAliasMatchesTheCatalog() {
    Project p(path(QStringLiteral("alias.tastelab")));
    Id trackId = 0;
    {
        ProjectStore::Transaction tx(*p.store);
        Artist a{0, kMeoblast, {}};
        QVERIFY(p.store->addArtist(a).isOk());
        Track t;
        t.artistId = a.id;
        t.title = QStringLiteral("Movement 2");
        QVERIFY(p.store->addTrack(t).isOk());
        trackId = t.id;
        QVERIFY(tx.commit().isOk());
    }
    const QString music = path(QStringLiteral("alias-music"));
    writeAudio(music + QStringLiteral("/a.flac"), QStringLiteral("FLAC"), nullptr);
    setProperties(music + QStringLiteral("/a.flac"),
                  {{"ARTIST", {kBraden, kMeoblast}}, {"TITLE", elevenTitles()}});
    const ScanReport r = scan(*p.store, music);
    QCOMPARE(r.matched, 1);
    QCOMPARE(r.newTracks, 0);
    QCOMPARE(r.newArtists, 0);
    QCOMPARE(r.matchRules.at(QStringLiteral("alias")), 1);
    QCOMPARE(p.count(QStringLiteral("SELECT track_id FROM files")), trackId);
    // The file's own tags are its first values.
    QCOMPARE(p.text(QStringLiteral("SELECT artist || '|' || title FROM file_tags")),
             QStringLiteral("Braden Walters|Movement 1"));
    QCOMPARE(p.count(QStringLiteral("SELECT count(*) FROM tracks")), 1);
}

void LibraryScanTest::impossibleLengthsAreUnknown_data() {
    QTest::addColumn<quint64>("frames");  // at 8000 Hz
    QTest::addColumn<bool>("large");      // a 400 KB comment: 24 hours fit the file's bytes
    QTest::addColumn<int>("expectedMs");
    QTest::newRow("the real count") << quint64(800) << false << 100;
    // 2^36 - 1 frames: 99 days; TagLib's int milliseconds overflow, libsndfile's did too.
    QTest::newRow("99 days") << (quint64(1) << 36) - 1 << false << 0;
    QTest::newRow("an hour in 1 KB") << quint64(8000) * 3600 << false << 0;
    QTest::newRow("23 hours in 400 KB") << quint64(8000) * 23 * 3600 << true << 23 * 3600 * 1000;
    QTest::newRow("25 hours in 400 KB") << quint64(8000) * 25 * 3600 << true << 0;
}

// A FLAC STREAMINFO that claims an impossible length, read by TagLib (.flac) and by libsndfile
// (the same stream named .wav): an unknown length (0), never an overflowed or absurd one.
void LibraryScanTest::impossibleLengthsAreUnknown() {
    QFETCH(quint64, frames);
    QFETCH(bool, large);
    QFETCH(int, expectedMs);
    FileTags tags = sampleTags(QStringLiteral("Aphex Twin"), QStringLiteral("Stone in Focus"));
    if (large) tags.description = QString(400 * 1024, QLatin1Char('x'));
    const QString flac = path(QStringLiteral("claims/%1.flac").arg(QTest::currentDataTag()));
    writeAudio(flac, QStringLiteral("FLAC"), &tags);
    setFlacTotalSamples(flac, frames);
    const qint64 size = QFileInfo(flac).size();
    // Each case tests one limit: more than 2048 frames per byte, or more than 24 hours.
    QCOMPARE(qint64(frames) / 2048 > size, !large && frames > 800);
    const QString wav = flac.chopped(5) + QStringLiteral(".wav");
    QVERIFY(QFile::copy(flac, wav));

    const Result<FileTags> byTagLib = readFileTags(flac, QStringLiteral("FLAC"));
    QVERIFY2(byTagLib.ok(), qPrintable(byTagLib.status().message()));
    QCOMPARE(byTagLib->reader, QStringLiteral("taglib"));
    QCOMPARE(byTagLib->sampleRate, 8000);
    QCOMPARE(byTagLib->durationMs, expectedMs);
    const Result<FileTags> bySndfile = readFileTags(wav, QStringLiteral("WAV"));
    QVERIFY2(bySndfile.ok(), qPrintable(bySndfile.status().message()));
    QCOMPARE(bySndfile->reader, QStringLiteral("taglib+libsndfile"));
    QCOMPARE(bySndfile->sampleRate, 8000);
    QCOMPARE(bySndfile->durationMs, expectedMs);
}

// A truncated Ogg Vorbis stream has no last page to count to: libsndfile reports SF_COUNT_MAX
// frames (the multiplication by 1000 overflowed a 64-bit integer).
void LibraryScanTest::damagedOggLengthIsUnknown() {
    const QString ogg = path(QStringLiteral("damaged/cut.ogg"));
    writeAudio(ogg, QStringLiteral("OGG"), nullptr, 5 * 8000);
    QFile f(ogg);
    QVERIFY(f.resize(f.size() * 3 / 4));
    const QString wav = path(QStringLiteral("damaged/cut.wav"));  // read by libsndfile
    QVERIFY(QFile::rename(ogg, wav));
    const Result<FileTags> read = readFileTags(wav, QStringLiteral("WAV"));
    QVERIFY2(read.ok(), qPrintable(read.status().message()));
    QVERIFY(read->reader.endsWith(QLatin1String("libsndfile")));
    QCOMPARE(read->sampleRate, 8000);
    QCOMPARE(read->durationMs, 0);
}

// libsndfile's reason for a file it reads nothing from is "File does not exist or is not a
// regular file (possibly a pipe?)": for a readable MP3 with no MPEG frames that misleads. A file
// that cannot be opened says so, as do a folder, a FIFO and a missing file given to the reader.
void LibraryScanTest::unreadableFilesSayWhyPlainly() {
    const QString music = path(QStringLiteral("plain-music"));
    QVERIFY(QDir().mkpath(music));
    QByteArray noise;
    for (int i = 0; i < 5000; ++i) noise.append(char(i * 7919 % 251));
    QVERIFY(test::writeFile(music + QStringLiteral("/noise.mp3"), noise));
    Project p(path(QStringLiteral("plain.tastelab")));
    const ScanReport r = scan(*p.store, music);
    QCOMPARE(r.filesFailed, 1);
    QCOMPARE(reasonFor(r, QStringLiteral("noise.mp3")),
             QStringLiteral("not an MP3 file TagLib or libsndfile can read"));

    const QString other = path(QStringLiteral("plain-other"));
    QVERIFY(QDir().mkpath(other + QStringLiteral("/folder.flac")));
    QCOMPARE(readFileTags(other + QStringLiteral("/folder.flac"), QStringLiteral("FLAC"))
                 .status()
                 .message(),
             QStringLiteral("a folder, not a file"));
    const QString fifo = other + QStringLiteral("/fifo.mp3");
    QCOMPARE(mkfifo(QFile::encodeName(fifo).constData(), 0644), 0);
    QCOMPARE(readFileTags(fifo, QStringLiteral("MP3")).status().message(),
             QStringLiteral("not a regular file (a FIFO)"));
    QCOMPARE(readFileTags(other + QStringLiteral("/gone.flac"), QStringLiteral("FLAC"))
                 .status()
                 .message(),
             QStringLiteral("cannot open: No such file or directory"));

    // A good MP3 nobody may read. Root reads it anyway; a file-system user ID other than 0 drops
    // the capabilities that override permissions, for this thread only (Linux).
    const QString locked = other + QStringLiteral("/locked.mp3");
    const FileTags tags = sampleTags(QStringLiteral("Air"), QStringLiteral("Talisman"));
    writeAudio(locked, QStringLiteral("MP3"), &tags, 22050);
    const qint64 size = QFileInfo(locked).size();
    QVERIFY(QFile::setPermissions(locked, QFileDevice::Permissions()));
    const bool root = geteuid() == 0;
    if (root) {
        setfsuid(65534);
        if (setfsuid(65534) != 65534) QSKIP("cannot read as another user here");
    }
    const QString unknownSize = readFileTags(locked, QStringLiteral("MP3")).status().message();
    const QString knownSize = readFileTags(locked, QStringLiteral("MP3"), size).status().message();
    if (root) setfsuid(0);
    QCOMPARE(unknownSize, QStringLiteral("cannot open: Permission denied"));
    QCOMPARE(knownSize, QStringLiteral("cannot open: Permission denied"));
}

// Qt 6 decodes file names as UTF-8: a Latin-1 name ("caf\xe9.flac") became "caf\uFFFD.flac",
// which encodes back to other bytes, so the file could not be opened by its QString path. Paths
// now carry such bytes escaped (util/NativePath.h): every byte string survives the round trip,
// and valid UTF-8 decodes exactly as before.
void LibraryScanTest::nativePathsRoundTrip() {
    const QByteArray latin1("/music/caf\xe9.flac");
    const QString path = pathFromNative(latin1);
    QVERIFY(hasRawBytes(path));
    QCOMPARE(path.size(), QStringLiteral("/music/caf.flac").size() + 2);  // one surrogate pair
    QCOMPARE(nativePath(path), latin1);
    QCOMPARE(displayPath(path), QStringLiteral("/music/caf\\xe9.flac"));
    QCOMPARE(guessedText(path), QStringLiteral("/music/café.flac"));
    QCOMPARE(guessedText(pathFromNative("\x80\x92")), QStringLiteral("€’"));  // Windows-1252
    QCOMPARE(nativeFileUrl(path), QStringLiteral("file:///music/caf%E9.flac"));
    // Valid UTF-8 is decoded as Qt decodes it, and is not "raw".
    const QByteArray utf8("/m/Bj\xc3\xb6rk/01 \xe2\x80\x93 \xf0\x9f\x8e\xb5.flac");
    QCOMPARE(pathFromNative(utf8), QString::fromUtf8(utf8));
    QVERIFY(!hasRawBytes(pathFromNative(utf8)));
    QCOMPARE(nativePath(QString::fromUtf8(utf8)), utf8);
    // A name that already holds a code point of the escape block (U+10FD80, valid UTF-8) is
    // escaped byte by byte, so it cannot be confused with an escaped 0x80.
    const QByteArray block(
        "a\xf4\x8f\xb6\x80"
        "b");
    QCOMPARE(pathFromNative(block).size(), 2 + 4 * 2);
    QCOMPARE(nativePath(pathFromNative(block)), block);
    QVERIFY(pathFromNative(block) != pathFromNative(QByteArray("a\x80"
                                                               "b")));
    // Every 1- and 2-byte string, and ill-formed sequences: surrogates, overlong, 5-byte forms.
    for (int a = 0; a < 256; ++a)
        for (int b = 0; b < 256; ++b) {
            const QByteArray two{char(a), char(b)};
            QCOMPARE(nativePath(pathFromNative(two)), two);
        }
    for (const QByteArray& bad :
         {QByteArray("\xed\xa0\x80"), QByteArray("\xc0\xaf"), QByteArray("\xf8\x88\x80\x80\x80"),
          QByteArray("\xe2\x82"), QByteArray("\xf4\x90\x80\x80")}) {
        QCOMPARE(nativePath(pathFromNative(bad)), bad);
        QCOMPARE(pathFromNative(bad).size(), bad.size() * 2);
    }
    // Exported playlists name such a file by its bytes: M3U8 is UTF-8 text, so there it is the
    // file: URL; XSPF's location is a URL anyway.
    WeeklyPlaylist week;
    PlaylistEntry entry;
    entry.position = 1;
    entry.artist = QStringLiteral("Air");
    entry.title = QStringLiteral("Ce matin-là");
    entry.filePath = path;
    week.entries.push_back(entry);
    const QByteArray m3u = toM3u8(week);
    QVERIFY2(m3u.contains("\nfile:///music/caf%E9.flac\n"), m3u.constData());
    QVERIFY(QString::fromUtf8(m3u).toUtf8() == m3u);  // still valid UTF-8
    QVERIFY(toXspf(week).contains("<location>file:///music/caf%E9.flac</location>"));
}

// A music folder holding names that are not UTF-8 (copied from a Latin-1 or old Windows
// system): every audio file is scanned, stored by its exact bytes, found unchanged on a rescan,
// decoded, and its sidecar text read; a title taken from such a name reads as Windows-1252.
void LibraryScanTest::nonUtf8NamesAreReadByTheirBytes() {
    const QString music = path(QStringLiteral("latin1-music"));
    const FileTags air = sampleTags(QStringLiteral("Air"), QStringLiteral("Ce matin-là"));
    const FileTags moby = sampleTags(QStringLiteral("Moby"), QStringLiteral("Porcelain"));
    const FileTags jarre =
        sampleTags(QStringLiteral("Jean-Michel Jarre"), QStringLiteral("Oxygène"));
    writeAudio(music + QStringLiteral("/good.flac"), QStringLiteral("FLAC"), &air);
    writeAudio(music + QStringLiteral("/a.flac"), QStringLiteral("FLAC"), nullptr, 900);
    writeAudio(music + QStringLiteral("/b.flac"), QStringLiteral("FLAC"), &moby, 1000);
    writeAudio(music + QStringLiteral("/c.flac"), QStringLiteral("FLAC"), &jarre, 1100);
    const QByteArray root = QFile::encodeName(music);
    const auto move = [&](const char* from, const QByteArray& to) {
        QCOMPARE(::rename((root + '/' + from).constData(), (root + '/' + to).constData()), 0);
    };
    QCOMPARE(::mkdir((root + "/Caf\xe9 del Mar").constData(), 0755), 0);
    move("a.flac",
         "Caf\xe9 del Mar/Caf\xe9 Olé - M\xfc"
         "de.flac");                                              // untagged: name is the tag
    move("b.flac", "Caf\xe9 del Mar/02 \xc3\xa9t\xc3\xa9.flac");  // valid UTF-8 ("été")
    move("c.flac", "caf\xe9.flac");
    const auto create = [&](const QByteArray& name, const QByteArray& bytes) {
        const int fd = ::open((root + '/' + name).constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        QVERIFY(fd >= 0);
        QCOMPARE(::write(fd, bytes.constData(), size_t(bytes.size())), ssize_t(bytes.size()));
        QCOMPARE(::close(fd), 0);
    };
    create("Caf\xe9 del Mar/cover.jpg", "\xff\xd8\xff");
    create("Caf\xe9 del Mar/notes \xe9t\xe9.txt", "Recorded by the sea, ambient and calm.");

    Project p(path(QStringLiteral("latin1.tastelab")));
    const ScanReport r = scan(*p.store, music);
    QCOMPARE(r.filesScanned, 4);
    QCOMPARE(r.filesFailed, 0);
    QVERIFY2(r.failed.empty(), r.failed.empty() ? "" : qPrintable(r.failed.front().reason));
    QCOMPARE(r.filesIgnored, 2);  // cover.jpg and the notes
    QCOMPARE(r.newTracks, 4);

    // Stored by their bytes: every path in the project names a file that exists.
    QSqlQuery q(p.store->database());
    QVERIFY(q.exec(QStringLiteral("SELECT path FROM files ORDER BY path")));
    QList<QByteArray> stored;
    while (q.next()) stored << nativePath(q.value(0).toString());
    QCOMPARE(stored.size(), 4);
    QVERIFY(stored.contains(root + "/caf\xe9.flac"));
    QVERIFY(stored.contains(root + "/Caf\xe9 del Mar/Caf\xe9 Olé - M\xfc"
                                   "de.flac"));
    QVERIFY(stored.contains(root + "/Caf\xe9 del Mar/02 \xc3\xa9t\xc3\xa9.flac"));
    for (const QByteArray& bytes : stored) {
        struct stat info {};
        QVERIFY2(::stat(bytes.constData(), &info) == 0, bytes.constData());
    }
    // Tags read from the file whose name is not UTF-8; the untagged one's name read as
    // Windows-1252 ("Café Olé - Müde").
    QCOMPARE(nativePath(p.text(QStringLiteral("SELECT f.path FROM files f JOIN tracks t ON "
                                              "t.id = f.track_id WHERE t.title = 'Oxygène'"))),
             root + "/caf\xe9.flac");
    QCOMPARE(p.count(QStringLiteral("SELECT count(*) FROM tracks t JOIN artists a ON a.id = "
                                    "t.artist_id WHERE t.title = 'Müde' AND a.name = 'Café Olé'")),
             1);

    // Decoded by its bytes.
    const QString latin1 = pathFromNative(root + "/caf\xe9.flac");
    const auto decoded = audio::decodeWindows(latin1, 22050, nullptr);
    QVERIFY2(decoded, decoded ? "" : qPrintable(decoded.status().message()));
    QVERIFY(!decoded.value().excerpts.empty());

    // The sidecar beside them is listed and reads.
    TextSourceOptions sources;
    sources.sidecars = true;
    const auto inputs = listTextInputs(*p.store, sources);
    QVERIFY(inputs);
    int sidecars = 0;
    for (const SourceFile& f : inputs->files)
        if (f.kind == SourceFile::Kind::Sidecar) {
            ++sidecars;
            QCOMPARE(nativePath(f.path), root + "/Caf\xe9 del Mar/notes \xe9t\xe9.txt");
            QCOMPARE(f.size, qint64(38));
        }
    QCOMPARE(sidecars, 1);

    // Unchanged on a second scan: the stored path matches the walk's, byte for byte.
    const ScanReport again = scan(*p.store, music);
    QCOMPARE(again.filesUnchanged, 4);
    QCOMPARE(again.filesRemoved, 0);
    QCOMPARE(again.filesNew, 0);
}

QTEST_GUILESS_MAIN(LibraryScanTest)
#include "test_library_scan.moc"
