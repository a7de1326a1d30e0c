import Directory

/// What `SelectUniqueValue` gave this run's people: each person's values (the state keeps them once their record is
/// accepted, the plan lists them), and what uniqueness was checked against.
package struct UniqueValueOutcome: Sendable, Equatable {
    /// By externalId: the value of each `SelectUniqueValue` attribute (its SCIM path).
    package var values: [String: UniqueValues] = [:]
    /// The SCIM attributes whose value was chosen, in mapping order.
    package var attributes: [String] = []
    /// Whether the tenant's users were asked too (`--directory`), or only this file and the state.
    package var checkedDirectory = false
    /// Whether the values came from an approved plan (`upload --plan`) rather than a new allocation.
    package var fromPlan = false
    /// Rows left out because every candidate was taken (each is a row error).
    package var exhausted = 0
    /// The people given another value than their first candidate, in input order per attribute.
    package var others: [Choice] = []

    /// A person given another value than their first candidate.
    package struct Choice: Sendable, Equatable {
        package let externalId: String
        package let line: Int
        package let attribute: String
        package let value: String
        /// Why: `candidate 2` (an earlier one is taken), or the value an earlier run gave them.
        package let reason: String
    }

    package init() {}

    /// Said once when only the file and the state were checked.
    package var notice: String? {
        guard !checkedDirectory, !fromPlan, !attributes.isEmpty else { return nil }
        return "SelectUniqueValue (\(attributes.joined(separator: ", "))): uniqueness was checked against this file "
            + "and the state only, not against the tenant's users (--directory checks those too)"
    }
}
