/// One record as a plan would send it, reduced to what the job does with it in the directory.
package struct PlannedRecord: Sendable, Equatable {
    package var externalId: String
    /// Target attribute → the value the job's mappings write (computed by the caller from the SCIM payload and the
    /// job's flows). A nil value means the job clears the attribute (its source flows null values and the record has
    /// none); an attribute the job does not write is left out. `accountEnabled` comes from `active`, and `manager`
    /// from `manager`; both are ignored here.
    package var values: [String: String?]
    /// The record's `active`: true enables, false disables; nil when the job writes no account state.
    package var active: Bool?
    /// The manager reference: the manager's externalId.
    package var manager: String?
    /// Whether this job has sent the person before (the state knows them).
    package var sentBefore: Bool

    package init(
        externalId: String, values: [String: String?] = [:], active: Bool? = true, manager: String? = nil,
        sentBefore: Bool = false
    ) {
        self.externalId = externalId
        self.values = values
        self.active = active
        self.manager = manager
        self.sentBefore = sentBefore
    }

    /// The value the job writes to `target` (its name ignoring case): `.some(nil)` when it clears it, nil when it
    /// does not write it.
    package func value(ofTarget target: String) -> String?? {
        if let exact = values[target] { return exact }
        return values.first { $0.key.caseInsensitiveCompare(target) == .orderedSame }?.value
    }

    /// The value the job matches on: what it writes to the matching attribute, else the externalId.
    package func matchingValue(_ matchingAttribute: String) -> String {
        (value(ofTarget: matchingAttribute) ?? nil) ?? externalId
    }

    /// The values written to the unique properties, non-empty ones only.
    package var uniqueValues: [(DirectoryProperty, String)] {
        values.compactMap { target, value -> (DirectoryProperty, String)? in
            guard let property = DirectoryProperty(target: target), let value, !value.isEmpty else { return nil }
            return (property, value)
        }.sorted { $0.0 < $1.0 }
    }

    /// What a directory read must find for this record.
    package func needs(matchingAttribute: String) -> DirectoryNeeds {
        let manager = manager.flatMap { $0.isEmpty ? nil : $0 }
        return DirectoryNeeds(matchingValue: matchingValue(matchingAttribute), manager: manager, values: uniqueValues)
    }
}
