import Export
import Foundation
import Mapping

/// The run report (`--report FILE`, `--json`). Its keys are an interface: CI jobs read them. Keys of features a run
/// did not use are left out rather than written as null.
public struct RunReport: Encodable, Sendable {
    /// One batch: what was planned and what became of it.
    public struct Batch: Encodable, Sendable {
        public var index: Int
        public var records: Int
        public var firstLine: Int
        public var status: String?
        public var attempts: Int?
        public var clientRequestId: String?
        public var httpStatus: Int?
        public var error: BatchError?

        public init(index: Int, records: Int, firstLine: Int) {
            self.index = index
            self.records = records
            self.firstLine = firstLine
        }
    }

    /// A Graph error code and message, or a transport/stop description.
    public struct BatchError: Encodable, Sendable {
        public var code: String
        public var message: String
    }

    /// The brakes weighed (`brake`): the counts, the thresholds and the limits they give, and which held.
    public struct BrakeSummary: Encodable, Sendable, Equatable {
        /// The base of percentages: the state's people not yet disabled and the export's people it does not know
        /// (without a state: the export's valid records).
        public var known: Int
        public var disables: Int
        public var renames: Int
        public var maxDisable: String
        public var maxRename: String
        public var disableLimit: Int
        public var renameLimit: Int
        /// The brakes that held (`max-disable`, `max-rename`): nothing was sent.
        public var holding: [String]

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
    public struct FileFailure: Encodable, Sendable, Equatable {
        /// `state`, `journal` or `report`.
        public var file: String
        public var path: String
        public var reason: String
    }

    public var version: String
    public var command: String
    public var input: String
    public var startedAt: Date
    public var finishedAt: Date?
    public var durationSeconds: Double?
    public var rows = 0
    public var valid = 0
    public var invalid = 0
    public var written: Int?
    public var warnings = 0
    public var problems: [Problem] = []
    /// Every kind of problem with its count, when some were not kept (`problems` holds the first of each kind).
    public var problemCounts: [ProblemLog.KindCount]?
    public var batches: [Batch] = []
    public var exitStatus: Int32 = 0
    public var fileErrors: [FileFailure]?
    // An HR source: its URL (without secrets), and the records read from it (`input` is the snapshot).
    public var source: String?
    public var sourceRecords: Int?
    public var sourcePages: Int?

    // Upload
    public var endpoint: String?
    public var jobId: String?
    public var accepted: Int?
    public var rejected: Int?
    public var failed: Int?
    public var notSent: Int?
    public var requests: Int?
    public var retries: Int?
    public var throttled: Int?
    public var tokenRefreshes: Int?
    public var recordsPerSecond: Double?
    public var stopReason: String?
    public var resumedFrom: String?
    // Delta sync and leavers (with --state)
    public var unchanged: Int?
    public var leavers: [String]?
    public var leaversDisabled: Int?
    public var state: String?
    public var skippedAlreadyAccepted: Int?
    // The brakes: who the run disables or renames (the first `BrakeReview.kept` of each), when anyone
    public var brake: BrakeSummary?
    public var disables: [Transition]?
    public var renames: [Transition]?
    // --directory: the predicted outcomes and every record predicted to fail
    public var directory: DirectoryReport?

    /// What `--directory` predicted: the outcomes and findings counted, and each record predicted to fail with its
    /// findings.
    public struct DirectoryReport: Encodable, Sendable {
        public struct Failing: Encodable, Sendable {
            public let externalId: String
            public let line: Int?
            public let displayName: String?
            public let outcome: String
            public let findings: [PlannedOutcome.Finding]
        }

        public let summary: DirectorySummary
        public let failing: [Failing]

        public init(_ review: DirectoryReview) {
            summary = DirectorySummary(review)
            failing = review.failing.map { record in
                let outcome = PlannedOutcome(record.prediction, matchingAttribute: review.matchingAttribute)
                return Failing(
                    externalId: record.externalId, line: record.line, displayName: record.displayName,
                    outcome: outcome.outcome, findings: outcome.findings ?? [])
            }
        }
    }

    public init(version: String, command: String, input: String, startedAt: Date) {
        self.version = version
        self.command = command
        self.input = input
        self.startedAt = startedAt
    }

    public mutating func record(_ export: BatchedExport) {
        rows = export.rows
        valid = export.valid
        invalid = export.invalid
        warnings = export.warnings
        problems = export.problems
        problemCounts = export.problemLog.omitted > 0 ? export.problemLog.summary : nil
    }

    public mutating func record(_ delta: DeltaPlan?, state path: String?) {
        guard let delta, let path else { return }
        unchanged = 0
        leavers = delta.leavers
        state = path
    }

    /// Who the run disables or renames, and the brakes' verdict (left out when nobody).
    public mutating func record(_ brakes: BrakeOutcome?) {
        guard let brakes, !brakes.review.isEmpty else { return }
        brake = BrakeSummary(brakes)
        disables = brakes.review.disables.isEmpty ? nil : brakes.review.disables
        renames = brakes.review.renames.isEmpty ? nil : brakes.review.renames
    }

    /// A run-level error (a file-level problem of the input, a configuration error) is a problem too, so `--report`
    /// and `--json` say why nothing was sent: each problem of an unusable mapping is an entry of its own, and the
    /// export's rows are counted although none could be mapped; a brake that holds also lists whom it stopped.
    public mutating func recordStop(_ error: SyncError, file: String? = nil) {
        if case .brake(let outcome) = error { record(outcome) }
        problems.append(contentsOf: error.problems)
        if case .mapping(_, let counted?) = error { rows = counted }
    }

    public mutating func recordFileFailure(_ file: String, _ error: FileError) {
        let reason: String
        switch error {
        case .cannotWrite(_, let text): reason = text
        case .notRegular(_, let kind): reason = FileError.notRegularReason(kind)
        }
        fileErrors = (fileErrors ?? []) + [FileFailure(file: file, path: error.path, reason: reason)]
    }

    public mutating func finish(status: ExitStatus, at date: Date = Date()) {
        finishedAt = date
        durationSeconds = (date.timeIntervalSince(startedAt) * 1000).rounded() / 1000
        exitStatus = status.rawValue
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    /// Writes atomically (temporary file + rename) so a reader never sees half a report.
    public func write(to path: String) throws(FileError) {
        let data: Data
        do {
            data = try encoded() + Data("\n".utf8)
        } catch {
            throw FileError.cannotWrite(path: path, reason: "cannot encode the report: \(error)")
        }
        try AtomicFile.write(data, to: path)
    }
}
