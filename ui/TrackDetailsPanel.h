#pragma once

#include <QMap>
#include <QWidget>

#include <utility>
#include <vector>

#include "catalog/Catalog.h"

class QFormLayout;
class QLabel;
class QStackedWidget;

namespace tl {

class ElidedLabel;
class HintPanel;
struct ProjectSnapshot;

// The track details area: everything the project knows about the selected track — its
// listening figures, its audio file, and in a demo world the genre it was generated in.
class TrackDetailsPanel : public QWidget {
    Q_OBJECT
public:
    explicit TrackDetailsPanel(QWidget* parent = nullptr);

    // Shows `trackId` from `snapshot`, or the hint when it is 0 or unknown.
    // `record` (identifiers, duration) is read from the store by the caller; may be null.
    void showTrack(const ProjectSnapshot* snapshot, Id trackId, const Track* record = nullptr);
    Id trackId() const { return trackId_; }
    QString fieldText(const QString& field) const;  // e.g. "Title"; empty when not shown
    // What the text model says the track is described as: its heaviest terms with their
    // salience, drawn larger the heavier they are; each is a link (termActivated). Empty hides.
    void setTopTerms(const std::vector<std::pair<QString, float>>& terms);
    QString topTermsText() const;
    // The tracks it sounds most like, nearest first, and by what (its tooltip); empty hides.
    void setSoundsLike(const QStringList& names, const QString& how = {});
    QString soundsLikeText() const;

Q_SIGNALS:
    void termActivated(const QString& term);

private:
    ElidedLabel* addField(QFormLayout* form, const QString& name);

    QStackedWidget* stack_;
    HintPanel* hint_;
    QLabel* heading_;
    QFormLayout* listening_;  // left column: what the history says
    QFormLayout* identity_;   // right column: audio, genre, identifiers
    QMap<QString, ElidedLabel*> fields_;
    QLabel* terms_;
    QLabel* soundsLike_;
    Id trackId_ = 0;
};

}  // namespace tl
