import Foundation
import JSONDocument
import Transport

/// One row of `GET /auditLogs/provisioning` (a `provisioningObjectSummary`; docs/service.md, "Provisioning logs"),
/// reduced to what a run report needs. `externalId` is `sourceIdentity.id`: the only field that ties a row to an
/// uploaded record. Every text field but `externalId` (which is matched, never printed) is cleaned by `ServerText`.
package struct ProvisioningLogEntry: Sendable, Equatable, Codable {
    package let id: String
    package let activityDateTime: Date
    package let externalId: String
    package let displayName: String?
    /// `create`, `update`, `disable`, `delete`, `stagedDelete`, `other`, …
    package let action: String
    /// `success`, `warning`, `failure`, `skipped`, … from `provisioningStatusInfo` (not the deprecated `statusInfo`).
    package let status: String
    package let errorCode: String?
    package let reason: String?
    package let recommendedAction: String?
    package let cycleId: String?

    package init(
        id: String, activityDateTime: Date, externalId: String, displayName: String?, action: String, status: String,
        errorCode: String?, reason: String?, recommendedAction: String?, cycleId: String?
    ) {
        self.id = id
        self.activityDateTime = activityDateTime
        self.externalId = externalId
        self.displayName = displayName
        self.action = action
        self.status = status
        self.errorCode = errorCode
        self.reason = reason
        self.recommendedAction = recommendedAction
        self.cycleId = cycleId
    }

    /// Parses one `value[]` element; nil when it lacks a source identity (it cannot be matched to a record).
    static func parse(_ object: JSON, dates: DateParser = DateParser()) -> ProvisioningLogEntry? {
        guard let source = object["sourceIdentity"], source.isObject, let externalId = source["id"]?.stringValue,
            let dateText = object["activityDateTime"]?.stringValue, let date = dates.parse(dateText)
        else { return nil }
        let statusInfo = object["provisioningStatusInfo"]
        let error = statusInfo?["errorInformation"]
        let text = { (value: JSON?, limit: Int) in value?.stringValue.map { ServerText.clean($0, limit: limit) } }
        return ProvisioningLogEntry(
            id: text(object["id"], 100) ?? "", activityDateTime: date, externalId: externalId,
            displayName: text(source["displayName"], 256),
            action: text(object["provisioningAction"], 50) ?? "other",
            status: (text(statusInfo?["status"], 50) ?? "unknownFutureValue").lowercased(),
            errorCode: text(error?["errorCode"], 100), reason: text(error?["reason"], 1000),
            recommendedAction: text(error?["recommendedAction"], 1000), cycleId: text(object["cycleId"], 100))
    }

    /// `activityDateTime`, with or without fractional seconds. One per page: making a formatter per row was most of
    /// the time reading a thousand rows took.
    final class DateParser {
        private let fractional = ISO8601DateFormatter()
        private let whole = ISO8601DateFormatter()

        init() {
            fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            whole.formatOptions = [.withInternetDateTime]
        }

        func parse(_ text: String) -> Date? { fractional.date(from: text) ?? whole.date(from: text) }
    }
}

extension ProvisioningLogEntry {
    /// Failure codes that sending the same record again cannot fix: another object already holds a value that must
    /// be unique (a conflict, a duplicate), or the record's own values are refused. `InternalError` and `Timeout` are
    /// the service's own and pass; an invalid userPrincipalName may pass once the tenant has the domain, so it is not
    /// here (docs/service.md, "Error codes for API-driven jobs").
    static let permanentFailureCodes: Set<String> = [
        "AzureActiveDirectoryConflictEncountered", "AzureActiveDirectoryConflictingObjects", "DuplicateSourceEntries",
        "DuplicateTargetEntries", "AzureActiveDirectoryInvalidPropertyValue", "MandatoryFieldsMissing", "MissingValues",
    ]

    /// A failure that the same record sent again would meet again.
    package var isPermanentFailure: Bool {
        guard status == "failure", let code = errorCode else { return false }
        return Self.permanentFailureCodes.contains(code) || code.contains("Conflict")
    }
}
