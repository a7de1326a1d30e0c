/// What the job will do with one record, as predicted from the directory before it is sent.
package struct DirectoryPrediction: Sendable, Equatable {
    package enum Outcome: String, Sendable, Equatable, CaseIterable {
        /// No user matches: a new account.
        case create
        /// The matched account changes (`changes`).
        case update
        /// The matched account already has every value.
        case noChange
        /// The matched account is disabled and the record is active: a rehire.
        case enable
        /// The matched account is enabled and the record is not active.
        case disable
        /// More than one user matches (`DuplicateTargetEntries`).
        case ambiguous
    }

    /// One attribute's change, as the logs' `modifiedProperties` show it.
    package struct Change: Sendable, Equatable {
        /// The target attribute.
        package var attribute: String
        package var old: String?
        /// Nil when the attribute is cleared.
        package var new: String?

        package init(attribute: String, old: String?, new: String?) {
            self.attribute = attribute
            self.old = old
            self.new = new
        }
    }

    package var externalId: String
    package var outcome: Outcome
    /// The matched account (nil for a create).
    package var objectId: String?
    /// For an update, enable or disable, what changes; for a create, every value written.
    package var changes: [Change]
    package var findings: [DirectoryFinding]

    package init(
        externalId: String, outcome: Outcome, objectId: String? = nil, changes: [Change] = [],
        findings: [DirectoryFinding] = []
    ) {
        self.externalId = externalId
        self.outcome = outcome
        self.objectId = objectId
        self.changes = changes
        self.findings = findings
    }

    /// Whether the service will fail the record (a collision, or an ambiguous match).
    package var fails: Bool { findings.contains(where: \.failsRecord) }

    /// The `provisioningAction` the logs will show: a rehire and an unchanged record are `update`s, a record that
    /// fails keeps the action it was attempted as, and an ambiguous match is `other`.
    package var loggedAction: String {
        switch outcome {
        case .create: "create"
        case .ambiguous: "other"
        case .disable where !fails: "disable"
        case .update, .noChange, .enable, .disable: "update"
        }
    }
}

/// Counts for a quick check (`check --directory`).
package struct DirectoryPredictionSummary: Sendable, Equatable {
    package var outcomes: [DirectoryPrediction.Outcome: Int] = [:]
    /// Findings by `DirectoryFinding.kind`.
    package var findings: [String: Int] = [:]
    /// Records the service will fail.
    package var failing = 0

    package init(_ predictions: [DirectoryPrediction]) {
        for prediction in predictions {
            outcomes[prediction.outcome, default: 0] += 1
            for finding in prediction.findings { findings[finding.kind, default: 0] += 1 }
            if prediction.fails { failing += 1 }
        }
    }
}
