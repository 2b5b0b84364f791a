#include "ThreadHeadroom.h"

#include <QThread>
#include <QThreadPool>

namespace tl {
namespace {
// The running job's own thread, plus room for the painter's pieces.
constexpr int kHeadroom = 2;
}  // namespace

void reserveGuiThreads() {
    QThreadPool* pool = QThreadPool::globalInstance();
    const int wanted = QThread::idealThreadCount() + kHeadroom;
    if (pool->maxThreadCount() < wanted) pool->setMaxThreadCount(wanted);
}

}  // namespace tl
