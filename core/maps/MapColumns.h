// Any column a map can be coloured by: a value per track, read from the catalog (album, year,
// file format, the import that brought it, plays, listeners, cold start) or evaluated for a user
// (each source's score, a pick's blend score), and the numeric part of the legends drawn for
// them — a continuous column's range and where a value falls on its ramp, a categorical column's
// largest categories, "Other" and "No value" with their exact counts. The view (ui/MapPanel)
// only turns positions on a ramp and bin numbers into colours.
#pragma once

#include <QHash>
#include <QString>
#include <vector>

#include "catalog/Catalog.h"
#include "catalog/CatalogTable.h"

namespace tl {

class ProjectStore;

struct MapColumn {
    QString key;    // "album", "year", "format", "import", "plays", "listeners", "cold_start",
                    // "score.text", "blend", …
    QString title;  // for the colour combo and the legend: "Year", "File format", …
    bool categorical = false;
    bool logScale = false;          // continuous and heavy-tailed (counts): a log1p ramp
    bool integer = false;           // continuous: the legend shows whole numbers
    QHash<Id, double> numbers;      // continuous; tracks without a value are left out
    QHash<Id, QString> categories;  // categorical; tracks without a value are left out
};

// Columns of the library's track table (core/store/CatalogQueries' track columns, the table the
// Catalog window shows): album (categorical), plays and listeners (continuous, log scale), and
// cold start (categorical: "Nobody played it" where plays and listeners are both 0, else
// "Played").
std::vector<MapColumn> trackTableColumns(const CatalogTable& tracks);

// Columns only the store has: each track's file format (its first file's, as the Catalog's files
// table names it), the import that brought most of its listens and play counts (its label; a
// track only a music-folder scan knows is "Music folder"), and its year where a file's tags give
// one (file_tags.year, when the project's schema has it). Empty columns are left out.
std::vector<MapColumn> storeColumns(ProjectStore& store);

// The text, audio and popularity sources' scores of every track they know for `userId`, as the
// weekly playlist's sources score them for the week after the user's last listen (CF's score is
// cfUserScores in MapColouring.h). Sources the project has no model for are left out.
std::vector<MapColumn> userScoreColumns(const ProjectStore& store, Id userId);

// A continuous column's range over the values a map shows, and where a value falls on the ramp.
struct ContinuousScale {
    double min = 0.0;
    double max = 0.0;
    bool log = false;
    int count = 0;  // values in range (finite)
    // 0 at min, 1 at max (log1p-spaced for a log scale); a single value sits at 0.5.
    double position(double value) const;
    // The value at position t in [0, 1] (inverse of position()).
    double valueAt(double t) const;
};
ContinuousScale continuousScale(const std::vector<double>& values, bool log);  // NaN: no value

// A categorical column's bins: the largest `maxNamed` categories by track count (ties by name),
// then every other category as one "Other" bin, and the tracks without a value.
struct CategoryBins {
    static constexpr int kOther = -2;
    static constexpr int kNoValue = -1;
    std::vector<QString> names;  // largest first
    std::vector<int> counts;     // tracks per named category
    int other = 0;               // tracks in categories not named
    int otherCategories = 0;     // how many categories "Other" holds
    int noValue = 0;
    std::vector<int> binOf;  // per value: index into names, kOther or kNoValue
};
// `values`: one per track, empty for no value. With `order` (the categories of another map, e.g.
// the primary map of a side-by-side view) the named categories and their order are taken from it.
CategoryBins categoryBins(const std::vector<QString>& values, int maxNamed,
                          const std::vector<QString>* order = nullptr);

// A column's values for the tracks of a map, in the map's order: NaN or an empty string where a
// track has none.
std::vector<double> columnNumbers(const MapColumn& column, const std::vector<Id>& tracks);
std::vector<QString> columnCategories(const MapColumn& column, const std::vector<Id>& tracks);

}  // namespace tl
