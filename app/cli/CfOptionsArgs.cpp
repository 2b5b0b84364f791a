#include "CfOptionsArgs.h"

#include "Cli.h"

namespace tl::cli {
CfOptionsArgs::CfOptionsArgs(QCommandLineParser& parser)
    : factors_(valueOption("factors", "Latent factors (default 64).", "K", QStringLiteral("64"))),
      iterations_(valueOption("iterations", "ALS sweeps (default 15).", "N", QStringLiteral("15"))),
      regularization_(valueOption("regularization",
                                  "Lambda, an L2 weight on every vector, not "
                                  "scaled by counts (default 10).",
                                  "L", QStringLiteral("10"))),
      alpha_(valueOption("alpha",
                         "Confidence c = 1 + alpha * r, Hu et al.'s convention (implicit "
                         "drops the 1) (default 1; the paper used 40).",
                         "A", QStringLiteral("1"))),
      confidence_(valueOption("confidence", "linear or log (c = 1 + alpha log(1 + r)).", "KIND",
                              QStringLiteral("linear"))),
      solver_(valueOption("solver", "cg (default) or cholesky (exact, for checking).", "S",
                          QStringLiteral("cg"))),
      cgSteps_(valueOption("cg-steps", "Conjugate-gradient steps per solve (default 3).", "N",
                           QStringLiteral("3"))),
      seed_(valueOption("seed", "Random seed (default 42).", "N", QStringLiteral("42"))),
      threads_(valueOption("threads", "Threads (default: all cores).", "N", QStringLiteral("0"))),
      strength_(
          valueOption("strength", "plays (default) or minutes.", "KIND", QStringLiteral("plays"))),
      shortPlays_(valueOption("short-plays", "Plays under 30 s and skips: weak (default) or drop.",
                              "HOW", QStringLiteral("weak"))),
      rows_(valueOption("rows", "auto (default: sessions when one listener), users or sessions.",
                        "KIND", QStringLiteral("auto"))) {
    parser.addOptions({factors_, iterations_, regularization_, alpha_, confidence_, solver_,
                       cgSteps_, seed_, threads_, strength_, shortPlays_, rows_});
}

bool CfOptionsArgs::read(const QCommandLineParser& p, AlsOptions& als, InteractionOptions& in,
                         QString* error) const {
    bool ok = true;
    auto integer = [&](const QCommandLineOption& o) {
        bool good = false;
        const int v = p.value(o).toInt(&good);
        if (!good) {
            *error = QStringLiteral("--%1 takes a whole number").arg(o.names().first());
            ok = false;
        }
        return v;
    };
    auto real = [&](const QCommandLineOption& o) {
        bool good = false;
        const float v = p.value(o).toFloat(&good);
        if (!good) {
            *error = QStringLiteral("--%1 takes a number").arg(o.names().first());
            ok = false;
        }
        return v;
    };
    auto choice = [&](const QCommandLineOption& o, const QStringList& allowed) {
        const QString v = p.value(o);
        if (!allowed.contains(v)) {
            *error = QStringLiteral("--%1 takes one of: %2")
                         .arg(o.names().first(), allowed.join(QStringLiteral(", ")));
            ok = false;
        }
        return int(allowed.indexOf(v));
    };
    als.factors = integer(factors_);
    als.iterations = integer(iterations_);
    als.regularization = real(regularization_);
    als.alpha = real(alpha_);
    als.confidence = AlsOptions::Confidence(
        std::max(0, choice(confidence_, {QStringLiteral("linear"), QStringLiteral("log")})));
    als.solver = AlsOptions::Solver(
        std::max(0, choice(solver_, {QStringLiteral("cg"), QStringLiteral("cholesky")})));
    als.cgSteps = integer(cgSteps_);
    bool seedOk = false;
    als.seed = quint64(p.value(seed_).toULongLong(&seedOk));
    if (!seedOk) {
        *error = QStringLiteral("--seed takes a whole number");
        ok = false;
    }
    als.threads = integer(threads_);
    in.strength = InteractionOptions::Strength(
        std::max(0, choice(strength_, {QStringLiteral("plays"), QStringLiteral("minutes")})));
    in.shortPlays = choice(shortPlays_, {QStringLiteral("drop"), QStringLiteral("weak")}) == 0
                        ? InteractionOptions::ShortPlays::Drop
                        : InteractionOptions::ShortPlays::Weak;
    in.rows = InteractionOptions::Rows(std::max(
        0, choice(rows_,
                  {QStringLiteral("auto"), QStringLiteral("users"), QStringLiteral("sessions")})));
    if (ok && (als.factors < 1 || als.factors > 1024 || als.iterations < 1 || als.cgSteps < 1)) {
        *error = QStringLiteral("--factors must be 1..1024, --iterations and --cg-steps >= 1");
        ok = false;
    }
    return ok;
}

void CfOptionsArgs::takeUnsetFrom(const QCommandLineParser& p, AlsOptions& als,
                                  const AlsOptions& project) const {
    if (!p.isSet(factors_)) als.factors = project.factors;
    if (!p.isSet(iterations_)) als.iterations = project.iterations;
    if (!p.isSet(regularization_)) als.regularization = project.regularization;
    if (!p.isSet(alpha_)) als.alpha = project.alpha;
    if (!p.isSet(confidence_)) als.confidence = project.confidence;
    if (!p.isSet(seed_)) als.seed = project.seed;
    als.epsilon = project.epsilon;  // no option of its own
}

}  // namespace tl::cli
