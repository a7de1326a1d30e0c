import Foundation
import JSONDocument

/// What `provision check` reads of a `synchronizationJob` (docs/service.md, "The job"): its state, and why a
/// quarantined job is quarantined.
package struct SynchronizationJob: Sendable, Equatable {
    /// `NotConfigured`, `NotRun`, `Active`, `Paused` or `Quarantine`; `unknown` when the answer has none.
    package var statusCode: String
    package var quarantineReason: String?
    package var quarantineMessage: String?

    package init(statusCode: String, quarantineReason: String? = nil, quarantineMessage: String? = nil) {
        self.statusCode = statusCode
        self.quarantineReason = quarantineReason
        self.quarantineMessage = quarantineMessage
    }

    init(_ document: JSON) {
        let status = document["status"]
        statusCode = status?["code"]?.stringValue ?? "unknown"
        let quarantine = status?["quarantine"]
        if let quarantine, quarantine != .null {
            quarantineReason = quarantine["reason"]?.stringValue ?? "unknown reason"
            quarantineMessage = quarantine["error"]?["message"]?.stringValue
        }
    }

    package var isActive: Bool { statusCode == "Active" }
}
