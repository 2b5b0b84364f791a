#pragma once

#include <QWidget>
#include <map>
#include <memory>

#include "catalog/Catalog.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace tl {

class PlaylistModel;
struct PlaylistSession;
struct WeeklyPlaylist;

// The Weekly Playlist tab: choose whose playlist, which week and which kind (Tastelab's blend or
// ListenBrainz's Weekly Exploration / Weekly Jams), generate it (a job the window runs), then
// read the 30 picks with a bar of what each model contributed and, for the selected pick, the
// whole explanation. Moving the blend sliders re-ranks the prepared week at once (no model is
// recomputed). Export writes M3U8, XSPF or JSPF.
class PlaylistPanel : public QWidget {
    Q_OBJECT
public:
    explicit PlaylistPanel(QWidget* parent = nullptr);

    void setUsers(const std::vector<User>& users);  // "me" first and selected
    Id currentUser() const;
    QString currentUserName() const;  // as the user list shows it
    QString weekText() const;
    int modeIndex() const;  // 0 blend, 1 exploration, 2 jams
    // Makes the pick of `trackId` the current row (a selection made in another view); false,
    // with the selection cleared, when the week does not hold it.
    bool selectTrack(Id trackId);
    Id selectedTrack() const { return shownTrack_; }
    void setBusy(bool busy);

    void setSession(std::shared_ptr<const PlaylistSession> session);
    const PlaylistSession* session() const { return session_.get(); }
    void setWeights(const std::map<QString, double>& weights);
    const WeeklyPlaylist* playlist() const;

    QTableView* table() const { return table_; }
    PlaylistModel* model() const { return model_; }
    QString explanationText() const;
    QString statusText() const;

Q_SIGNALS:
    void generateRequested(tl::Id user, const QString& week, int mode);
    void exportRequested();
    void trackSelected(tl::Id trackId);

private:
    void refresh();
    void showExplanation();

    QComboBox* users_;
    QLineEdit* week_;
    QComboBox* mode_;
    QPushButton* generate_;
    QPushButton* export_;
    QLabel* status_;
    QTableView* table_;
    QLabel* explanation_;
    PlaylistModel* model_;
    std::shared_ptr<const PlaylistSession> session_;
    std::map<QString, double> weights_;
    Id shownTrack_ = 0;  // the pick last announced with trackSelected
};

}  // namespace tl
