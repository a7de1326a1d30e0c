import Foundation

/// One row of `GET /auditLogs/provisioning` (a `provisioningObjectSummary`, contract §2.4), reduced to what a run
/// report needs. `externalId` is `sourceIdentity.id`: the only field that ties a row to an uploaded record (§2.4).
public struct ProvisioningLogEntry: Sendable, Equatable, Codable {
    public let id: String
    public let activityDateTime: Date
    public let externalId: String
    public let displayName: String?
    /// `create`, `update`, `disable`, `delete`, `stagedDelete`, `other`, …
    public let action: String
    /// `success`, `warning`, `failure`, `skipped`, … from `provisioningStatusInfo` (not the deprecated `statusInfo`).
    public let status: String
    public let errorCode: String?
    public let reason: String?
    public let recommendedAction: String?
    public let cycleId: String?

    public init(
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
    static func parse(_ object: [String: Any]) -> ProvisioningLogEntry? {
        guard let source = object["sourceIdentity"] as? [String: Any], let externalId = source["id"] as? String,
              let dateText = object["activityDateTime"] as? String, let date = parseDate(dateText)
        else { return nil }
        let statusInfo = object["provisioningStatusInfo"] as? [String: Any]
        let error = statusInfo?["errorInformation"] as? [String: Any]
        return ProvisioningLogEntry(
            id: object["id"] as? String ?? "", activityDateTime: date, externalId: externalId,
            displayName: source["displayName"] as? String,
            action: object["provisioningAction"] as? String ?? "other",
            status: (statusInfo?["status"] as? String ?? "unknownFutureValue").lowercased(),
            errorCode: error?["errorCode"] as? String, reason: error?["reason"] as? String,
            recommendedAction: error?["recommendedAction"] as? String, cycleId: object["cycleId"] as? String)
    }

    static func parseDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
