import Basics
import Directory
import Sync

/// A tenant-aware plan in text (`plan --directory`, and `upload --directory` on stderr): the predicted outcomes
/// counted, then each finding (those that fail the record first) and each change of an existing account, one line a
/// record and finding, in input-line order.
package enum DirectoryPrinter {
    /// `directory: 9 to create, 2 to update, …; 4 would fail (read 22 users in 3 requests)`.
    package static func summary(_ review: DirectoryReview) -> String {
        let statistics = review.statistics
        var read = "\(plural(review.usersRead, "user")) read in \(plural(statistics.requests, "request"))"
        if statistics.throttled > 0 { read += ", \(statistics.throttled) throttled" }
        let matching = review.fromSchema ? "" : "; default mappings assumed"
        return "directory: \(review.counts) (\(read); matched on \(review.matchingAttribute)\(matching))"
    }

    /// One line a finding, the ones that fail the record first; with `changes`, then a line for each existing
    /// account that changes (an update, enable or disable, with each attribute old → new).
    package static func lines(_ review: DirectoryReview, file: String, changes: Bool = true) -> [String] {
        let ordered = review.records.sorted { ($0.line ?? Int.max) < ($1.line ?? Int.max) }
        var failing: [String] = []
        var others: [String] = []
        var changed: [String] = []
        for record in ordered {
            let prediction = record.prediction
            let place = record.line.map { "\(file):\($0)" } ?? "\(file) (leaver)"
            let who =
                record.displayName.map { "\($0) (externalId \(record.externalId))" }
                ?? "externalId \(record.externalId)"
            let head = "\(place): \(who): \(prediction.outcome.name)"
            for finding in prediction.findings {
                if finding.failsRecord {
                    failing.append("\(head) fails: \(review.message(finding))")
                } else {
                    others.append("\(head): \(finding.kind): \(review.message(finding))")
                }
            }
            guard changes, [.update, .enable, .disable].contains(prediction.outcome), !prediction.changes.isEmpty
            else { continue }
            changed.append("\(head): " + prediction.changes.map(change).joined(separator: ", "))
        }
        return failing + others + changed
    }

    /// `displayName 'Ann Lee' → 'Ann Lee-Smith'`.
    static func change(_ change: DirectoryPrediction.Change) -> String {
        "\(change.attribute) \(change.old.map { "'\($0)'" } ?? "(none)") → \(change.new.map { "'\($0)'" } ?? "(cleared)")"
    }

    /// The review as JSON for `plan --json`: the counts, and every record with its outcome, changes and findings.
    package static func object(_ review: DirectoryReview) -> [String: Any] {
        let summary = review.summary
        return [
            "outcomes": Dictionary(uniqueKeysWithValues: summary.outcomes.map { ($0.key.rawValue, $0.value) }),
            "findings": summary.findings, "failing": summary.failing, "matchingAttribute": review.matchingAttribute,
            "fromSchema": review.fromSchema, "usersRead": review.usersRead,
            "requests": review.statistics.requests, "throttled": review.statistics.throttled,
            "records": review.records.map { record -> [String: Any] in
                let outcome = PlannedOutcome(record.prediction, matchingAttribute: review.matchingAttribute)
                var object: [String: Any] = ["externalId": record.externalId, "outcome": outcome.outcome]
                object["line"] = record.line
                object["displayName"] = record.displayName
                object["objectId"] = outcome.objectId
                object["loggedAction"] = outcome.loggedAction
                if outcome.fails == true { object["fails"] = true }
                if let changes = outcome.changes {
                    object["changes"] = changes.map { change -> [String: Any] in
                        var item: [String: Any] = ["attribute": change.attribute]
                        item["old"] = change.old
                        item["new"] = change.new
                        return item
                    }
                }
                if let findings = outcome.findings { object["findings"] = findings.map(findingObject) }
                return object
            },
        ]
    }

    static func findingObject(_ finding: PlannedOutcome.Finding) -> [String: Any] {
        var object: [String: Any] = ["kind": finding.kind, "message": finding.message]
        if finding.fails == true { object["fails"] = true }
        object["property"] = finding.property
        object["value"] = finding.value
        object["record"] = finding.record
        if let other = finding.object {
            var item: [String: Any] = ["id": other.id, "guest": other.isGuest, "disabled": other.isDisabled]
            item["userPrincipalName"] = other.userPrincipalName
            item["employeeId"] = other.employeeId
            object["object"] = item
        }
        return object
    }
}
