import Basics
import Foundation
import Sync
import Uploader

/// Progress while uploading: a live line on a terminal; a plain line every few seconds otherwise (cron, CI logs);
/// nothing with `--quiet`. `--verbose` adds a line per request, with nothing secret in it.
package final class ProgressReporter: @unchecked Sendable {
    // @unchecked: every mutable field is read and written under `lock`; events arrive from many upload tasks.
    private let lock = NSLock()
    private let console: Console
    private let totalRecords: Int
    private let quiet: Bool
    private let verbose: Bool
    private let started = Date()
    private var sentRecords = 0
    private var lastPrint = Date.distantPast
    private var liveLineShown = false
    /// A 429 before this belongs to the episode already reported.
    private var episodeEnds = Date.distantPast

    package init(console: Console, totalRecords: Int, quiet: Bool, verbose: Bool) {
        self.console = console
        self.totalRecords = totalRecords
        self.quiet = quiet
        self.verbose = verbose
    }

    package func handle(_ event: UploadEvent) {
        lock.withLock {
            switch event {
            case .batchStarted(let index, let attempt, let id):
                if verbose {
                    say(
                        "batch \(index): POST attempt \(attempt), client-request-id \(id), Authorization: Bearer "
                            + "[redacted]"
                    )
                }
            case .batchFinished(let outcome):
                if outcome.status != .notSent { sentRecords += outcome.recordCount }
                if verbose || outcome.status == .rejected || outcome.status == .failed {
                    let error = outcome.error.map { ": \($0.code) \($0.message)" } ?? ""
                    let status = outcome.httpStatus.map { " (HTTP \($0))" } ?? ""
                    say(
                        "batch \(outcome.index): \(outcome.status.rawValue)\(status) after \(outcome.attempts) "
                            + "attempt\(outcome.attempts == 1 ? "" : "s")\(error)",
                        always: outcome.status != .accepted)
                }
                tick()
            case .retryScheduled(let index, let attempt, let delay, let reason):
                if verbose { say("batch \(index): retry \(attempt) in \(String(format: "%.1f", delay)) s (\(reason))") }
            case .throttled(let retryAfter):
                // One line per episode: the 429s of the requests that were in flight together say the same thing.
                let now = Date()
                if now >= episodeEnds {
                    let wait = String(format: "%.1f", retryAfter)
                    say(
                        "throttled (429): every request waits \(wait) s, then the pace is reduced and recovers "
                            + "gradually",
                        always: false)
                } else if verbose {
                    say("throttled (429) again in the same episode", always: false)
                }
                episodeEnds = max(episodeEnds, now.addingTimeInterval(max(retryAfter, 1)))
            case .paused(let seconds, let reason):
                say("paused \(Int(seconds)) s: \(reason)", always: true)
            case .acceptedWithUnexpectedStatus(let index, let status):
                say(
                    "warning: batch \(index): the service answered HTTP \(status) instead of 202 Accepted; counted as "
                        + "accepted, but check the endpoint and any proxy in between", always: true)
            case .learnedRate(let rate):
                say(Self.learnt(rate, rememberedIn: nil), always: true)
            }
        }
    }

    /// The service's limit was learnt, and (in a sync run) kept in `rememberedIn` for the next runs.
    package func learned(_ rate: RateLimit, rememberedIn: String?) {
        lock.withLock { say(Self.learnt(rate, rememberedIn: rememberedIn), always: true) }
    }

    static func learnt(_ rate: RateLimit, rememberedIn: String?) -> String {
        let kept =
            rememberedIn.map { "; the next runs start at it (kept for this job in \($0))" }
            ?? " (--rate \(rate) starts there)"
        return "the service throttles at \(rate): pacing to it for the rest of the run\(kept)"
    }

    /// Clears the live line before the summary.
    package func finish() {
        lock.withLock {
            if liveLineShown { console.err("\r\u{1B}[K") }
            liveLineShown = false
        }
    }

    private func tick() {
        guard !quiet else { return }
        let now = Date()
        let interval = console.errIsTerminal ? 0.2 : 5
        guard now.timeIntervalSince(lastPrint) >= interval || sentRecords == totalRecords else { return }
        lastPrint = now
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let rate = Double(sentRecords) / elapsed
        let eta = rate > 0 ? Double(totalRecords - sentRecords) / rate : 0
        let text =
            "sent \(sentRecords) of \(totalRecords) records, \(Int(rate.rounded())) records/s, ETA "
            + "\(Self.duration(eta))"
        if console.errIsTerminal && !console.jsonLogs {
            console.err("\r\u{1B}[K" + text)
            liveLineShown = true
        } else {
            console.diagnostic(text)
        }
    }

    /// A message line; `always: false` ones are dropped with `--quiet`.
    private func say(_ text: String, always: Bool = true) {
        if quiet && !always { return }
        if liveLineShown {
            console.err("\r\u{1B}[K")
            liveLineShown = false
        }
        console.diagnostic("provision: \(text)")
    }

    package static func duration(_ seconds: Double) -> String { durationText(seconds) }
}
