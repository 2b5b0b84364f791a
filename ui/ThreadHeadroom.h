#pragma once

namespace tl {

// Keeps threads free in QThreadPool::globalInstance() for Qt's own use while a job runs.
//
// Why: Qt 6.4's raster paint engine splits large fills into pieces it runs on the global
// pool, and the GUI thread waits for them. JobRunner runs each job on that pool and long jobs
// (the demo's audio synthesis) add helpers to it, so a pool sized to the core count is full for
// the whole job: the pieces queue behind it and the window freezes — Cancel included — until
// the job ends. A few threads above the core count leave room for the painter; they cost
// nothing while idle. Idempotent; MainWindow calls it.
void reserveGuiThreads();

}  // namespace tl
