// Training elsewhere, exploring here. `exportInteractions` writes the CF input as integer-id
// triples (what Spark ML's ALS with implicitPrefs and the implicit library read) with the id maps
// and a manifest; `importFactors` reads factors trained on that export (implicit's .npz, NumPy
// .npy, Spark's JSON lines) and stores them as the project's CF model ("cf.als"/"model"), marked
// external with its origin, so maps, playlists, explanations and the audio model's targets use
// them as they use a trained model.
#pragma once

#include <QJsonObject>
#include <QString>

#include "cf/Interactions.h"
#include "job/Progress.h"
#include "job/Result.h"

namespace tl {

class ProjectStore;

// DIR/interactions.csv (user_index,item_index,strength; 0-based contiguous indices),
// DIR/users.csv (index,user_id,name), DIR/items.csv (index,track_id,artist,title) and
// DIR/export.json (counts, the interaction options, the listens digest).
struct InteractionExport {
    QString dir;
    int users = 0;  // rows: users, or sessions when sessionRows
    int items = 0;
    qint64 interactions = 0;
    bool sessionRows = false;
    qint64 listensCounted = 0;
    qint64 listensDropped = 0;
};
Result<InteractionExport> exportInteractions(ProjectStore& store, const InteractionOptions& options,
                                             const QString& dir, const Progress& progress);

struct FactorImport {
    QString items;      // a file or folder of item factors
    QString users;      // empty: user_factors of the items' .npz, else folded in from the items
    QString exportDir;  // empty: the folder of the project's last export
};
struct FactorImportReport {
    QString exportDir;
    int users = 0;
    int items = 0;
    int rank = 0;
    QString itemsFormat;
    QString usersFormat;  // "folded-in" when user vectors were solved from the item factors
};
Result<FactorImportReport> importFactors(ProjectStore& store, const FactorImport& request,
                                         const Progress& progress);

// Options as export.json keeps them (rows resolved to users or sessions).
QJsonObject interactionOptionsToJson(const InteractionOptions& options, bool sessionRows);
Result<InteractionOptions> interactionOptionsFromJson(const QJsonObject& json);

}  // namespace tl
