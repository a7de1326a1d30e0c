import EmulatorKit
import Foundation
import JSONDocument

/// The synchronization service behind bulkUpload: applies accepted operations in arrival order to the tenant's
/// directory, matching externalId to employeeId through the job's schema, and writes one log row per operation
/// (docs/service.md, "How the service treats records").
struct Processor: Sendable {
    /// One accepted SCIM operation waiting to be processed.
    struct PendingOperation: Sendable {
        var isDelete: Bool
        var externalID: String
        var data: JSON
        var cycleID: String
        var dueTime: Double
    }

    let jobID: String
    let servicePrincipalID: String
    let tenantID: String
    let recordFailureRate: Double
    let logDelaySeconds: Double
    private var queue: [PendingOperation] = []
    private var head = 0
    var generator: SeededGenerator
    /// Row, change and object ids, reproducible from the seed and independent of the failure draws.
    var idGenerator: SeededGenerator
    private var nextSequence = 0
    /// The job's current schema: what a record may carry and where each value goes.
    private(set) var schema: SynchronizationSchema
    let unresolvedManager: EmulatorConfiguration.UnresolvedManagerOutcome
    let verbose: Bool
    /// Lines for the emulator's own log (stderr), taken by `EmulatorState` once its lock is released.
    var notices: [String] = []
    /// Ignored attribute names (lower-cased) already reported, so the log names each once per schema.
    var reportedIgnoredAttributes: Set<String> = []

    init(configuration: EmulatorConfiguration, seed: UInt64) {
        jobID = configuration.jobID
        servicePrincipalID = configuration.servicePrincipalID
        tenantID = configuration.tenantID
        recordFailureRate = configuration.recordFailureRate
        logDelaySeconds = configuration.logDelaySeconds
        generator = SeededGenerator(seed: seed)
        idGenerator = SeededGenerator(seed: seed &+ 0x5EED)
        schema = .apiToEntraDefault(jobID: configuration.jobID)
        unresolvedManager = configuration.unresolvedManager
        verbose = configuration.verbose
    }

    /// PUT …/schema: records processed from now on follow `new`, queued ones included.
    mutating func replaceSchema(_ new: SynchronizationSchema) {
        schema = new
        reportedIgnoredAttributes = []
    }

    /// Records accepted but not yet processed (what `--bucket-capacity` limits).
    var pendingCount: Int { queue.count - head }

    /// Keeps the queue in due-time order, so that with a processing delay records are processed in the order their
    /// requests arrived even when a later arrival was judged first (its thread got the lock sooner): the service
    /// processes in arrival order, and a manager reference resolves only to a user processed before it.
    mutating func enqueue(_ operations: [PendingOperation]) {
        guard let due = operations.first?.dueTime else { return }
        var index = queue.count
        while index > head, queue[index - 1].dueTime > due { index -= 1 }
        queue.insert(contentsOf: operations, at: index)
    }

    /// Drops everything not yet processed (a restart of a job that is not running; docs/service.md,
    /// "Synchronization job and schema").
    mutating func purgePending() {
        queue.removeAll()
        head = 0
    }

    /// Processes every operation due by `now`. Each is stamped with its due time, or with `resumedAt`
    /// if the job was paused until later, so the outcome does not depend on when the drain happens to run.
    mutating func drain(
        now: Double, resumedAt: Double, directory: inout Directory, into store: inout ProvisioningLogStore
    ) -> Int {
        var processed = 0
        while head < queue.count, queue[head].dueTime <= now {
            let operation = queue[head]
            head += 1
            store.append(process(operation, at: max(operation.dueTime, resumedAt), directory: &directory))
            processed += 1
        }
        if head > 4096, head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
        return processed
    }

