#include "ArchiveWriter.h"

#include <archive.h>
#include <archive_entry.h>

#include <QFile>

namespace tl::test {

bool writeArchive(const QString& path, const ArchiveEntries& entries) {
    archive* a = archive_write_new();
    const auto is = [&](const char* suffix) { return path.endsWith(QLatin1String(suffix)); };
    bool raw = false;
    if (is(".zip")) {
        archive_write_set_format_zip(a);
    } else if (is(".tar.gz") || is(".tgz")) {
        archive_write_set_format_pax_restricted(a);
        archive_write_add_filter_gzip(a);
    } else if (is(".tar")) {
        archive_write_set_format_pax_restricted(a);
    } else if (is(".gz")) {
        archive_write_set_format_raw(a);
        archive_write_add_filter_gzip(a);
        raw = true;
    } else {
        archive_write_free(a);
        return false;
    }
    bool ok = archive_write_open_filename(a, QFile::encodeName(path).constData()) == ARCHIVE_OK;
    for (const auto& [name, bytes] : entries) {
        if (!ok) break;
        archive_entry* e = archive_entry_new();
        archive_entry_set_pathname(e, name.toUtf8().constData());
        archive_entry_set_size(e, bytes.size());
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_mtime(e, 1700000000, 0);
        ok = archive_write_header(a, e) == ARCHIVE_OK &&
             archive_write_data(a, bytes.constData(), size_t(bytes.size())) == bytes.size();
        archive_entry_free(e);
        if (raw) break;
    }
    ok = archive_write_close(a) == ARCHIVE_OK && ok;
    archive_write_free(a);
    return ok;
}

}  // namespace tl::test
