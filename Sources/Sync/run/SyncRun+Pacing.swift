import Uploader

/// How a run paces its requests: the uploader it makes, and the rate it starts at.
extension SyncRun {
    /// The uploader of this run, paced from `rate`.
    func makeUploader(rate: RateLimit) -> BulkUploader {
        var configuration = job.upload
        configuration.rate = rate
        let relay = journalRelay
        let events = self.events
        return uploader.make {
            BulkUploader(
                configuration: configuration, transport: transport, tokens: tokens, time: time,
                events: { event in
                    switch event {
                    case .batchFinished(let outcome): relay.writer?.record(outcome)
                    case .learnedRate(let rate): relay.writer?.record(learnedRate: rate)
                    default: break
                    }
                    events(.upload(event))
                })
        }
    }

    /// Where the pace starts: `--rate` when given; else a lower limit an earlier run met (in the state, or in the
    /// journal it left), so that a tenant enforcing 40 per 5 s is not throttled again every night.
    func startingRate(_ planned: PlannedExport) -> RateLimit {
        let configured = job.upload.rate
        guard !job.rateIsExplicit else { return configured }
        var earlier = planned.state?.learnedRate
        if earlier == nil, case .contents(let contents)? = try? Journal.read(path: job.journalPath) {
            earlier = contents.learnedRate
        }
        guard let text = earlier, let learned = RateLimit(parsing: text),
            Double(learned.count) / learned.seconds < Double(configured.count) / configured.seconds
        else { return configured }
        events(
            .notice(
                "starting at \(learned), the limit the service enforced on an earlier run (--rate \(configured) "
                    + "tries the faster pace again)"))
        return learned
    }
}
