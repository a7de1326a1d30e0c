import Basics
import Foundation
import Sync
import Uploader

/// Renders a sync run's events on the console: notices (not with `--quiet`), warnings, errors, the problems found in
/// the export, and upload progress through `ProgressReporter`.
package final class SyncEventPrinter: Sendable {
    private let console: Console
    private let choices: OutputChoices
    /// Set once, when sending starts.
    private let progress = Locked<ProgressReporter?>(nil)

    package init(console: Console, choices: OutputChoices) {
        self.console = console
        self.choices = choices
    }

    package func handle(_ event: SyncEvent) {
        switch event {
        case .notice(let text):
            if !choices.quiet { console.diagnostic("provision: \(text)") }
        case .warning(let text):
            console.warning(text)
        case .error(let text):
            console.error(text)
        case .stopped(let error, let input):
            console.error(error, input: input)
        case .prepared(let planned):
            ProblemPrinter(console: console, choices: choices).print(planned)
        case .problems(let problems, let file):
            ProblemPrinter(console: console, choices: choices).print(problems, file: file)
        case .directory(let review, let file):
            if !choices.quiet { console.diagnostic("provision: " + DirectoryPrinter.summary(review)) }
            // What fails a record is always shown (it may stop the run); the other findings not with --quiet.
            let lines = DirectoryPrinter.lines(review, file: file, changes: false).filter {
                !choices.quiet || $0.contains(" fails: ")
            }
            let limit = choices.maxProblems.map { $0 == 0 ? lines.count : $0 } ?? 20
            for line in lines.prefix(limit) { console.diagnostic(line) }
            if lines.count > limit {
                let place = choices.reportPath.map { "in \($0)" } ?? "with --report FILE or --max-problems 0"
                console.diagnostic("… and \(lines.count - limit) more (see them \(place))")
            }
        case .sending(let records, let requests, let resumed):
            if !choices.quiet {
                let skipped = resumed == 0 ? "" : " (\(resumed) accepted by the unfinished run are skipped)"
                console.diagnostic(
                    "provision: \(plural(records, "record")) \(records == 1 ? "needs" : "need") \(plural(requests, "request"))\(skipped); the "
                        + "tenant's daily quota is 2,000 (Entra ID P1/P2) or 6,000 (Governance) requests per 24 h"
                )
            }
            let reporter = ProgressReporter(
                console: console, totalRecords: records, quiet: choices.quiet, verbose: choices.verbose)
            progress.withLock { $0 = reporter }
        case .upload(let event):
            progress.current?.handle(event)
        case .source(let event):
            SourceEventPrinter(console: console, choices: choices).print(event)
        case .rateLearnt(let rate, let file):
            if let progress = progress.current {
                progress.learned(rate, rememberedIn: file)
            } else {
                console.diagnostic("provision: " + ProgressReporter.learnt(rate, rememberedIn: file))
            }
        }
    }

    /// Clears the live progress line before the summary.
    package func finish() { progress.current?.finish() }
}
