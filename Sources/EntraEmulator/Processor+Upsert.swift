import Foundation

extension Processor {
    /// The target values a record's mappings give, with the manager reference and the account state apart.
    struct Flowed {
        var values: [(target: String, value: String, source: MappingExpression?)] = []
        var managerReference: String?
        var enabled: Bool?
        /// Why `accountEnabled` came out false when the record lacks what its mapping reads, and the first such
        /// attribute (the import step shows it as `False`, as the service's logs show a missing `active`).
        var enabledNote: (text: String, attribute: String)?
        /// Targets to clear on update: their source attribute flows null values and the record has no value for it.
        var cleared: [String] = []
    }

    /// "Import from API": what was received, and what of it the job's schema does not have (the service drops that
    /// without a word; the emulator names it here and in its own log).
    mutating func importStep(_ record: SourceRecord, externalID: String, isDelete: Bool) -> ProvisioningLogRow.Step {
        var step = ProvisioningLogRow.Step(
            name: "Import from API", kind: .import, status: "success",
            description: "Received User '\(externalID)' from API", details: [("externalId", externalID)])
        guard !record.ignored.isEmpty, !isDelete else { return step }
        let list = record.ignored.joined(separator: ", ")
        let count = record.ignored.count
        step.description +=
            "; \(count) \(count == 1 ? "attribute is" : "attributes are") not in the job's schema"
            + " and \(count == 1 ? "was" : "were") ignored: \(list)"
        step.details.append(("ignoredAttributes", list))
        if verbose { notices.append("entra-emulator: User '\(externalID)': ignored, not in the job's schema: \(list)") }
        for name in record.ignored where reportedIgnoredAttributes.insert(name.lowercased()).inserted {
            notices.append(
                "entra-emulator: ignoring attribute '\(name)' (first sent for User '\(externalID)'): it is not an "
                    + "attribute of \(schema.sourceObjectName) in the job's schema, so the service drops it; add it "
                    + "to the schema (PUT …/synchronization/jobs/{id}/schema) to keep it")
        }
        return step
    }

    /// Creates or updates the User, or fails the record the way Entra would.
    mutating func upsert(
        _ row: ProvisioningLogRow, record: SourceRecord, existing: DirectoryUser?, directory: inout Directory
    ) -> ProvisioningLogRow {
        var row = row
        let externalID = row.sourceID
        let flowed = flow(record, creating: existing == nil)
        if let note = flowed.enabledNote, let index = row.steps.firstIndex(where: { $0.kind == .import }) {
            row.steps[index].description += "; \(note.text)"
            row.steps[index].details.append((note.attribute, "False"))
        }
        for item in flowed.values {
            guard let problem = EntraAttributeLimits.violation(target: item.target, value: item.value) else { continue }
            return fail(
                row, Self.invalidValue(target: item.target, value: item.value, problem: problem, source: item.source))
        }
        let userName = flowed.values.first { $0.target.caseInsensitiveCompare("userPrincipalName") == .orderedSame }?
            .value
        // Values unique in the tenant: held by another object (a seeded one included), the write fails.
        for item in flowed.values {
            let property = DirectoryUser.graphName(ofTarget: item.target)
            guard let holder = directory.holders(of: property, value: item.value, except: existing?.id).first,
                let user = directory.user(id: holder)
            else { continue }
            return fail(row, Self.conflict(property: property, value: item.value, holder: user))
        }
        var manager: (objectID: String, externalID: String)?
        var warning: ProvisioningLogRow.ErrorInfo?
        if let reference = flowed.managerReference {
            if let resolved = directory.processedUser(externalID: reference),
                reference.caseInsensitiveCompare(externalID) != .orderedSame
            {
                manager = (resolved.id, reference)
                row.steps.append(
                    .init(
                        name: "Resolve manager reference", kind: .referenceResolution, status: "success",
                        description: "Resolved manager '\(reference)' to User '\(resolved.id)'"))
            } else {
                let error = Self.unresolvedManager(reference, of: externalID)
                let status = unresolvedManager == .failure ? "failure" : "warning"
                row.steps.append(
                    .init(
                        name: "Resolve manager reference", kind: .referenceResolution, status: status,
                        description: error.reason,
                        details: [
                            ("PropertyName", "manager"), ("SkipReason", "UnableToResolveReferenceAttributeValue"),
                        ]))
                if unresolvedManager == .failure { return fail(row, error) }
                warning = error
            }
        }
        if recordFailureRate > 0, generator.unit() < recordFailureRate {
            return fail(row, randomFailure(userName: userName ?? externalID))
        }
        return write(row, flowed: flowed, manager: manager, existing: existing, warning: warning, directory: &directory)
    }

