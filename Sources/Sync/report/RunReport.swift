import Export
import Foundation
import Mapping

/// The run report (`--report FILE`, `--json`). Its keys are an interface: CI jobs read them. Keys of features a run
/// did not use are left out rather than written as null.
package struct RunReport: Encodable, Sendable {
    /// One batch: what was planned and what became of it.
    package struct Batch: Encodable, Sendable {
        package var index: Int
        package var records: Int
        package var firstLine: Int
        package var status: String?
        package var attempts: Int?
        package var clientRequestId: String?
        package var httpStatus: Int?
        package var error: BatchError?

        package init(index: Int, records: Int, firstLine: Int) {
            self.index = index
            self.records = records
            self.firstLine = firstLine
        }
    }

    /// A Graph error code and message, or a transport/stop description.
    package struct BatchError: Encodable, Sendable {
        package var code: String
        package var message: String
    }

    /// The brakes weighed (`brake`): the counts, the thresholds and the limits they give, and which held.
    package struct BrakeSummary: Encodable, Sendable, Equatable {
        /// The base of percentages: the state's people not yet disabled and the export's people it does not know
        /// (without a state: the export's valid records).
        package var known: Int
        package var disables: Int
        package var renames: Int
        package var maxDisable: String
        package var maxRename: String
        package var disableLimit: Int
        package var renameLimit: Int
        /// The brakes that held (`max-disable`, `max-rename`): nothing was sent.
        package var holding: [String]

        init(_ outcome: BrakeOutcome) {
            known = outcome.review.known
            disables = outcome.review.disableCount
            renames = outcome.review.renameCount
            maxDisable = outcome.brakes.maxDisable.setting
            maxRename = outcome.brakes.maxRename.setting
            disableLimit = outcome.disableLimit
            renameLimit = outcome.renameLimit
            holding = outcome.holding
        }
    }

    /// A file the run had to write and could not (`fileErrors`): the run exits 73.
    package struct FileFailure: Encodable, Sendable, Equatable {
        /// `state`, `journal` or `report`.
        package var file: String
        package var path: String
        package var reason: String
    }

    package var version: String
    package var command: String
    package var input: String
    package var startedAt: Date
    package var finishedAt: Date?
    package var durationSeconds: Double?
    package var rows = 0
    package var valid = 0
    package var invalid = 0
    package var written: Int?
    package var warnings = 0
    package var problems: [Problem] = []
    /// Every kind of problem with its count, when some were not kept (`problems` holds the first of each kind).
    package var problemCounts: [ProblemLog.KindCount]?
    package var batches: [Batch] = []
    package var exitStatus: Int32 = 0
    package var fileErrors: [FileFailure]?
    // An HR source: its URL (without secrets), and the records read from it (`input` is the snapshot).
    package var source: String?
    package var sourceRecords: Int?
    package var sourcePages: Int?

    // Upload
    package var endpoint: String?
    package var jobId: String?
    package var accepted: Int?
    package var rejected: Int?
    package var failed: Int?
    package var notSent: Int?
    package var requests: Int?
    package var retries: Int?
    package var throttled: Int?
    package var tokenRefreshes: Int?
    package var recordsPerSecond: Double?
    package var stopReason: String?
    package var resumedFrom: String?
    // Delta sync and leavers (with --state)
    package var unchanged: Int?
    package var leavers: [String]?
    package var leaversDisabled: Int?
    package var state: String?
    package var skippedAlreadyAccepted: Int?
    // The brakes: who the run disables or renames (the first `BrakeReview.kept` of each), when anyone
    package var brake: BrakeSummary?
    package var disables: [Transition]?
    package var renames: [Transition]?
    // --directory: the predicted outcomes and every record predicted to fail
    package var directory: DirectoryReport?

    /// What `--directory` predicted: the outcomes and findings counted, and each record predicted to fail with its
    /// findings.
    package struct DirectoryReport: Encodable, Sendable {
        package struct Failing: Encodable, Sendable {
            package let externalId: String
            package let line: Int?
            package let displayName: String?
            package let outcome: String
            package let findings: [PlannedOutcome.Finding]
        }

        package let summary: DirectorySummary
        package let failing: [Failing]

        package init(_ review: DirectoryReview) {
            summary = DirectorySummary(review)
            failing = review.failing.map { record in
                let outcome = PlannedOutcome(record.prediction, matchingAttribute: review.matchingAttribute)
                return Failing(
                    externalId: record.externalId, line: record.line, displayName: record.displayName,
                    outcome: outcome.outcome, findings: outcome.findings ?? [])
            }
        }
    }

    package init(version: String, command: String, input: String, startedAt: Date) {
        self.version = version
        self.command = command
        self.input = input
        self.startedAt = startedAt
    }

    package mutating func record(_ export: BatchedExport) {
        rows = export.rows
        valid = export.valid
        invalid = export.invalid
        warnings = export.warnings
        problems = export.problems
        problemCounts = export.problemLog.omitted > 0 ? export.problemLog.summary : nil
    }

    package mutating func record(_ delta: DeltaPlan?, state path: String?) {
        guard let delta, let path else { return }
        unchanged = 0
        leavers = delta.leavers
        state = path
    }

    /// Who the run disables or renames, and the brakes' verdict (left out when nobody).
    package mutating func record(_ brakes: BrakeOutcome?) {
        guard let brakes, !brakes.review.isEmpty else { return }
        brake = BrakeSummary(brakes)
        disables = brakes.review.disables.isEmpty ? nil : brakes.review.disables
        renames = brakes.review.renames.isEmpty ? nil : brakes.review.renames
    }

    /// A run-level error (a file-level problem of the input, a configuration error) is a problem too, so `--report`
    /// and `--json` say why nothing was sent: each problem of an unusable mapping is an entry of its own, and the
    /// export's rows are counted although none could be mapped; a brake that holds also lists whom it stopped.
    package mutating func recordStop(_ error: SyncError, file: String? = nil) {
        if case .brake(let outcome) = error { record(outcome) }
        problems.append(contentsOf: error.problems)
        if case .mapping(_, let counted?) = error { rows = counted }
    }

    package mutating func recordFileFailure(_ file: String, _ error: FileError) {
        let reason: String
        switch error {
        case .cannotWrite(_, let text): reason = text
        case .notRegular(_, let kind): reason = FileError.notRegularReason(kind)
        }
        fileErrors = (fileErrors ?? []) + [FileFailure(file: file, path: error.path, reason: reason)]
    }

    package mutating func finish(status: ExitStatus, at date: Date = Date()) {
        finishedAt = date
        durationSeconds = (date.timeIntervalSince(startedAt) * 1000).rounded() / 1000
        exitStatus = status.rawValue
    }

    package func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    /// Writes atomically (temporary file + rename) so a reader never sees half a report.
    package func write(to path: String) throws(FileError) {
        let data: Data
        do {
            data = try encoded() + Data("\n".utf8)
        } catch {
            throw FileError.cannotWrite(path: path, reason: "cannot encode the report: \(error)")
        }
        try AtomicFile.write(data, to: path)
    }
}
