import Foundation
import Hashing
import Mapping

/// `provision plan --out plan.json`: what an upload would send and why, with the fingerprints of everything it
/// depends on, so that `provision upload --plan plan.json` sends exactly that, or refuses when anything changed.
///
/// A reviewer approves the plan; cron applies it. The file is written with its header first and `records` last,
/// so that applying reads only the header, whatever the size of the export.
public struct PlanFile: Codable, Sendable, Equatable {
    /// A file the plan depends on: where it was, and its SHA-256 (nil: it did not exist).
    public struct Fingerprint: Codable, Sendable, Equatable {
        public let path: String
        public let sha256: String?

        public init(path: String, sha256: String?) {
            self.path = path
            self.sha256 = sha256
        }
    }

    /// The options that shape what is sent.
    public struct Options: Codable, Sendable, Equatable {
        public var batchSize: Int
        public var emptyAsNull: Bool
        public var delimiter: String?
        public var encoding: String?
        public var full: Bool
        public var missing: String
        public var maxDisable: String
        /// Nil in plans written before `--max-rename` existed: the default, 5%.
        public var maxRename: String?
        public var allowEmptyExport: Bool

        public init(
            batchSize: Int, emptyAsNull: Bool, delimiter: String?, encoding: String?, full: Bool, missing: String,
            maxDisable: String, maxRename: String? = nil, allowEmptyExport: Bool
        ) {
            self.batchSize = batchSize
            self.emptyAsNull = emptyAsNull
            self.delimiter = delimiter
            self.encoding = encoding
            self.full = full
            self.missing = missing
            self.maxDisable = maxDisable
            self.maxRename = maxRename
            self.allowEmptyExport = allowEmptyExport
        }
    }

    public struct Counts: Codable, Sendable, Equatable {
        public var rows: Int
        public var valid: Int
        public var invalid: Int
        public var new: Int
        public var changed: Int
        public var unchanged: Int
        public var leavers: Int
        public var leaversToDisable: Int
        public var recordsToSend: Int
        public var requests: Int

        public init(
            rows: Int, valid: Int, invalid: Int, new: Int, changed: Int, unchanged: Int, leavers: Int,
            leaversToDisable: Int, recordsToSend: Int, requests: Int
        ) {
            self.rows = rows
            self.valid = valid
            self.invalid = invalid
            self.new = new
            self.changed = changed
            self.unchanged = unchanged
            self.leavers = leavers
            self.leaversToDisable = leaversToDisable
            self.recordsToSend = recordsToSend
            self.requests = requests
        }
    }

    /// Requests against the tenant's daily quota (2,000 for Entra ID P1/P2, 6,000 with Governance).
    public struct Quota: Codable, Sendable, Equatable {
        public var requests: Int
        public var shareOfP1P2: Double
        public var shareOfGovernance: Double

        public init(requests: Int, shareOfP1P2: Double, shareOfGovernance: Double) {
            self.requests = requests
            self.shareOfP1P2 = shareOfP1P2
            self.shareOfGovernance = shareOfGovernance
        }
    }

    public var kind = "provision-plan"
    public var version = 1
    public var createdAt: Date
    public var input: Fingerprint
    public var mapping: Fingerprint?
    public var state: Fingerprint?
    public var options: Options
    public var counts: Counts
    public var quota: Quota
    /// Who the plan disables and renames, by name and why (the first `BrakeReview.kept` of each; left out when
    /// nobody).
    public var disables: [Transition]?
    public var renames: [Transition]?
    /// `PlanRecord.digest` of the records.
    public var recordsDigest: String
    public var records: [PlanRecord]?

    public init(
        createdAt: Date, input: Fingerprint, mapping: Fingerprint?, state: Fingerprint?, options: Options,
        counts: Counts, quota: Quota, recordsDigest: String, records: [PlanRecord]?
    ) {
        self.createdAt = createdAt
        self.input = input
        self.mapping = mapping
        self.state = state
        self.options = options
        self.counts = counts
        self.quota = quota
        self.recordsDigest = recordsDigest
        self.records = records
    }

    static let recordsKey = "\n  \"records\" : ["

    /// Writes the header, then the records one per line (a million records never sit in one string).
    public func write(to path: String) throws(FileError) {
        var header = self
        header.records = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let line = JSONEncoder()
        line.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data: Data
        do {
            data = try encoder.encode(header)
            // Reopen the object to put `records` last.
            guard data.last == UInt8(ascii: "}") else { throw FileError.cannotWrite(path: path, reason: "encoding") }
            data.removeLast()
            while data.last == 0x0A || data.last == 0x20 { data.removeLast() }
            data.append(contentsOf: Array(",".utf8) + Array(Self.recordsKey.utf8))
            for (offset, record) in (records ?? []).enumerated() {
                data.append(contentsOf: Array((offset == 0 ? "\n    " : ",\n    ").utf8))
                data.append(try line.encode(record))
            }
            data.append(contentsOf: Array("\n  ]\n}\n".utf8))
        } catch let error as FileError {
            throw error
        } catch {
            throw FileError.cannotWrite(path: path, reason: "cannot encode the plan: \(error)")
        }
        try AtomicFile.write(data, to: path)
    }

    /// Reads a plan's header (not its records).
    public static func read(path: String) throws(SyncError) -> PlanFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .noInput("cannot read the plan \(path)")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        var head = data
        if let range = data.range(of: Data(("," + recordsKey).utf8)) {
            head = data[..<range.lowerBound] + Data("\n}".utf8)
        }
        guard let plan = try? decoder.decode(PlanFile.self, from: head), plan.kind == "provision-plan" else {
            throw .data("\(path) is not a plan written by 'provision plan --out' (or it was edited)")
        }
        guard plan.version == 1 else {
            throw .data("\(path) is a version \(plan.version) plan; this provision reads version 1")
        }
        return plan
    }

    /// A file's fingerprint now.
    public static func fingerprint(_ path: String) -> Fingerprint {
        Fingerprint(path: path, sha256: SHA256.hexDigest(ofFile: path))
    }
}
