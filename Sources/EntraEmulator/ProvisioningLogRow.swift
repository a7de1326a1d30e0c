import Foundation

/// One `provisioningObjectSummary` (docs/service.md, "Provisioning logs"), kept compact and rendered to JSON per
/// request.
struct ProvisioningLogRow: Sendable {
    /// One entry of `provisioningSteps`.
    struct Step: Sendable {
        enum Kind: String, Sendable { case `import`, matching, scoping, referenceResolution, export }
        var name: String
        var kind: Kind
        var status: String
        var description: String
        var details: [(String, String)] = []
    }

    /// `provisioningErrorInfo`.
    struct ErrorInfo: Sendable {
        var errorCode: String
        var reason: String
        var additionalDetails: String
        var errorCategory: String
        var recommendedAction: String
    }

    /// One entry of `modifiedProperties`.
    struct ModifiedProperty: Sendable {
        var displayName: String
        var oldValue: String?
        var newValue: String?
    }

    /// Monotonic position in the store; the paging cursor.
    var sequence: Int
    var id: String
    var activityTime: Double
    var visibleAt: Double
    var jobID: String
    var cycleID: String
    var changeID: String
    var durationMilliseconds: Int
    /// `create`, `update`, `disable`, `delete` or `other`.
    var action: String
    /// `success`, `warning`, `failure` or `skipped`.
    var status: String
    var error: ErrorInfo?
    var steps: [Step]
    var sourceID: String
    var sourceDisplayName: String
    var targetID: String
    var targetDisplayName: String
    var modifiedProperties: [ModifiedProperty]
    var servicePrincipalID: String
    var tenantID: String

    /// The value a `$filter` sees for a property path (lower-cased), or nil for an unknown property.
    func filterValue(_ property: String) -> ODataFilter.Operand? {
        switch property {
        case "id": .string(id)
        case "jobid": .string(jobID)
        case "cycleid": .string(cycleID)
        case "changeid": .string(changeID)
        case "tenantid": .string(tenantID)
        case "activitydatetime": .dateTime(activityTime.rounded(.down))
        case "durationinmilliseconds": .number(Double(durationMilliseconds))
        case "provisioningaction": .string(action)
        case "action": .string(action.prefix(1).uppercased() + action.dropFirst())
        case "provisioningstatusinfo/status", "statusinfo/status": .string(status)
        case "sourceidentity/id": .string(sourceID)
        case "sourceidentity/displayname": .string(sourceDisplayName)
        case "sourceidentity/identitytype", "targetidentity/identitytype": .string("User")
        case "targetidentity/id": .string(targetID)
        case "targetidentity/displayname": .string(targetDisplayName)
        case "serviceprincipal/id": .string(servicePrincipalID)
        case "serviceprincipal/name", "serviceprincipal/displayname": .string(ProvisioningLogRow.servicePrincipalName)
        case "sourcesystem/displayname": .string("API")
        case "targetsystem/displayname": .string("Microsoft Entra ID")
        case "initiatedby/displayname": .string("Azure AD Provisioning Service")
        default: nil
        }
    }

    /// Properties compared ignoring case ("Filters are all case sensitive except for status"; docs/service.md,
    /// "Provisioning logs").
    static let caseInsensitiveProperties: Set<String> = ["provisioningstatusinfo/status", "statusinfo/status"]

    static let servicePrincipalName = "API-driven provisioning to Microsoft Entra ID (emulator)"
}
