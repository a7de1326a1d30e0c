import Foundation
import Sync

/// Writes the reports a run leaves: `--report FILE` (JSON), `--summary-md FILE` (also appended to
/// `GITHUB_STEP_SUMMARY` when GitHub Actions sets it) and `--junit FILE`. A file that cannot be written is an error,
/// and exit 73.
package struct SummaryOutput {
    let console: Console
    let choices: OutputChoices

    package init(console: Console, choices: OutputChoices) {
        self.console = console
        self.choices = choices
    }

    /// Whether a Markdown summary is wanted at all (computing one can cost a pass over the export).
    package var wantsMarkdown: Bool {
        choices.summaryAsked || !(choices.stepSummaryPath ?? "").isEmpty
    }

    /// Writes `markdown` where asked; false when a file could not be written (the error is printed).
    ///
    /// - Parameter earlier: the first half of a two-part summary (`upload --wait`: the upload, then the status), which
    ///   `appendStepSummary` already appended to GITHUB_STEP_SUMMARY: `--summary-md FILE` gets both halves.
    package func writeMarkdown(_ markdown: @autoclosure () -> String, after earlier: String? = nil) -> Bool {
        guard wantsMarkdown else { return true }
        let text = markdown()
        var ok = true
        if let path = choices.summaryPath {
            let whole = earlier.map { $0 + "\n" + text } ?? text
            ok = write(Data(whole.utf8), to: path) && ok
        }
        if let path = choices.stepSummaryPath, !path.isEmpty {
            ok = append(Data((text + "\n").utf8), to: path) && ok
        }
        return ok
    }

    /// The first half of a two-part summary, to GITHUB_STEP_SUMMARY only, so that the job's page shows it at once;
    /// `writeMarkdown(_:after:)` writes the file when the second half is known.
    package func appendStepSummary(_ markdown: String) -> Bool {
        guard let path = choices.stepSummaryPath, !path.isEmpty else { return true }
        return append(Data((markdown + "\n").utf8), to: path)
    }

    package func write(_ data: Data, to path: String) -> Bool {
        do {
            try AtomicFile.write(data, to: path, mode: 0o644)
            return true
        } catch {
            console.error(error.localizedDescription)
            return false
        }
    }

    /// `--report FILE`, if given; false when it could not be written (the error is printed).
    package func writeReport(_ report: RunReport) -> Bool {
        guard let path = choices.reportPath else { return true }
        do {
            try report.write(to: path)
            return true
        } catch {
            console.error(error.localizedDescription)
            return false
        }
    }

    /// Appended with `O_APPEND`, never replaced: the file holds the earlier steps' summaries.
    private func append(_ data: Data, to path: String) -> Bool {
        do {
            try AppendOnlyFile.append(data, to: path)
            return true
        } catch {
            console.error("cannot append the summary to GITHUB_STEP_SUMMARY (\(error.localizedDescription))")
            return false
        }
    }
}
