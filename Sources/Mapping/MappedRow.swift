import JSONDocument

/// One row turned into a SCIM user, with the problems found on the way.
package struct MappedRow: Sendable {
    package let line: Int
    package let externalId: String?
    package let userName: String?
    /// The manager's externalId (`enterprise … manager.value`), if any.
    package let managerId: String?
    /// The `active` sent: nil when the record has none (or `null`, with `--empty-as-null`).
    package var active: Bool? = nil
    /// One value per rule of the mapping (nil: the record has none); `RecordMapper.data(of:)` encodes them. A
    /// `SelectUniqueValue` rule has its first candidate here until the export's allocation picks one (`unique`).
    package let values: [JSON?]
    package let problems: [Problem]
    /// The candidates of each `SelectUniqueValue` rule that gave any, in rule order.
    package var unique: [RuleCandidates] = []

    package var isValid: Bool { !problems.contains { $0.severity == .error } }
}

/// The candidates a `SelectUniqueValue` rule gave one row: each one's text, in order, blank ones and repeats left out.
package struct RuleCandidates: Sendable, Equatable {
    /// The rule's index in the mapping.
    package let rule: Int
    package let candidates: [String]

    package init(rule: Int, candidates: [String]) {
        self.rule = rule
        self.candidates = candidates
    }
}
