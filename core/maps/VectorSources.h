#pragma once

#include <QStringList>
#include <map>
#include <vector>

#include "catalog/Catalog.h"
#include "job/Result.h"
#include "maps/MapTypes.h"

namespace tl {

class ProjectStore;

// The track vectors of one model, as a map takes them: row r is track trackIds[r].
struct SourceVectors {
    QString source;  // "cf", "text", "audio", "sound" (descriptors, no model), "blend"
    std::vector<Id> trackIds;
    VectorMatrix vectors;
    MapMetric metric = MapMetric::Cosine;  // how this model compares its tracks
    QStringList warnings;                  // e.g. the model is out of date with the listens
};

// The sources a map can be drawn from, in the order the CLI and the view list them.
QStringList mapSourceNames();

// Loads one source's track vectors from the project. Each model adds its branch here (text and
// audio vectors come from their own issues); a source whose model has not been trained gives a
// clear error saying how to train it.
Result<SourceVectors> loadSourceVectors(const ProjectStore& store, const QString& source);

// Whether `source` has a trained model to map, from the results' metadata only (no vectors are
// read, so the GUI can ask on every refresh): ok, or the reason it cannot be mapped yet. A
// stored model that turns out unreadable is reported by loadSourceVectors() when mapped.
Status mapSourceTrained(const ProjectStore& store, const QString& source);

// The weekly playlist's CF-heavy default weights (cfHeavyDefaultWeights): "blend" maps with these.
std::map<QString, double> defaultBlendWeights();
// The blended vectors: each trained model's unit track vectors times sqrt(its share of the
// weights), concatenated, so the cosine of two tracks is the weighted sum of the models'
// cosines. Tracks are the union over the models; an untrained model is left out.
Result<SourceVectors> blendSourceVectors(const ProjectStore& store,
                                         const std::map<QString, double>& weights);

}  // namespace tl
