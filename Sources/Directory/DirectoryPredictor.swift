/// Predicts, for each record, what the job will do with it and what will go wrong, from what the directory reads found
/// (docs/service.md, "The directory and the job"): a pure function of the records (in the order they will be sent),
/// the index and the state's knowledge.
///
/// It follows the service's processing record by record: a record matches the one user whose matching attribute
/// equals its matching value (ignoring case; two or more make it fail); a userPrincipalName, mail (held as mail or
/// as a proxy address) or mailNickname another object holds, or an earlier record of the file took, fails it and
/// nothing is written; otherwise it creates or updates the account, enabling a disabled one when it is active and
/// disabling an enabled one when it is not, and what it writes is taken for the records after it. A manager
/// reference resolves only to a person the job has processed: sent earlier in this file (and not failing) or in an
/// earlier run (the state).
package struct DirectoryPredictor: Sendable {
    package var index: DirectoryIndex
    /// Target attributes the job writes only when it creates the account (`flowType` `ObjectAddOnly`).
    package var addOnlyAttributes: Set<String>
    /// Whether the caller has a state (`knownToState` can say who this job has processed). Without one, a manager
    /// found only in the directory may or may not have been processed by the job (`managerInDirectory`).
    package var hasState = true

    package init(index: DirectoryIndex, addOnlyAttributes: [String] = []) {
        self.index = index
        self.addOnlyAttributes = Set(addOnlyAttributes.map { $0.lowercased() })
    }

    /// - Parameter knownToState: whether the state knows (this job has sent) the person with that externalId.
    package func predict(_ records: [PlannedRecord], knownToState: (String) -> Bool) -> [DirectoryPrediction] {
        var directory = SimulatedDirectory(index: index, records: records)
        var predictions: [DirectoryPrediction] = []
        predictions.reserveCapacity(records.count)
        var positions: [String: Int] = [:]
        // Where each record is in the sending order, to name the first of a clash and to place managers.
        for record in records {
            let position = predictions.count
            if positions[record.externalId.lowercased()] == nil { positions[record.externalId.lowercased()] = position }
            let prediction = predict(record, in: &directory)
            for finding in prediction.findings {
                guard case .valueInFile(let property, let value, let other, false) = finding,
                    let first = positions[other.lowercased()]
                else { continue }
                predictions[first].findings.append(
                    .valueInFile(property, value: value, record: record.externalId, keeps: true))
            }
            predictions.append(prediction)
        }
        for (position, record) in records.enumerated() {
            guard let finding = managerFinding(record, at: position, positions, predictions, knownToState) else {
                continue
            }
            predictions[position].findings.append(finding)
        }
        return predictions
    }

    private func predict(_ record: PlannedRecord, in directory: inout SimulatedDirectory) -> DirectoryPrediction {
        let value = record.matchingValue(index.matchingAttribute)
        let matches = index.users(matching: value)
        var prediction = DirectoryPrediction(externalId: record.externalId, outcome: .create)
        guard matches.count <= 1 else {
            prediction.outcome = .ambiguous
            prediction.findings.append(.duplicateMatch(value: value, objectIds: matches.map(\.id).sorted()))
            return prediction
        }
        let user = matches.first
        if user == nil, record.sentBefore { prediction.findings.append(.notFoundAlthoughSent(value: value)) }
        let written = record.values.filter { user == nil || !addOnlyAttributes.contains($0.key.lowercased()) }
        let unique = PlannedRecord(externalId: record.externalId, values: written).uniqueValues
        for (property, text) in unique {
            for holder in directory.holders(of: property, text, exceptUser: user?.id, exceptRecord: record.externalId) {
                switch holder {
                case .user(let other, writtenBy: nil):
                    prediction.findings.append(
                        .valueHeld(
                            property, value: text, by: other.object,
                            record: directory.recordOfUser[other.id.lowercased()]))
                case .user(_, writtenBy: let other?), .record(let other):
                    prediction.findings.append(.valueInFile(property, value: text, record: other, keeps: false))
                }
            }
        }
        guard let user else {
            prediction.changes = Self.changes(from: nil, written: written, active: record.active, readable: nil)
            if !prediction.fails { directory.create(record: record.externalId, values: unique) }
            return prediction
        }
        prediction.objectId = user.id
        prediction.changes = Self.changes(
            from: user, written: written, active: record.active, readable: index.attributes)
        if let new = written.first(where: { DirectoryProperty(target: $0.key) == .userPrincipalName })?.value
            .flatMap({ $0 }), !new.isEmpty, new != user.userPrincipalName
        {
            prediction.findings.append(.rename(old: user.userPrincipalName, new: new))
        }
        let enabled = prediction.changes.first { $0.attribute.lowercased() == "accountenabled" }
        prediction.outcome =
            switch (enabled?.old, enabled?.new) {
            case ("False"?, "True"?): .enable
            case ("True"?, "False"?): .disable
            default: prediction.changes.isEmpty ? .noChange : .update
            }
        if !prediction.fails { directory.update(user, record: record.externalId, values: unique) }
        return prediction
    }

    /// What the write changes, in attribute order: every value that differs from the account's (exactly, as the
    /// logs compare), a cleared value the account has, and the account state from `active`. Attributes not read
    /// (`readable`) have no known old value and are left out of an update.
    static func changes(
        from user: DirectoryUser?, written: [String: String?], active: Bool?, readable: Set<String>?
    ) -> [DirectoryPrediction.Change] {
        var changes: [DirectoryPrediction.Change] = []
        for (attribute, new) in written.sorted(by: { $0.key.lowercased() < $1.key.lowercased() }) {
            let lower = attribute.lowercased()
            guard lower != "accountenabled", lower != "manager" else { continue }
            guard let user else {
                if let new, !new.isEmpty { changes.append(.init(attribute: attribute, old: nil, new: new)) }
                continue
            }
            guard readable?.contains(lower) ?? true else { continue }
            let old = user.value(ofTarget: attribute)
            if let new, !new.isEmpty {
                if old != new { changes.append(.init(attribute: attribute, old: old, new: new)) }
            } else if let old {
                changes.append(.init(attribute: attribute, old: old, new: nil))
            }
        }
        if let active {
            let new = active ? "True" : "False"
            let old = user.map { $0.accountEnabled ? "True" : "False" }
            if old != new { changes.append(.init(attribute: "accountEnabled", old: old, new: new)) }
        }
        return changes
    }

    private func managerFinding(
        _ record: PlannedRecord, at position: Int, _ positions: [String: Int], _ predictions: [DirectoryPrediction],
        _ knownToState: (String) -> Bool
    ) -> DirectoryFinding? {
        guard let reference = record.manager, !reference.isEmpty else { return nil }
        if reference.caseInsensitiveCompare(record.externalId) == .orderedSame {
            return .managerUnresolved(reference: reference, .isSelf)
        }
        // Processed in an earlier run: the job knows it, whatever happens to its record now.
        if knownToState(reference) { return nil }
        if let managerPosition = positions[reference.lowercased()] {
            if predictions[managerPosition].fails { return .managerUnresolved(reference: reference, .managerFails) }
            return managerPosition < position ? nil : .managerUnresolved(reference: reference, .sentAfter)
        }
        if let manager = index.users(matching: reference).first {
            return hasState
                ? .managerOutsideJob(reference: reference, manager: manager.object)
                : .managerInDirectory(reference: reference, manager: manager.object)
        }
        return .managerUnresolved(reference: reference, .notFound)
    }
}
