import Foundation

/// The synchronization service behind bulkUpload (contract §5): applies accepted operations in arrival order,
/// matching on externalId, and writes one log row per operation.
struct Processor: Sendable {
    /// One accepted SCIM operation waiting to be processed.
    struct PendingOperation: Sendable {
        var isDelete: Bool
        var externalID: String
        var data: JSON
        var cycleID: String
        var dueTime: Double
    }

    /// A user in the emulated directory, keyed by externalId (↔ employeeId).
    struct DirectoryUser: Sendable {
        var objectID: String
        var userName: String?
        var displayName: String
        var enabled: Bool
        var attributes: [(String, String)]
    }

    static let enterpriseURN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    let jobID: String
    let servicePrincipalID: String
    let tenantID: String
    let recordFailureRate: Double
    let logDelaySeconds: Double
    private var queue: [PendingOperation] = []
    private var head = 0
    private(set) var directory: [String: DirectoryUser] = [:]
    /// Lower-cased userName → the externalId holding it, to detect UPN conflicts.
    private var userNameOwners: [String: String] = [:]
    private var generator: SeededGenerator
    /// Row, change and object ids, reproducible from the seed and independent of the failure draws.
    private var idGenerator: SeededGenerator
    private var nextSequence = 0

    init(configuration: EmulatorConfiguration, seed: UInt64) {
        jobID = configuration.jobID
        servicePrincipalID = configuration.servicePrincipalID
        tenantID = configuration.tenantID
        recordFailureRate = configuration.recordFailureRate
        logDelaySeconds = configuration.logDelaySeconds
        generator = SeededGenerator(seed: seed)
        idGenerator = SeededGenerator(seed: seed &+ 0x5EED)
    }

    /// Records accepted but not yet processed (what `--bucket-capacity` limits).
    var pendingCount: Int { queue.count - head }

    mutating func enqueue(_ operations: [PendingOperation]) { queue.append(contentsOf: operations) }

    /// Drops everything not yet processed (a restart of a job that is not running, contract §3.2).
    mutating func purgePending() {
        queue.removeAll()
        head = 0
    }

    /// Processes every operation due by `now`. Each is stamped with its due time, or with `resumedAt`
    /// if the job was paused until later, so the outcome does not depend on when the drain happens to run.
    mutating func drain(now: Double, resumedAt: Double, into store: inout ProvisioningLogStore) -> Int {
        var processed = 0
        while head < queue.count, queue[head].dueTime <= now {
            let operation = queue[head]
            head += 1
            store.append(process(operation, at: max(operation.dueTime, resumedAt)))
            processed += 1
        }
        if head > 4096, head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
        return processed
    }

    private mutating func process(_ operation: PendingOperation, at time: Double) -> ProvisioningLogRow {
        let externalID = operation.externalID
        let existing = directory[externalID]
        let displayName = operation.data["displayName"]?.stringValue ?? existing?.displayName ?? ""
        nextSequence += 1
        var row = ProvisioningLogRow(
            sequence: nextSequence, id: GUID.make(using: &idGenerator), activityTime: time, visibleAt: time + logDelaySeconds,
            jobID: jobID, cycleID: operation.cycleID, changeID: GUID.make(using: &idGenerator),
            durationMilliseconds: 40 + nextSequence % 160, action: existing == nil ? "create" : "update", status: "success",
            error: nil, steps: [], sourceID: externalID, sourceDisplayName: displayName,
            targetID: existing?.objectID ?? "", targetDisplayName: existing?.displayName ?? "", modifiedProperties: [],
            servicePrincipalID: servicePrincipalID, tenantID: tenantID)
        row.steps.append(.init(
            name: "Import from API", kind: .import, status: "success",
            description: "Received User '\(externalID)' from API", details: [("externalId", externalID)]))
        row.steps.append(.init(
            name: "Match user", kind: .matching, status: "success",
            description: existing == nil
                ? "No User in Microsoft Entra ID has employeeId '\(externalID)'; a new User will be created"
                : "Matched User '\(existing!.objectID)' on employeeId '\(externalID)'"))
        row.steps.append(.init(name: "Determine if User is in scope", kind: .scoping, status: "success", description: "User is in scope"))
        if operation.isDelete { return delete(row, existing: existing) }

        var warning: ProvisioningLogRow.ErrorInfo?
        if let manager = operation.data[Self.enterpriseURN]?["manager"]?["value"]?.stringValue, !manager.isEmpty {
            if let resolved = directory[manager] {
                row.steps.append(.init(
                    name: "Resolve manager reference", kind: .referenceResolution, status: "success",
                    description: "Resolved manager '\(manager)' to User '\(resolved.objectID)'"))
            } else {
                let reason = "The manager reference '\(manager)' could not be resolved: no User with that externalId has been processed yet."
                row.steps.append(.init(name: "Resolve manager reference", kind: .referenceResolution, status: "warning", description: reason))
                warning = .init(
                    errorCode: "UnresolvedManagerReference", reason: reason, additionalDetails: "manager=\(manager)",
                    errorCategory: "nonServiceFailure",
                    recommendedAction: "Send the manager's record before (or with) the user's, then resend the user.")
            }
        }
        let userName = operation.data["userName"]?.stringValue
        if let userName, let owner = userNameOwners[userName.lowercased()], owner != externalID {
            return fail(row, .init(
                errorCode: "AzureActiveDirectoryConflictingObjects",
                reason: "Another User (employeeId '\(owner)') already has userPrincipalName '\(userName)'.",
                additionalDetails: "userPrincipalName=\(userName)", errorCategory: "nonServiceFailure",
                recommendedAction: "Give each record a unique userName, or fix the existing User's employeeId."))
        }
        if recordFailureRate > 0, generator.unit() < recordFailureRate {
            return fail(row, randomFailure(userName: userName ?? externalID))
        }
        return apply(row, operation: operation, existing: existing, warning: warning)
    }

