#pragma once

#include <QStringList>
#include <vector>

namespace tl::schema {

// The SQL that creates a version-1 project. Each statement separately (QSqlQuery runs one).
// Listens are unique per (user, track, end time), which is what makes re-imports idempotent.
inline QStringList createStatementsV1() {
    return {
        QStringLiteral("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
                       "is_me INTEGER NOT NULL DEFAULT 0)"),
        QStringLiteral("CREATE TABLE artists (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                       "mbid TEXT NOT NULL DEFAULT '')"),
        QStringLiteral("CREATE TABLE tracks (id INTEGER PRIMARY KEY, "
                       "artist_id INTEGER NOT NULL REFERENCES artists(id), title TEXT NOT NULL, "
                       "album TEXT NOT NULL DEFAULT '', mbid TEXT NOT NULL DEFAULT '', "
                       "spotify_uri TEXT NOT NULL DEFAULT '', duration_ms INTEGER NOT NULL "
                       "DEFAULT 0)"),
        QStringLiteral("CREATE INDEX tracks_by_artist ON tracks(artist_id)"),
        QStringLiteral("CREATE TABLE listens (user_id INTEGER NOT NULL REFERENCES users(id), "
                       "track_id INTEGER NOT NULL REFERENCES tracks(id), ended_at INTEGER NOT "
                       "NULL, ms_played INTEGER NOT NULL DEFAULT 0, skipped INTEGER NOT NULL "
                       "DEFAULT 0, PRIMARY KEY (user_id, track_id, ended_at)) WITHOUT ROWID"),
        QStringLiteral("CREATE INDEX listens_by_track ON listens(track_id)"),
        QStringLiteral("CREATE TABLE files (id INTEGER PRIMARY KEY, track_id INTEGER "
                       "REFERENCES tracks(id), path TEXT NOT NULL UNIQUE, size INTEGER NOT NULL, "
                       "mtime INTEGER NOT NULL, sample_rate INTEGER NOT NULL DEFAULT 0, channels "
                       "INTEGER NOT NULL DEFAULT 0, duration_ms INTEGER NOT NULL DEFAULT 0, "
                       "format TEXT NOT NULL DEFAULT '')"),
        QStringLiteral("CREATE INDEX files_by_track ON files(track_id)"),
        // Why two spellings became one entity (import's entity resolution): one row per source
        // name merged into a kept artist or track, with the rule that matched them.
        QStringLiteral("CREATE TABLE merges (id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK "
                       "(kind IN ('artist', 'track')), kept_id INTEGER NOT NULL, source_name "
                       "TEXT NOT NULL, rule TEXT NOT NULL, UNIQUE (kind, kept_id, source_name))"),
        // Which export formats each user's listens came from. Import reads it to find users
        // whose history mixes minute-precision (Spotify account data) and second-precision
        // (extended history) timestamps, where the same play must not count twice.
        QStringLiteral("CREATE TABLE user_sources (user_id INTEGER NOT NULL REFERENCES "
                       "users(id), format TEXT NOT NULL, listens INTEGER NOT NULL DEFAULT 0, "
                       "PRIMARY KEY (user_id, format))"),
        QStringLiteral("CREATE TABLE results (kind TEXT NOT NULL, key TEXT NOT NULL, "
                       "fingerprint BLOB NOT NULL, data BLOB NOT NULL, meta TEXT NOT NULL, "
                       "created TEXT NOT NULL, PRIMARY KEY (kind, key))"),
        QStringLiteral("CREATE TABLE truth_genres (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE truth_artist_genre (artist_id INTEGER PRIMARY KEY, "
                       "genre_id INTEGER NOT NULL)"),
        QStringLiteral("CREATE TABLE truth_track_genre (track_id INTEGER PRIMARY KEY, "
                       "genre_id INTEGER NOT NULL)"),
        QStringLiteral("CREATE TABLE truth_user_taste (user_id INTEGER NOT NULL, genre_id "
                       "INTEGER NOT NULL, weight REAL NOT NULL, PRIMARY KEY (user_id, genre_id))"),
    };
}

// Upgrades: upgradeSteps()[i] takes a project from schema version i+1 to i+2. A new project runs
// createStatementsV1() and then every step, so new and upgraded projects have the same schema;
// ProjectStore::open() runs the missing steps in one transaction (a failed upgrade leaves the
// file as it was). A released step is never edited: later changes add a step.
inline std::vector<QStringList> upgradeSteps() {
    return {
        // v1 -> v2: what a music-folder scan reads from tags (the text model and matching use
        // them), and play counts from research data sets that have no timestamps (Last.fm-360K,
        // the Echo Nest Taste Profile).
        {
            QStringLiteral("CREATE TABLE file_tags (file_id INTEGER PRIMARY KEY REFERENCES "
                           "files(id) ON DELETE CASCADE, artist TEXT NOT NULL DEFAULT '', title "
                           "TEXT NOT NULL DEFAULT '', album TEXT NOT NULL DEFAULT '', genre TEXT "
                           "NOT NULL DEFAULT '', comment TEXT NOT NULL DEFAULT '', track_mbid "
                           "TEXT NOT NULL DEFAULT '', artist_mbid TEXT NOT NULL DEFAULT '', "
                           "album_mbid TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE TABLE play_counts (user_id INTEGER NOT NULL REFERENCES "
                           "users(id), track_id INTEGER NOT NULL REFERENCES tracks(id), plays "
                           "INTEGER NOT NULL, PRIMARY KEY (user_id, track_id)) WITHOUT ROWID"),
            QStringLiteral("CREATE INDEX play_counts_by_track ON play_counts(track_id)"),
            // Last.fm-360K counts plays per artist, not per track: each such artist gets one
            // catalog track that stands for the artist as a whole (the CF item), listed here so
            // views and playlists can tell it from a real recording.
            QStringLiteral("CREATE TABLE whole_artist_tracks (track_id INTEGER PRIMARY KEY "
                           "REFERENCES tracks(id), artist_id INTEGER NOT NULL UNIQUE REFERENCES "
                           "artists(id))"),
            // How a music-folder scan matched each file to its track (core/library/): where
            // artist and title came from ("tags", "file-name", "tags+file-name") and the rule
            // ("musicbrainz-id", "exact", name rules such as "case+diacritics", "new-track").
            QStringLiteral("CREATE TABLE file_matches (file_id INTEGER PRIMARY KEY REFERENCES "
                           "files(id) ON DELETE CASCADE, tag_source TEXT NOT NULL DEFAULT '', "
                           "rule TEXT NOT NULL DEFAULT '')"),
        },
        // v2 -> v3: three more text tags for the text model (description, mood, grouping), and
        // which set of tag fields the scan read into each row: rows written before v3 keep
        // tag_fields = 1, so the next rescan reads those files again even though their (path,
        // size, mtime) did not change (LibraryStore::kTagFieldsVersion is the current set).
        {
            QStringLiteral("ALTER TABLE file_tags ADD COLUMN description TEXT NOT NULL DEFAULT "
                           "''"),
            QStringLiteral("ALTER TABLE file_tags ADD COLUMN mood TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("ALTER TABLE file_tags ADD COLUMN grouping TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("ALTER TABLE file_tags ADD COLUMN tag_fields INTEGER NOT NULL DEFAULT "
                           "1"),
        },
        // v3 -> v4: where each listen and play count came from, so an imported source can be
        // deleted, and the deletion undone (core/store/ImportRecords). One `imports` row per
        // import run, with the rows it owns counted; rows stored before v4 keep import_id 0,
        // the "earlier imports" source written here. A deleted source's rows move to the
        // deleted_* tables (same columns) until the project is closed, so undo puts back
        // exactly the rows it took; deleted_user_sources keeps the user_sources rows the
        // deletion changed, as they were. No index on import_id: it cost every import 6-20 %
        // (bench_import), for a deletion that is rare and runs as a job anyway.
        {
            QStringLiteral("CREATE TABLE imports (id INTEGER PRIMARY KEY, label TEXT NOT NULL, "
                           "paths TEXT NOT NULL DEFAULT '', formats TEXT NOT NULL DEFAULT '', "
                           "user_name TEXT NOT NULL DEFAULT '', imported_at TEXT NOT NULL, "
                           "listens INTEGER NOT NULL DEFAULT 0, play_counts INTEGER NOT NULL "
                           "DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0)"),
            QStringLiteral("ALTER TABLE listens ADD COLUMN import_id INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE play_counts ADD COLUMN import_id INTEGER NOT NULL "
                           "DEFAULT 0"),
            // How many listens of each (user, format) each import added: user_sources is their
            // sum, and a deletion subtracts its share.
            QStringLiteral("CREATE TABLE import_user_sources (import_id INTEGER NOT NULL, user_id "
                           "INTEGER NOT NULL, format TEXT NOT NULL, listens INTEGER NOT NULL, "
                           "PRIMARY KEY (import_id, user_id, format)) WITHOUT ROWID"),
            QStringLiteral("INSERT INTO import_user_sources(import_id, user_id, format, listens) "
                           "SELECT 0, user_id, format, listens FROM user_sources"),
            QStringLiteral("INSERT INTO imports(id, label, imported_at, listens, play_counts) "
                           "SELECT 0, 'Earlier imports', '', (SELECT count(*) FROM listens), "
                           "(SELECT count(*) FROM play_counts) WHERE EXISTS (SELECT 1 FROM "
                           "listens) OR EXISTS (SELECT 1 FROM play_counts)"),
            QStringLiteral("CREATE TABLE deleted_listens (user_id INTEGER NOT NULL, track_id "
                           "INTEGER NOT NULL, ended_at INTEGER NOT NULL, ms_played INTEGER NOT "
                           "NULL, skipped INTEGER NOT NULL, import_id INTEGER NOT NULL)"),
            QStringLiteral("CREATE INDEX deleted_listens_by_import ON deleted_listens(import_id)"),
            QStringLiteral("CREATE TABLE deleted_play_counts (user_id INTEGER NOT NULL, track_id "
                           "INTEGER NOT NULL, plays INTEGER NOT NULL, import_id INTEGER NOT "
                           "NULL)"),
            QStringLiteral("CREATE INDEX deleted_play_counts_by_import ON "
                           "deleted_play_counts(import_id)"),
            QStringLiteral("CREATE TABLE deleted_user_sources (import_id INTEGER NOT NULL, "
                           "user_id INTEGER NOT NULL, format TEXT NOT NULL, listens INTEGER NOT "
                           "NULL, PRIMARY KEY (import_id, user_id, format)) WITHOUT ROWID"),
        },
        // v4 -> v5: the release year a file's tags give (DATE, TDRC, \251day, ICRD), for the
        // map's colour by year; 0 when none. Rows from before keep 0 until the next rescan reads
        // the file again (LibraryStore::kTagFieldsVersion 3).
        {
            QStringLiteral("ALTER TABLE file_tags ADD COLUMN year INTEGER NOT NULL DEFAULT 0"),
        },
    };
}

// The schema version a project has once every step has run.
inline int latestVersion() {
    return 1 + static_cast<int>(upgradeSteps().size());
}

}  // namespace tl::schema
