import Uploader

/// How a run paces its requests: the uploader it makes, and the rate it starts at.
extension SyncRun {
    /// The uploader of this run, paced from `rate`, journalling each batch's outcome to `journal`; `stop()` stops it
    /// from now on.
    func makeUploader(rate: RateLimit, journal: JournalWriter) -> BulkUploader {
        var configuration = job.upload
        configuration.rate = rate
        let events = self.events
        let uploader = BulkUploader(
            configuration: configuration, transport: transport, tokens: tokens, time: time,
            events: { [job] event in
                switch event {
                case .batchFinished(let outcome): journal.record(outcome)
                case .learnedRate(let rate):
                    journal.record(learnedRate: rate)
                    // Kept at once, so that a run stopped or killed later still spares the next one the burst.
                    var kept = job.rateCache?.path
                    if let cache = job.rateCache, let failure = cache.remember(rate, for: job.endpoint) {
                        events(.warning(failure))
                        kept = nil
                    }
                    return events(.rateLearnt(rate, rememberedIn: kept))
                default: break
                }
                events(.upload(event))
            })
        stopRelay.started { uploader.stop() }
        return uploader
    }

    /// Where the pace starts: `--rate` when given; else a lower limit an earlier run met (in the state, in the
    /// journal it left, or in the cache of limits per job), so that a tenant enforcing 40 per 5 s is not throttled
    /// again every night.
    func startingRate(_ planned: ExportPlan) -> RateLimit {
        let configured = job.upload.rate
        guard !job.rateIsExplicit else { return configured }
        var earlier = planned.state?.learnedRate.map { ($0, "the state") }
        if earlier == nil, case .contents(let contents)? = try? Journal.read(path: job.journalPath) {
            earlier = contents.learnedRate.map { ($0, "the journal") }
        }
        if earlier == nil, let cache = job.rateCache {
            let (entry, warning) = cache.entry(for: job.endpoint)
            if let warning { events(.warning(warning)) }
            earlier = entry.map { ($0.rate, cache.path) }
        }
        guard let (text, source) = earlier, let learned = RateLimit(parsing: text),
            Double(learned.count) / learned.seconds < Double(configured.count) / configured.seconds
        else { return configured }
        events(
            .notice(
                "starting at \(learned), the limit the service enforced on an earlier run (kept in \(source); --rate "
                    + "\(configured) tries the faster pace again)"))
        return learned
    }
}
