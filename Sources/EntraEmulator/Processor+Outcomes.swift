import Foundation

extension Processor {
    static let unresolvedReferenceCode = "UnableToResolveReferenceAttributeValue"

    /// The manager the record names has not been processed by this job (not yet, or it failed). The service only
    /// resolves references to Users it has processed itself; it does not look them up in the directory. The text is
    /// the service's own, on-demand advice included, although provision on demand is not available for API-driven
    /// jobs.
    static func unresolvedManager(_ manager: String, of user: String) -> ProvisioningLogRow.ErrorInfo {
        .init(
            errorCode: unresolvedReferenceCode,
            reason: "We were unable to assign \(manager) as the manager of \(user). In order to ensure that the "
                + "references are updated properly, you have two options. First, ensure that \(manager) is in scope "
                + "for provisioning. Provision \(manager) on-demand and then provision \(user) on-demand. "
                + "Alternatively, you can restart provisioning after ensuring that \(manager) is in scope for "
                + "provisioning.",
            additionalDetails: "PropertyName: manager; SkipReason: \(unresolvedReferenceCode); manager: \(manager)",
            errorCategory: "nonServiceFailure",
            recommendedAction: "Send the manager's record first and wait until the provisioning logs show it "
                + "processed, then send this record again.")
    }

    /// A mapped value Entra refuses. The userPrincipalName has its own, documented error code; for the other
    /// attributes the code is the emulator's choice, and the reason starts with the message Graph gives for such a
    /// value.
    static func invalidValue(
        target: String, value: String, problem: String, source: MappingExpression?
    )
        -> ProvisioningLogRow.ErrorInfo
    {
        let origin = source.map { " (mapped from \($0.text))" } ?? ""
        if target.caseInsensitiveCompare("userPrincipalName") == .orderedSame {
            return .init(
                errorCode: "AzureActiveDirectoryInvalidUserPrincipalName",
                reason: "The userPrincipalName '\(value)' is invalid: \(problem).",
                additionalDetails: "userPrincipalName=\(value)\(origin)", errorCategory: "nonServiceFailure",
                recommendedAction: "Fix the userName in the source record, or change the userPrincipalName mapping.")
        }
        return .init(
            errorCode: invalidPropertyValueCode,
            reason: "Invalid value specified for property '\(target)' of resource 'User': \(problem).",
            additionalDetails: "property=\(target)\(origin); length=\(value.utf16.count)",
            errorCategory: "nonServiceFailure",
            recommendedAction: "Shorten the source value to fit \(target), or change the mapping of \(target)"
                + " (e.g. with Mid(…, 1, n)).")
    }

    static let invalidPropertyValueCode = "AzureActiveDirectoryInvalidPropertyValue"

    /// The code for a value another object already holds. The FAQ documents that the create fails; no public page
    /// names the code, so it is the emulator's choice (docs/service.md, "Reading the directory").
    static let conflictCode = "AzureActiveDirectoryConflictingObjects"

    /// A userPrincipalName, mail or mailNickname the record would write is held by another object. The reason starts
    /// with the message Graph gives when a user is created with such a value.
    static func conflict(property: String, value: String, holder: DirectoryUser) -> ProvisioningLogRow.ErrorInfo {
        let who = holder.employeeID.map { "employeeId '\($0)'" } ?? "no employeeId"
        return .init(
            errorCode: conflictCode,
            reason: "Another object with the same value for property \(property) already exists: '\(value)' is held "
                + "by User '\(holder.id)' (\(holder.userPrincipalName ?? "no userPrincipalName"), \(who)).",
            additionalDetails: "\(property)=\(value); conflictingObjectId=\(holder.id)",
            errorCategory: "nonServiceFailure",
            recommendedAction: "Give the record a \(property) no other object has, or change or remove the other "
                + "object's value.")
    }

    /// More than one user has the record's matching attribute value: the job cannot tell which one to update
    /// (docs/service.md, "Provisioning logs").
    static func duplicateTargets(_ externalID: String, ids: [String]) -> ProvisioningLogRow.ErrorInfo {
        .init(
            errorCode: "DuplicateTargetEntries",
            reason:
                "\(ids.count) Users in Microsoft Entra ID have employeeId '\(externalID)' (\(ids.joined(separator: ", "))); "
                + "the record matches more than one.",
            additionalDetails: "employeeId=\(externalID)", errorCategory: "nonServiceFailure",
            recommendedAction: "Remove the duplicate users, or clear the employeeId of all but one.")
    }
}
