import Foundation
import Graph

/// A record whose manager reference did not resolve (`UnableToResolveReferenceAttributeValue`), and why as far as the
/// logs tell: the manager had not been processed when the record was, or the manager itself failed.
package struct UnresolvedReference: Sendable, Equatable {
    package let externalId: String
    package let line: Int
    /// The manager's externalId in the record that was sent; nil when the record cannot be read again.
    package let manager: String?
    /// The manager's newest log row, when the logs have one.
    package let managerEntry: ProvisioningLogEntry?

    /// The manager's own newest row is a failure: the reference cannot resolve until the manager is fixed.
    package var managerFailed: Bool { managerEntry?.status == "failure" }
    /// The manager failed in a way its record sent again would meet again (a conflict): a heal cannot fix it.
    package var managerFailedForGood: Bool { managerEntry?.isPermanentFailure == true }

    /// `CODE: reason` of the manager's failure.
    package var managerFailure: String? {
        guard managerFailed, let entry = managerEntry else { return nil }
        return [entry.errorCode ?? "failure", entry.reason].compactMap { $0 }.joined(separator: ": ")
    }

    /// Every unresolved reference of the outcome, each with its manager (from the state or the upload's input, read
    /// again only when there is one) and the manager's newest row.
    static func diagnose(_ summary: StatusSummary, header: Journal.Header, statePath: String?) -> [UnresolvedReference]
    {
        let candidates = ReferenceHealer.candidates(summary)
        guard !candidates.isEmpty else { return [] }
        let payloads = HealPayloads(header: header, statePath: statePath)
        return candidates.map { record in
            let manager = payloads.payload(of: record.externalId).flatMap(HealPayloads.manager(in:))
            return UnresolvedReference(
                externalId: record.externalId, line: record.line, manager: manager,
                managerEntry: manager.flatMap(summary.newestEntry(of:)))
        }
    }
}
