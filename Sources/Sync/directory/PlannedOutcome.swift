import Directory

/// A record's predicted outcome as the plan file (`plan --out`) and `plan --json` carry it: what the job will do
/// (`create`, `update`, `noChange`, `enable`, `disable`, `ambiguous`), the matched account, each attribute that
/// changes old → new, and the findings.
package struct PlannedOutcome: Codable, Sendable, Equatable {
    package struct Finding: Codable, Sendable, Equatable {
        /// `collision`, `collisionInFile`, `managerUnresolved`, `managerOutsideJob`, `managerInDirectory`, `rename`,
        /// `duplicateMatch`, `notFoundAlthoughSent`.
        package let kind: String
        package let message: String
        /// True when the service will fail the record for it (left out otherwise).
        package let fails: Bool?
        /// The property whose value is taken (`userPrincipalName`, `mail`, `mailNickname`).
        package let property: String?
        /// The value concerned: a collision's, a manager reference, a rename's new userPrincipalName.
        package let value: String?
        /// The directory object that holds the value, or the manager outside the job.
        package let object: DirectoryObject?
        /// The other record of this file (a clash in the file).
        package let record: String?

        init(_ finding: DirectoryFinding, matchingAttribute: String) {
            kind = finding.kind
            message = finding.message(matchingAttribute: matchingAttribute)
            fails = finding.failsRecord ? true : nil
            var property: String?
            var value: String?
            var object: DirectoryObject?
            var record: String?
            switch finding {
            case .valueHeld(let held, let text, let by, let matched):
                (property, value, object, record) = (held.rawValue, text, by, matched)
            case .valueInFile(let held, let text, let other, _):
                (property, value, record) = (held.rawValue, text, other)
            case .managerUnresolved(let reference, _): value = reference
            case .managerOutsideJob(let reference, let manager), .managerInDirectory(let reference, let manager):
                (value, object) = (reference, manager)
            case .rename(_, let new): (property, value) = ("userPrincipalName", new)
            case .duplicateMatch(let text, _), .notFoundAlthoughSent(let text): value = text
            }
            self.property = property
            self.value = value
            self.object = object
            self.record = record
        }
    }

    package let outcome: String
    /// The `provisioningAction` the provisioning logs will show for the record (`create`, `update`, `disable`,
    /// `other`): a rehire and an unchanged record are updates.
    package let loggedAction: String?
    /// The matched account (nil for a create).
    package let objectId: String?
    /// What changes in the directory (for a create, every value written).
    package let changes: [PayloadDiff.Change]?
    package let findings: [Finding]?
    /// True when the service is predicted to fail the record (left out otherwise).
    package let fails: Bool?

    package init(_ prediction: DirectoryPrediction, matchingAttribute: String) {
        outcome = prediction.outcome.rawValue
        loggedAction = prediction.loggedAction
        objectId = prediction.objectId
        changes =
            prediction.changes.isEmpty
            ? nil : prediction.changes.map { PayloadDiff.Change(attribute: $0.attribute, old: $0.old, new: $0.new) }
        findings =
            prediction.findings.isEmpty
            ? nil : prediction.findings.map { Finding($0, matchingAttribute: matchingAttribute) }
        fails = prediction.fails ? true : nil
    }
}

/// The directory's part of a plan's header: the predicted outcomes counted, and what was read.
package struct DirectorySummary: Codable, Sendable, Equatable {
    /// Records by predicted outcome (`create`, `update`, …).
    package let outcomes: [String: Int]
    /// Findings by kind.
    package let findings: [String: Int]
    /// Records the service is predicted to fail.
    package let failing: Int
    /// The target attribute the job matches on.
    package let matchingAttribute: String
    /// From the job's schema; false when the default mappings were assumed.
    package let fromSchema: Bool
    /// Users the reads found, and the requests they took.
    package let usersRead: Int
    package let requests: Int

    package init(_ review: DirectoryReview) {
        let summary = review.summary
        outcomes = Dictionary(uniqueKeysWithValues: summary.outcomes.map { ($0.key.rawValue, $0.value) })
        findings = summary.findings
        failing = summary.failing
        matchingAttribute = review.matchingAttribute
        fromSchema = review.fromSchema
        usersRead = review.usersRead
        requests = review.statistics.requests
    }
}
