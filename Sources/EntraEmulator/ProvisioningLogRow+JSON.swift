import Foundation
import JSONDocument

extension ProvisioningLogRow {
    /// The Graph JSON of the row; beta adds the deprecated `action` and `statusInfo` (docs/service.md, "Provisioning
    /// logs").
    func json(beta: Bool) -> JSON {
        let errorJSON: JSON =
            error.map { info in
                .object([
                    "errorCode": .string(info.errorCode), "reason": .string(info.reason),
                    "additionalDetails": .string(info.additionalDetails), "errorCategory": .string(info.errorCategory),
                    "recommendedAction": .string(info.recommendedAction),
                ])
            } ?? .null
        var members: [JSONMember] = [
            JSONMember("id", .string(id)),
            JSONMember("activityDateTime", .string(Timestamp.iso8601(activityTime))),
            JSONMember("tenantId", .string(tenantID)),
            JSONMember("jobId", .string(jobID)),
            JSONMember("cycleId", .string(cycleID)),
            JSONMember("changeId", .string(changeID)),
            JSONMember("durationInMilliseconds", .number(durationMilliseconds)),
            JSONMember("provisioningAction", .string(action)),
            JSONMember("provisioningStatusInfo", .object(["status": .string(status), "errorInformation": errorJSON])),
            JSONMember("provisioningSteps", .array(steps.map(\.json))),
            JSONMember(
                "initiatedBy",
                .object(["id": "", "displayName": "Azure AD Provisioning Service", "initiatorType": "system"])),
            JSONMember(
                "servicePrincipal",
                .object(["id": .string(servicePrincipalID), "displayName": .string(Self.servicePrincipalName)])),
            JSONMember("sourceIdentity", identity(id: sourceID, displayName: sourceDisplayName)),
            JSONMember(
                "sourceSystem",
                .object(["id": .string(servicePrincipalID), "displayName": "API", "details": .object([])])),
            JSONMember("targetIdentity", identity(id: targetID, displayName: targetDisplayName)),
            JSONMember(
                "targetSystem", .object(["id": "", "displayName": "Microsoft Entra ID", "details": .object([])])),
            JSONMember(
                "modifiedProperties",
                .array(
                    modifiedProperties.map { property in
                        .object([
                            "displayName": .string(property.displayName), "oldValue": .optional(property.oldValue),
                            "newValue": .optional(property.newValue),
                        ])
                    })),
        ]
        if beta {
            members.append(JSONMember("action", .string(action.prefix(1).uppercased() + action.dropFirst())))
            members.append(
                JSONMember(
                    "statusInfo",
                    .object([
                        "@odata.type": .string(
                            error == nil ? "#microsoft.graph.statusBase" : "#microsoft.graph.statusDetails"),
                        "status": .string(status), "errorCode": .optional(error?.errorCode),
                        "reason": .optional(error?.reason),
                        "additionalDetails": .optional(error?.additionalDetails),
                        "errorCategory": .optional(error?.errorCategory),
                        "recommendedAction": .optional(error?.recommendedAction),
                    ])))
        }
        return .object(members)
    }

    private func identity(id: String, displayName: String) -> JSON {
        .object([
            "id": .string(id), "displayName": .string(displayName), "identityType": "User", "details": .object([]),
        ])
    }
}

extension ProvisioningLogRow.Step {
    var json: JSON {
        .object([
            "name": .string(name), "provisioningStepType": .string(kind.rawValue), "status": .string(status),
            "description": .string(description),
            "details": .object(details.map { JSONMember($0.0, .string($0.1)) }),
        ])
    }
}
