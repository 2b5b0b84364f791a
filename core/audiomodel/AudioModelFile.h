// The trained audio model as one blob: what the project stores (result kind "audio.cnn", key
// "model") and what `export-audio-model` writes to a standalone file. "TLAM", a format number,
// a JSON header (architecture, the front-end options the log-mels were made with, the training
// data fingerprint, input scaling), the network's own bytes (core/nn) and the ridge baseline's.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include "job/Result.h"

namespace tl::audiomodel {

inline const QString kModelKind = QStringLiteral("audio.cnn");
inline const QString kModelKey = QStringLiteral("model");

struct AudioModelFile {
    QJsonObject architecture;  // nn::Architecture::toJson()
    QJsonObject frontEnd;      // audio::FrontEndOptions::toJson() of the training log-mels
    QByteArray fingerprint;    // of the training inputs (see trainAudioModel)
    float inputMean = 0.f;     // log-mel dB are fed as (x - mean) / scale
    float inputScale = 1.f;
    QJsonObject report;  // the training report, for people
    QByteArray network;  // nn::Network::serialise()
    QByteArray ridge;    // RidgeBaseline::serialise()

    QByteArray serialise() const;
    // `where` names the file or result in errors ("model.tlam: …").
    static Result<AudioModelFile> deserialise(const QByteArray& bytes, const QString& where);
};

// Whether log-mels made with `project`'s front-end options can be fed to a model trained on
// `model`'s: an error naming the options that differ otherwise.
Status checkFrontEnd(const QJsonObject& model, const QJsonObject& project);

}  // namespace tl::audiomodel