    private mutating func apply(
        _ row: ProvisioningLogRow, operation: PendingOperation, existing: DirectoryUser?, warning: ProvisioningLogRow.ErrorInfo?
    ) -> ProvisioningLogRow {
        var row = row
        let active = operation.data["active"]
        let enabled = !(active == .bool(false) || active?.stringValue?.lowercased() == "false")
        let attributes = Self.flatten(operation.data)
        let userName = operation.data["userName"]?.stringValue
        var user = existing ?? DirectoryUser(
            objectID: GUID.make(using: &idGenerator), userName: nil, displayName: "", enabled: true, attributes: [])
        if existing != nil, user.enabled, !enabled { row.action = "disable" }
        row.modifiedProperties = Self.difference(old: existing?.attributes ?? [], new: attributes)
        if let old = user.userName, old.lowercased() != userName?.lowercased() { userNameOwners[old.lowercased()] = nil }
        if let userName { userNameOwners[userName.lowercased()] = operation.externalID }
        user.userName = userName ?? user.userName
        user.displayName = row.sourceDisplayName
        user.enabled = enabled
        user.attributes = Self.merge(old: existing?.attributes ?? [], new: attributes)
        directory[operation.externalID] = user
        row.targetID = user.objectID
        row.targetDisplayName = user.displayName
        let verb = row.action == "create" ? "Created" : row.action == "disable" ? "Disabled" : "Updated"
        row.steps.append(.init(
            name: "Provision User", kind: .export, status: "success",
            description: "\(verb) User '\(user.objectID)' in Microsoft Entra ID"))
        if let warning {
            row.status = "warning"
            row.error = warning
        }
        return row
    }

    private mutating func delete(_ row: ProvisioningLogRow, existing: DirectoryUser?) -> ProvisioningLogRow {
        var row = row
        row.action = "delete"
        guard let existing else {
            row.status = "skipped"
            row.error = .init(
                errorCode: "EntrySynchronizationSkipped", reason: "No User with employeeId '\(row.sourceID)' exists; nothing to delete.",
                additionalDetails: "", errorCategory: "nonServiceFailure", recommendedAction: "None.")
            row.steps.append(.init(name: "Provision User", kind: .export, status: "skipped", description: row.error!.reason))
            return row
        }
        directory[row.sourceID] = nil
        if let userName = existing.userName { userNameOwners[userName.lowercased()] = nil }
        row.steps.append(.init(
            name: "Provision User", kind: .export, status: "success",
            description: "Soft-deleted User '\(existing.objectID)' in Microsoft Entra ID"))
        return row
    }

    private func fail(_ row: ProvisioningLogRow, _ error: ProvisioningLogRow.ErrorInfo) -> ProvisioningLogRow {
        var row = row
        row.status = "failure"
        row.error = error
        row.steps.append(.init(name: "Provision User", kind: .export, status: "failure", description: error.reason))
        return row
    }

    /// contract §2.4 / §5: the failures API-driven jobs actually report.
    private mutating func randomFailure(userName: String) -> ProvisioningLogRow.ErrorInfo {
        let domain = userName.split(separator: "@").last.map(String.init) ?? userName
        if generator.next() % 3 == 2 {
            return .init(
                errorCode: "InternalError", reason: "An internal error occurred while processing the User; it is retried in about 40 minutes.",
                additionalDetails: "", errorCategory: "failure", recommendedAction: "None; resend the record if it keeps failing.")
        }
        return .init(
            errorCode: "AzureActiveDirectoryInvalidUserPrincipalName",
            reason: "The userPrincipalName '\(userName)' is invalid: the domain '\(domain)' does not exist in the tenant.",
            additionalDetails: "userPrincipalName=\(userName)", errorCategory: "nonServiceFailure",
            recommendedAction: "Add and verify the domain in the tenant, or change the userName mapping.")
    }
}
