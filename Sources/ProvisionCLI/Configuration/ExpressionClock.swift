import CommandLineKit
import Foundation

/// `Now()` in mapping expressions: the run's start time, or `PROVISION_NOW` (ISO 8601, e.g. 2024-01-31T08:00:00Z)
/// for reproducible runs and tests.
enum ExpressionClock {
    static func pinned(_ environment: [String: String]) throws(UsageError) -> Date? {
        guard let text = environment["PROVISION_NOW"], !text.isEmpty else { return nil }
        // ISO 8601 is ASCII; corelibs' formatters trap on some non-ASCII text (docs/fuzzing.md).
        let formatter = ISO8601DateFormatter()
        guard text.utf8.allSatisfy({ $0 < 0x80 }), let date = formatter.date(from: text) else {
            throw UsageError("PROVISION_NOW must be an ISO 8601 time such as 2024-01-31T08:00:00Z, not '\(text)'")
        }
        return date
    }
}
