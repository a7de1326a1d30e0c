import Foundation
import Mapping

/// What pass one found of the mapping's `SelectUniqueValue` rules: each valid record's candidates, rule by rule, for
/// the allocation that runs between the passes (it needs every record, and the state, before a value is final).
package struct UniqueCandidateTable: Sendable {
    /// The rules whose expression is `SelectUniqueValue(…)`, by index in the mapping.
    package let rules: [Int]
    /// Record → its candidates (only records with some).
    private var byRecord: [Int32: [RuleCandidates]] = [:]

    init(rules: [Int]) { self.rules = rules }

    package var isEmpty: Bool { byRecord.isEmpty }

    /// The records with candidates, in input order.
    package var records: [Int] { byRecord.keys.map(Int.init).sorted() }

    /// The candidates of `rule` for `record`; empty when it has none.
    package func candidates(ofRule rule: Int, record: Int) -> [String] {
        byRecord[Int32(record)]?.first { $0.rule == rule }?.candidates ?? []
    }

    mutating func add(_ candidates: [RuleCandidates], record: Int) {
        guard !candidates.isEmpty else { return }
        byRecord[Int32(record)] = candidates
    }

    mutating func remove(record: Int) { byRecord[Int32(record)] = nil }
}

/// Payloads written again between the passes (a record given another of its unique-value candidates than the first),
/// in a spool of their own: the main spool's records lie back to back, which `RecordIndex` counts on.
final class PayloadOverrides: @unchecked Sendable {
    // @unchecked: written only between the passes, by the export's one owner; read-only once prepared.
    private var spool: Spool?
    private var ranges: [Int32: (offset: Int64, length: Int)] = [:]

    var isEmpty: Bool { ranges.isEmpty }

    func set(_ bytes: [UInt8], record: Int) throws {
        let spool = try self.spool ?? Spool()
        self.spool = spool
        ranges[Int32(record)] = (try spool.append(bytes), bytes.count)
    }

    func finishWriting() throws { try spool?.finishWriting() }

    /// The record's payload as written again; nil when it was not.
    func data(ofRecord record: Int) throws -> [UInt8]? {
        guard !ranges.isEmpty, let range = ranges[Int32(record)], let spool else { return nil }
        return try spool.read(offset: range.offset, length: range.length)
    }

    func contains(_ record: Int) -> Bool { ranges[Int32(record)] != nil }
}
