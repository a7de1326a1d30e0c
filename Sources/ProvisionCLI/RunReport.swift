import Foundation
import Mapping

/// The run report (`--report FILE`, `--json`). Its keys are an interface: CI jobs read them. Keys of features a run
/// did not use are left out rather than written as null.
struct RunReport: Encodable, Sendable {
    struct Batch: Encodable, Sendable {
        var index: Int
        var records: Int
        var firstLine: Int
        var status: String?
        var attempts: Int?
        var clientRequestId: String?
        var httpStatus: Int?
        var error: BatchError?
    }

    struct BatchError: Encodable, Sendable {
        var code: String
        var message: String
    }

    var version = Provision.version
    var command: String
    var input: String
    var startedAt: Date
    var finishedAt: Date?
    var durationSeconds: Double?
    var rows = 0
    var valid = 0
    var invalid = 0
    var written: Int?
    var warnings = 0
    var problems: [Problem] = []
    var batches: [Batch] = []
    var exitStatus: Int32 = 0

    // Upload
    var endpoint: String?
    var jobId: String?
    var accepted: Int?
    var rejected: Int?
    var failed: Int?
    var notSent: Int?
    var requests: Int?
    var retries: Int?
    var throttled: Int?
    var tokenRefreshes: Int?
    var recordsPerSecond: Double?
    var stopReason: String?
    var resumedFrom: String?
    // Delta sync and leavers (with --state)
    var unchanged: Int?
    var leavers: [String]?
    var leaversDisabled: Int?
    var state: String?
    var skippedAlreadyAccepted: Int?

    init(command: String, input: String, startedAt: Date) {
        self.command = command
        self.input = input
        self.startedAt = startedAt
    }

    mutating func record(_ export: PreparedExport) {
        rows = export.rows
        valid = export.valid
        invalid = export.invalid
        warnings = export.warnings
        problems = export.problems
    }

    mutating func record(_ delta: InputStage.Delta) {
        guard let selection = delta.selection, let state = delta.state else { return }
        unchanged = 0
        leavers = selection.leavers
        self.state = state.path
    }

    mutating func finish(status: ExitStatus, at date: Date = Date()) {
        finishedAt = date
        durationSeconds = (date.timeIntervalSince(startedAt) * 1000).rounded() / 1000
        exitStatus = status.rawValue
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    /// Writes atomically (temporary file + rename) so a reader never sees half a report.
    func write(to path: String) throws {
        try AtomicFile.write(try encoded() + Data("\n".utf8), to: path)
    }
}
