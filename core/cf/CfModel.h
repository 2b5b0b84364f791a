#pragma once

#include <QByteArray>
#include <memory>

#include "cf/ImplicitAls.h"
#include "cf/Interactions.h"
#include "job/Result.h"

namespace tl {

class ProjectStore;

// A trained ALS model as the project keeps it: the factors plus the ids behind their rows and
// columns, and what it was trained with. Stored as result kind "cf.als", key "model".
struct CfModel {
    AlsOptions als;
    InteractionOptions interactions;
    std::vector<Id> rowUser;    // X row -> user id
    std::vector<Id> itemTrack;  // Y row -> track id
    bool sessionRows = false;
    FactorMatrix userFactors;
    FactorMatrix itemFactors;

    QByteArray serialise() const;
    static Result<CfModel> deserialise(const QByteArray& bytes);
};

// The bytes CfModel::serialise() gives for `header` (its ids and settings) with these factors in
// place of its own: lets a freshly fitted model be stored without copying its factors.
QByteArray serialiseCfModel(const CfModel& header, const FactorMatrix& userFactors,
                            const FactorMatrix& itemFactors);

// What `train cf` did, for the CLI's --json and the GUI.
struct CfTrainReport {
    int rows = 0;
    int items = 0;
    qint64 nonZeros = 0;
    qint64 listensCounted = 0;
    qint64 listensDropped = 0;
    bool sessionRows = false;
    bool reused = false;  // the stored model was already trained on these inputs
    double seconds = 0.0;
    double loss = 0.0;
    double genrePrecision10 = -1.0;  // demo worlds only: same-genre share of 10 nearest tracks
};

// Builds the interaction matrix from the project's listens, trains ALS and stores the model,
// unless the stored one was trained on the same listens and settings. All in one transaction.
Result<CfTrainReport> trainCf(ProjectStore& store, const AlsOptions& als,
                              const InteractionOptions& interactions, const Progress& progress);
Result<CfModel> loadCfModel(const ProjectStore& store);
// The model a fit of `in` gives, with the ids behind its rows and columns.
CfModel cfModelFrom(const ImplicitAls& fitted, const Interactions& in, const AlsOptions& als,
                    const InteractionOptions& interactions);

// A fingerprint of the listens and the settings: equal fingerprints, equal models.
QByteArray cfFingerprint(const std::vector<Listen>& listens, const AlsOptions& als,
                         const InteractionOptions& interactions);
// The same fingerprint for the project's listens (those loadListens reads), streamed from the
// store without holding them; cancellable.
Result<QByteArray> cfFingerprint(const ProjectStore& store, const AlsOptions& als,
                                 const InteractionOptions& interactions, const Progress& progress);

}  // namespace tl
