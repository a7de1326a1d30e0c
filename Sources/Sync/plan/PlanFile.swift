import Directory
import Foundation
import Hashing
import Mapping

/// `provision plan --out plan.json`: what an upload would send and why, with the fingerprints of everything it
/// depends on, so that `provision upload --plan plan.json` sends exactly that, or refuses when anything changed.
///
/// A reviewer approves the plan; cron applies it. The file is written with its header first and `records` last,
/// so that applying reads only the header, whatever the size of the export.
package struct PlanFile: Codable, Sendable, Equatable {
    /// A file the plan depends on: where it was, and its SHA-256 (nil: it did not exist).
    package struct Fingerprint: Codable, Sendable, Equatable {
        package let path: String
        package let sha256: String?

        package init(path: String, sha256: String?) {
            self.path = path
            self.sha256 = sha256
        }
    }

    /// The options that shape what is sent.
    package struct Options: Codable, Sendable, Equatable {
        package var batchSize: Int
        package var emptyAsNull: Bool
        package var delimiter: String?
        package var encoding: String?
        package var full: Bool
        package var missing: String
        package var maxDisable: String
        /// Nil in plans written before `--max-rename` existed: the default, 5%.
        package var maxRename: String?
        package var allowEmptyExport: Bool
        /// How the input is read when it is JSON records (`json`, `ndjson`) and where a document holds them; nil for
        /// a CSV (and in plans that predate JSON input).
        package var format: String?
        package var recordsPath: String?

        package init(
            batchSize: Int, emptyAsNull: Bool, delimiter: String?, encoding: String?, full: Bool, missing: String,
            maxDisable: String, maxRename: String? = nil, allowEmptyExport: Bool, format: String? = nil,
            recordsPath: String? = nil
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
            self.format = format
            self.recordsPath = recordsPath
        }
    }

    package struct Counts: Codable, Sendable, Equatable {
        package var rows: Int
        package var valid: Int
        package var invalid: Int
        package var new: Int
        package var changed: Int
        package var unchanged: Int
        package var leavers: Int
        package var leaversToDisable: Int
        package var recordsToSend: Int
        package var requests: Int

        package init(
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
    package struct Quota: Codable, Sendable, Equatable {
        package var requests: Int
        package var shareOfP1P2: Double
        package var shareOfGovernance: Double

        package init(requests: Int, shareOfP1P2: Double, shareOfGovernance: Double) {
            self.requests = requests
            self.shareOfP1P2 = shareOfP1P2
            self.shareOfGovernance = shareOfGovernance
        }
    }

    /// The provisioning job a plan is for, and the tenant: `upload --plan` refuses any other.
    package struct Target: Codable, Sendable, Equatable {
        /// The bulkUpload URL, as configured when the plan was made.
        package var endpoint: String
        package var servicePrincipalId: String
        package var jobId: String
        /// The tenant the token is asked of (`--tenant-id`, AZURE_TENANT_ID); nil when none is set (managed identity).
        package var tenant: String?

        package init(endpoint: String, servicePrincipalId: String, jobId: String, tenant: String?) {
            self.endpoint = endpoint
            self.servicePrincipalId = servicePrincipalId
            self.jobId = jobId
            self.tenant = tenant
        }
    }

    package var kind = "provision-plan"
    /// 2: the target and the digest (a version 1 plan names no job, and nothing covers its counts).
    package var version = 2
    package var createdAt: Date
    /// Which job and tenant; nil only in a plan made for `--summary-md` alone (never written with `--out`).
    package var target: Target?
    package var input: Fingerprint
    package var mapping: Fingerprint?
    package var state: Fingerprint?
    package var options: Options
    package var counts: Counts
    package var quota: Quota
    /// Who the plan disables and renames, by name and why (the first `BrakeReview.kept` of each; left out when
    /// nobody).
    package var disables: [Transition]?
    package var renames: [Transition]?
    /// With `--directory`: the predicted outcomes counted. A plan that has it is checked against the directory
    /// again when applied (`upload --plan`).
    package var directory: DirectorySummary?
    /// `PlanRecord.digest` of the records.
    package var recordsDigest: String
    /// SHA-256 over everything else in the file, header and records as written: set by `write(to:)`, checked by
    /// `read(path:)`, so that an edited count, action or target is refused. A digest, not a signature: it catches
    /// edits, not someone who recomputes it.
    package var digest: String?
    package var records: [PlanRecord]?

    package init(
        createdAt: Date, target: Target?, input: Fingerprint, mapping: Fingerprint?, state: Fingerprint?,
        options: Options, counts: Counts, quota: Quota, recordsDigest: String, records: [PlanRecord]?
    ) {
        self.createdAt = createdAt
        self.target = target
        self.input = input
        self.mapping = mapping
        self.state = state
        self.options = options
        self.counts = counts
        self.quota = quota
        self.recordsDigest = recordsDigest
        self.records = records
    }

    /// Writes the header with its digest, then the records one per line (a million records never sit in one string).
    package func write(to path: String) throws(FileError) {
        var data: Data
        do {
            let lines = try (records ?? []).map { try Self.lineEncoder.encode($0) }
            var header = self
            header.records = nil
            header.digest = try Self.digest(of: header, records: lines)
            data = try Self.prettyEncoder.encode(header)
            // Reopen the object to put `records` last.
            guard data.last == UInt8(ascii: "}") else { throw FileError.cannotWrite(path: path, reason: "encoding") }
            data.removeLast()
            while data.last == 0x0A || data.last == 0x20 { data.removeLast() }
            data.append(contentsOf: Array(",".utf8) + Array(Self.recordsKey.utf8))
            for (offset, line) in lines.enumerated() {
                data.append(contentsOf: Array((offset == 0 ? "\n    " : ",\n    ").utf8))
                data.append(line)
            }
            data.append(contentsOf: Array("\n  ]\n}\n".utf8))
        } catch let error as FileError {
            throw error
        } catch {
            throw FileError.cannotWrite(path: path, reason: "cannot encode the plan: \(error)")
        }
        try AtomicFile.write(data, to: path)
    }

    /// Reads a plan's header (not its records), after checking the whole file against its digest.
    package static func read(path: String) throws(SyncError) -> PlanFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .noInput("cannot read the plan \(path)")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        var head = data
        var lines: [Data] = []
        if let range = data.range(of: Data(("," + recordsKey).utf8)) {
            head = data[..<range.lowerBound] + Data("\n}".utf8)
            lines = recordLines(data[range.upperBound...])
        }
        guard let plan = try? decoder.decode(PlanFile.self, from: head), plan.kind == "provision-plan" else {
            throw .data("\(path) is not a plan written by 'provision plan --out' (or it was edited)")
        }
        guard plan.version == 2 else {
            throw .data(
                "\(path) is a version \(plan.version) plan; this provision reads version 2 plans, which name the job "
                    + "they are for: make the plan again")
        }
        var header = plan
        header.digest = nil
        guard let digest = plan.digest, digest == (try? Self.digest(of: header, records: lines)) else {
            throw .data(
                "\(path) was changed after 'provision plan' wrote it (its digest no longer matches its header and "
                    + "records: a count, an action, the target or an option was edited); nothing was sent. Make a "
                    + "new plan and have it approved")
        }
        return plan
    }

    /// The values `SelectUniqueValue` gave each person in the plan at `path` (read after `read(path:)` checked its
    /// digest): what `upload --plan` sends, whatever the directory holds by then.
    package static func uniqueValues(path: String) throws(SyncError) -> [String: UniqueValues] {
        guard let data = FileManager.default.contents(atPath: path),
            let range = data.range(of: Data(("," + recordsKey).utf8))
        else { return [:] }
        let decoder = JSONDecoder()
        var values: [String: UniqueValues] = [:]
        let marker = Data("\"unique\":".utf8)
        for line in recordLines(data[range.upperBound...]) where line.range(of: marker) != nil {
            guard let record = try? decoder.decode(PlanRecord.self, from: line) else {
                throw .data("\(path): a record of the plan cannot be read")
            }
            if let unique = record.unique { values[record.externalId] = UniqueValues(unique) }
        }
        return values
    }

    /// The records key as written; records follow, one a line.
    static let recordsKey = "\n  \"records\" : ["

    private static var prettyEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    private static var lineEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// SHA-256 of the header in canonical form (compact, sorted keys, no digest, no records), then each record line.
    private static func digest(of header: PlanFile, records: [Data]) throws -> String {
        var header = header
        header.records = nil
        header.digest = nil
        var hasher = SHA256()
        hasher.update(Array(try lineEncoder.encode(header)))
        for line in records {
            hasher.update([0x0A])
            hasher.update(Array(line))
        }
        return hasher.hexDigest()
    }

    /// The record lines after the records key: each line without its indentation and trailing comma.
    private static func recordLines(_ tail: Data) -> [Data] {
        tail.split(separator: 0x0A).compactMap { line in
            var line = line.drop { $0 == 0x20 }
            if line.last == UInt8(ascii: ",") { line = line.dropLast() }
            guard line.first == UInt8(ascii: "{") else { return nil }
            return Data(line)
        }
    }

    /// A file's fingerprint now.
    package static func fingerprint(_ path: String) -> Fingerprint {
        Fingerprint(path: path, sha256: SHA256.hexDigest(ofFile: path))
    }
}