    private mutating func process(
        _ operation: PendingOperation, at time: Double, directory: inout Directory
    ) -> ProvisioningLogRow {
        let externalID = operation.externalID
        let match = directory.match(externalID: externalID)
        var existing: DirectoryUser?
        if case .one(let user) = match { existing = user }
        let displayName = operation.data["displayName"]?.stringValue ?? existing?.displayName ?? ""
        nextSequence += 1
        var row = ProvisioningLogRow(
            sequence: nextSequence, id: GUID.make(using: &idGenerator), activityTime: time,
            visibleAt: time + logDelaySeconds, jobID: jobID, cycleID: operation.cycleID,
            changeID: GUID.make(using: &idGenerator), durationMilliseconds: 40 + nextSequence % 160,
            action: existing == nil ? "create" : "update", status: "success", error: nil, steps: [],
            sourceID: externalID, sourceDisplayName: displayName, targetID: existing?.id ?? "",
            targetDisplayName: existing?.displayName ?? "", modifiedProperties: [],
            servicePrincipalID: servicePrincipalID, tenantID: tenantID)
        let record = SourceRecord(operation.data, schema: schema)
        row.steps.append(importStep(record, externalID: externalID, isDelete: operation.isDelete))
        if case .many(let ids) = match {
            // Matching fails before anything is written: no scoping or export step follows.
            let error = Self.duplicateTargets(externalID, ids: ids)
            row.action = "other"
            row.status = "failure"
            row.error = error
            row.steps.append(.init(name: "Match user", kind: .matching, status: "failure", description: error.reason))
            return row
        }
        row.steps.append(
            .init(
                name: "Match user", kind: .matching, status: "success",
                description: existing.map { "Matched User '\($0.id)' on employeeId '\(externalID)'" }
                    ?? "No User in Microsoft Entra ID has employeeId '\(externalID)'; a new User will be created"))
        row.steps.append(
            .init(
                name: "Determine if User is in scope", kind: .scoping, status: "success",
                description: "User is in scope"))
        if operation.isDelete { return delete(row, existing: existing, directory: &directory) }
        return upsert(row, record: record, existing: existing, directory: &directory)
    }

    mutating func delete(
        _ row: ProvisioningLogRow, existing: DirectoryUser?, directory: inout Directory
    ) -> ProvisioningLogRow {
        var row = row
        row.action = "delete"
        guard let existing else {
            row.status = "skipped"
            row.error = .init(
                errorCode: "EntrySynchronizationSkipped",
                reason: "No User with employeeId '\(row.sourceID)' exists; nothing to delete.",
                additionalDetails: "", errorCategory: "nonServiceFailure", recommendedAction: "None.")
            row.steps.append(
                .init(name: "Provision User", kind: .export, status: "skipped", description: row.error!.reason))
            return row
        }
        directory.remove(id: existing.id)
        row.steps.append(
            .init(
                name: "Provision User", kind: .export, status: "success",
                description: "Soft-deleted User '\(existing.id)' in Microsoft Entra ID"))
        return row
    }

    func fail(_ row: ProvisioningLogRow, _ error: ProvisioningLogRow.ErrorInfo) -> ProvisioningLogRow {
        var row = row
        row.status = "failure"
        row.error = error
        row.steps.append(.init(name: "Provision User", kind: .export, status: "failure", description: error.reason))
        return row
    }

    /// The failures API-driven jobs actually report (docs/service.md, "Provisioning logs").
    mutating func randomFailure(userName: String) -> ProvisioningLogRow.ErrorInfo {
        let domain = userName.split(separator: "@").last.map(String.init) ?? userName
        if generator.next() % 3 == 2 {
            return .init(
                errorCode: "InternalError",
                reason: "An internal error occurred while processing the User; it is retried in about 40 minutes.",
                additionalDetails: "", errorCategory: "failure",
                recommendedAction: "Resend the record if it keeps failing.")
        }
        return .init(
            errorCode: "AzureActiveDirectoryInvalidUserPrincipalName",
            reason:
                "The userPrincipalName '\(userName)' is invalid: the domain '\(domain)' does not exist in the tenant.",
            additionalDetails: "userPrincipalName=\(userName)", errorCategory: "nonServiceFailure",
            recommendedAction: "Add and verify the domain in the tenant, or change the userName mapping.")
    }
}
