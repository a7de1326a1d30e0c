import Directory
import DirectoryClient

/// What a tenant-aware plan predicts: for each record to be sent, in sending order, what the job will do with it
/// and what was found (`DirectoryPrediction`), named by externalId, input line and displayName; and what reading
/// the directory cost.
package struct DirectoryReview: Sendable {
    package struct Record: Sendable {
        package let externalId: String
        /// The input line; nil for a leaver (not in the input).
        package let line: Int?
        package let displayName: String?
        package let prediction: DirectoryPrediction

        /// `Ann Lee (externalId E1, line 2)`, as the brakes name people.
        package var person: String {
            let place = ["externalId \(externalId)", line.map { "line \($0)" }].compactMap { $0 }
                .joined(separator: ", ")
            return displayName.map { "\($0) (\(place))" } ?? place
        }
    }

    package let records: [Record]
    /// The target attribute the job matches on, for the findings' messages.
    package let matchingAttribute: String
    /// From the job's schema; false: the default mappings were assumed.
    package let fromSchema: Bool
    package let statistics: DirectoryRead.Statistics
    /// Users the reads found (held in memory for the plan only).
    package let usersRead: Int

    package var summary: DirectoryPredictionSummary { DirectoryPredictionSummary(records.map(\.prediction)) }

    /// The records the service is predicted to fail, in input order.
    package var failing: [Record] {
        records.filter(\.prediction.fails).sorted { ($0.line ?? Int.max) < ($1.line ?? Int.max) }
    }

    /// One sentence for `finding`.
    package func message(_ finding: DirectoryFinding) -> String {
        finding.message(matchingAttribute: matchingAttribute)
    }

    /// `9 to create, 2 to update, 1 unchanged, 1 to enable, 1 to disable; 4 would fail`.
    package var counts: String {
        let outcomes = summary.outcomes
        let words: [(DirectoryPrediction.Outcome, String)] = [
            (.create, "to create"), (.update, "to update"), (.noChange, "unchanged"), (.enable, "to enable"),
            (.disable, "to disable"), (.ambiguous, "ambiguous"),
        ]
        let parts = words.compactMap { outcome, word in outcomes[outcome].map { "\($0) \(word)" } }
        let failing = summary.failing
        return (parts.isEmpty ? "no record to send" : parts.joined(separator: ", "))
            + "; \(failing) would fail"
    }
}

extension DirectoryPrediction.Outcome {
    /// The word reports use: `create`, `update`, `noChange`, `enable`, `disable`, `ambiguous`.
    package var name: String { rawValue }
}
