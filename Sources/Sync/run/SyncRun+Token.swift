import HRSources

/// The run's first network work, before anything is sent: an HR source read into its snapshot, and the first token
/// (a credential that cannot work stops the run early).
extension SyncRun {
    /// Reads the source into its snapshot in a task that `stop()` cancels (nothing is kept then), unless `--resume`
    /// continues an unfinished run whose snapshot is still as it was read; the stop when it could not be read.
    func readSource(_ source: SourceInput, into report: inout RunReport) async -> SyncError? {
        if job.resume,
            let notice = SourceSnapshot.resumable(
                journalPath: job.journalPath, source: source.shown, snapshotPath: source.snapshotPath)
        {
            events(.notice(notice))
            return nil
        }
        let (transport, time, events) = (self.transport, self.time, self.events)
        let task = Task { () async throws(SyncError) -> SnapshotSummary in
            try await SourceSnapshot.fetch(source, transport: transport, time: time) { events(.source($0)) }
        }
        stopRelay.started { task.cancel() }
        do {
            let summary = try await task.value
            report.sourceRecords = summary.records
            report.sourcePages = summary.pages
            events(.notice(SourceSnapshot.describe(summary, source: source)))
            return nil
        } catch {
            guard let error = error as? SyncError else { return .internalError("\(error)") }
            return stopRelay.isStopped
                ? .stopped("stopped while reading \(source.shown); nothing was kept or sent")
                : error
        }
    }

    /// Fetches a token in a task that `stop()` cancels (the token cache then stops waiting at once, whatever the
    /// endpoint is doing); the error when none could be had, nil when one is cached now.
    func firstToken() async -> (any Error)? {
        let tokens = self.tokens
        let task = Task { () -> (any Error)? in
            do {
                _ = try await tokens.token()
                return nil
            } catch {
                return error
            }
        }
        stopRelay.started { task.cancel() }
        return await task.value
    }
}
