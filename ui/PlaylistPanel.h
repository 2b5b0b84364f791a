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

class ElidedLabel;

class CurrentTrackSelection;
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

    // "me" first and selected. `lastListens` (playlist/DefaultWeek.h: each user's last timed
    // listen) gives the week field its default: the week after the chosen user's last listen,
    // followed as the user changes until the person types a week.
    void setUsers(const std::vector<User>& users, const std::map<Id, qint64>& lastListens = {});
    Id currentUser() const;
    QString currentUserName() const;  // as the user list shows it
    QString weekText() const;
    // Why the week field says what it says: the default week's reason ("the week after me's last
    // listen (2026-11-22)"), or that the person typed it.
    QString weekNoteText() const;
    // A week that could not be made: the list is emptied and the status line says why, in the
    // core's words (the CLI prints the same).
    void showFailure(const QString& week, const QString& why);
    int modeIndex() const;  // 0 blend, 1 exploration, 2 jams
    // The window's current track: a pick chosen here (a click, the keyboard) sets it, and the
    // current row follows it — the pick's row, or none when the week does not hold it.
    void setSelection(CurrentTrackSelection* selection);
    // Makes the pick of `trackId` the current row (a selection made in another view); false,
    // with no current row, when the week does not hold it. Announces nothing.
    bool selectTrack(Id trackId);
    Id selectedTrack() const;  // the current row's track, 0 when there is none
    void setBusy(bool busy);

    // A prepared week. `madeWith` empty: ranked with the sliders' weights (setWeights), again as
    // they move. Otherwise (a playlist restored from the project) ranked with the weights it was
    // saved with until the sliders next move; the status line says so while those differ.
    void setSession(std::shared_ptr<const PlaylistSession> session,
                    const std::map<QString, double>& madeWith = {});
    const PlaylistSession* session() const { return session_.get(); }
    // The sliders' weights: the week is re-ranked with them at once.
    void setWeights(const std::map<QString, double>& weights);
    // The sliders' weights, set for the person (BlendPanel::weightsShown): the week on screen
    // keeps the ranking it was shown with and, when the sliders differ, says so.
    void showSliderWeights(const std::map<QString, double>& weights);
    // The status line's second line when the playlist shown was made with other weights than the
    // sliders' ("Made with CF 0.50 · …; the sliders would make it … — Generate to use them.");
    // empty when it was made with theirs or takes no weights.
    QString otherWeightsText() const { return otherWeights_; }
    const WeeklyPlaylist* playlist() const;

    QTableView* table() const { return table_; }
    PlaylistModel* model() const { return model_; }
    QString explanationText() const;
    QString statusText() const;

Q_SIGNALS:
    void generateRequested(tl::Id user, const QString& week, int mode);
    void exportRequested();

private:
    void refresh();
    void followDefaultWeek();  // the week field to the chosen user's default, unless typed
    void showExplanation();
    void announce(const QModelIndex& index);  // a row the person made current

    QComboBox* users_;
    QLineEdit* week_;
    ElidedLabel* weekNote_;  // shortened with "…" when the row is narrow
    std::map<Id, qint64> lastListens_;
    bool weekTyped_ = false;  // the person typed a week: it stays when the user changes
    QComboBox* mode_;
    QPushButton* generate_;
    QPushButton* export_;
    QLabel* status_;
    QTableView* table_;
    QLabel* explanation_;
    PlaylistModel* model_;
    std::shared_ptr<const PlaylistSession> session_;
    std::map<QString, double> weights_;
    std::map<QString, double> madeWith_;  // a restored playlist's own, until the sliders move
    QString otherWeights_;
    CurrentTrackSelection* selection_ = nullptr;
    bool following_ = false;  // moving the current row to the window's track: not a choice
};

}  // namespace tl