    /// Evaluates every mapping against the record (`ObjectAddOnly` ones only when the User is created).
    func flow(_ record: SourceRecord, creating: Bool) -> Flowed {
        var flowed = Flowed()
        for flow in schema.flows where creating || flow.flowType != "ObjectAddOnly" {
            let evaluated = flow.source?.evaluate(record.value)
            if !creating, evaluated?.isEmpty ?? true, clearsWhenEmpty(flow) {
                // "Clear attribute values": on update an absent, null or empty value clears the target, and the
                // mapping's default (a creation-time value) does not apply.
                flowed.cleared.append(flow.target)
                continue
            }
            guard let value = evaluated ?? flow.defaultValue, !value.isEmpty else { continue }
            if flow.target.caseInsensitiveCompare("manager") == .orderedSame {
                flowed.managerReference = value
                continue
            }
            if flow.target.caseInsensitiveCompare("accountEnabled") == .orderedSame {
                flowed.enabled = value.caseInsensitiveCompare("True") == .orderedSame
                let read = flow.source?.attributeNames ?? []
                if flowed.enabled == false, !read.isEmpty, read.allSatisfy({ record.value($0) == nil }) {
                    let names = read.map { "'\($0)'" }.joined(separator: ", ")
                    let text =
                        "the record has no \(names): the accountEnabled mapping "
                        + "\(flow.source?.text ?? "") gives False, so the User is disabled"
                    flowed.enabledNote = (text, read[0])
                }
            }
            flowed.values.append((flow.target, value, flow.source))
        }
        return flowed
    }

    /// The flow reads one source attribute directly, and the schema has that attribute flow null values (the
    /// emulator takes the source attribute's flag for both of the service's switches; docs/service.md). The account
    /// state and the manager reference are never cleared this way.
    private func clearsWhenEmpty(_ flow: SynchronizationSchema.Flow) -> Bool {
        guard case .attribute(let name)? = flow.source, schema.sourceAttribute(name)?.flowNullValues == true else {
            return false
        }
        return !["accountenabled", "manager"].contains(flow.target.lowercased())
    }

    private mutating func write(
        _ row: ProvisioningLogRow, flowed: Flowed, manager: (objectID: String, externalID: String)?,
        existing: DirectoryUser?, warning: ProvisioningLogRow.ErrorInfo?, directory: inout Directory
    ) -> ProvisioningLogRow {
        var row = row
        var attributes = flowed.values.map { ($0.target, $0.value) }
        if let manager { attributes.append(("manager", manager.objectID)) }
        // Omitted attributes keep their value: the service ignores absent and null values unless "flow null values"
        // is on for the attribute (docs/service.md, "bulkUpload"); those the flows cleared lose theirs.
        let apply = { (user: inout DirectoryUser) in
            for target in flowed.cleared { user.clear(target: target) }
            for (target, value) in attributes { user.set(target: target, to: value) }
        }
        let id: String
        if let existing {
            id = existing.id
            let old = attributes.compactMap { target, _ in existing.value(ofTarget: target).map { (target, $0) } }
            row.modifiedProperties =
                Self.difference(old: old, new: attributes)
                + flowed.cleared.compactMap { target in
                    existing.value(ofTarget: target).map { .init(displayName: target, oldValue: $0, newValue: nil) }
                }
            directory.update(id: id, apply)
        } else {
            id = GUID.make(using: &idGenerator)
            var user = DirectoryUser(id: id, userPrincipalName: nil)
            apply(&user)
            row.modifiedProperties = Self.difference(old: [], new: attributes)
            directory.insert(user)
        }
        directory.join(externalID: row.sourceID, to: id)
        let user = directory.user(id: id) ?? DirectoryUser(id: id, userPrincipalName: nil)
        // There is no "enable" action: enabling a disabled User (a rehire) is an update of accountEnabled.
        if let existing, existing.accountEnabled, !user.accountEnabled { row.action = "disable" }
        row.targetID = user.id
        row.targetDisplayName = user.displayName
        let verb = row.action == "create" ? "Created" : row.action == "disable" ? "Disabled" : "Updated"
        var description = "\(verb) User '\(user.id)' in Microsoft Entra ID"
        if row.action == "create", !user.accountEnabled { description += " (accountEnabled False)" }
        if warning != nil { description += " without its manager" }
        row.steps.append(.init(name: "Provision User", kind: .export, status: "success", description: description))
        if let warning {
            row.status = "warning"
            row.error = warning
        }
        return row
    }
}
