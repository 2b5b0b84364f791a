#include "AboutDialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "Icons.h"

namespace tl {

namespace {

// The papers the models follow, as a reader would cite them; the DOI or proceedings link lets
// them be found.
struct Paper {
    const char* model;
    const char* reference;
    const char* link;
};

constexpr Paper kPapers[] = {
    {QT_TRANSLATE_NOOP("tl::AboutDialog", "Collaborative filtering"),
     "Y. Hu, Y. Koren and C. Volinsky. <i>Collaborative Filtering for Implicit Feedback "
     "Datasets.</i> IEEE ICDM 2008, pp. 263–272; solved with the conjugate-gradient ALS of "
     "G. Takács, I. Pilászy and D. Tikk, RecSys 2011.",
     "https://doi.org/10.1109/ICDM.2008.22"},
    {QT_TRANSLATE_NOOP("tl::AboutDialog", "Text"),
     "B. Whitman and S. Lawrence. <i>Inferring Descriptions and Similarity for Music from "
     "Community Metadata.</i> ICMC 2002 (the Echo Nest's cultural vectors).",
     "https://hdl.handle.net/2027/spo.bbp2372.2002.113"},
    {QT_TRANSLATE_NOOP("tl::AboutDialog", "Audio"),
     "A. van den Oord, S. Dieleman and B. Schrauwen. <i>Deep content-based music "
     "recommendation.</i> NIPS 2013, pp. 2643–2651.",
     "https://papers.nips.cc/paper/5004-deep-content-based-music-recommendation"},
};

}  // namespace

QString AboutDialog::licenceText() {
    const QString spdx = QStringLiteral(TASTELAB_LICENSE);
    if (spdx == QLatin1String("LicenseRef-proprietary"))
        return tr("No licence has been published yet: all rights reserved.");
    return tr("Licence: %1").arg(spdx);
}

QString AboutDialog::text() {
    QString papers;
    for (const Paper& p : kPapers) {
        papers +=
            QStringLiteral("<li><b>%1</b>: %2 <a href=\"%3\">%3</a></li>")
                .arg(tr(p.model), QString::fromUtf8(p.reference), QString::fromLatin1(p.link));
    }
    return tr("<h2>Tastelab %1</h2>"
              "<p>A desktop lab for Discover-Weekly-style music recommendation. Three models "
              "learn what you like — from listening behaviour, from what is written about the "
              "music and from the sound itself — and a weekly playlist says which model picked "
              "each track and why. Everything runs locally, on your own data.</p>"
              "<p>The models follow these papers:</p><ul>%2</ul>"
              "<p>%3</p>"
              "<p>Built with Qt %4, running on Qt %5.</p>")
        .arg(QStringLiteral(TASTELAB_VERSION), papers, licenceText(),
             QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion()));
}

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About Tastelab"));

    auto* icon = new QLabel(this);
    icon->setPixmap(appIcon().pixmap(96, 96));
    icon->setAlignment(Qt::AlignTop);

    text_ = new QLabel(text(), this);
    text_->setObjectName(QStringLiteral("aboutText"));
    text_->setWordWrap(true);
    text_->setTextFormat(Qt::RichText);
    text_->setTextInteractionFlags(Qt::TextBrowserInteraction);
    text_->setOpenExternalLinks(true);
    text_->setMinimumWidth(520);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* row = new QHBoxLayout;
    row->setSpacing(18);
    row->addWidget(icon);
    row->addWidget(text_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(buttons);
}

}  // namespace tl
