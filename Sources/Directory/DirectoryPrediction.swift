/// What the job will do with one record, as predicted from the directory before it is sent.
public struct DirectoryPrediction: Sendable, Equatable {
    public enum Outcome: String, Sendable, Equatable, CaseIterable {
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
    public struct Change: Sendable, Equatable {
        /// The target attribute.
        public var attribute: String
        public var old: String?
        /// Nil when the attribute is cleared.
        public var new: String?

        public init(attribute: String, old: String?, new: String?) {
            self.attribute = attribute
            self.old = old
            self.new = new
        }
    }

    public var externalId: String
    public var outcome: Outcome
    /// The matched account (nil for a create).
    public var objectId: String?
    /// For an update, enable or disable, what changes; for a create, every value written.
    public var changes: [Change]
    public var findings: [DirectoryFinding]

    public init(
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
    public var fails: Bool { findings.contains(where: \.failsRecord) }

    /// The `provisioningAction` the logs will show: a rehire and an unchanged record are `update`s, a record that
    /// fails keeps the action it was attempted as, and an ambiguous match is `other`.
    public var loggedAction: String {
        switch outcome {
        case .create: "create"
        case .ambiguous: "other"
        case .disable where !fails: "disable"
        case .update, .noChange, .enable, .disable: "update"
        }
    }
}

/// Counts for a quick check (`check --directory`).
public struct DirectoryPredictionSummary: Sendable, Equatable {
    public var outcomes: [DirectoryPrediction.Outcome: Int] = [:]
    /// Findings by `DirectoryFinding.kind`.
    public var findings: [String: Int] = [:]
    /// Records the service will fail.
    public var failing = 0

    public init(_ predictions: [DirectoryPrediction]) {
        for prediction in predictions {
            outcomes[prediction.outcome, default: 0] += 1
            for finding in prediction.findings { findings[finding.kind, default: 0] += 1 }
            if prediction.fails { failing += 1 }
        }
    }
}
