/// Something a tenant-aware plan found about one record before it is sent.
package enum DirectoryFinding: Sendable, Equatable {
    /// Why a manager reference will stay unresolved.
    package enum ManagerGap: String, Sendable, Equatable {
        /// No record in the file, none in the state and no user in the directory has that externalId.
        case notFound
        /// The record names itself.
        case isSelf
        /// The manager's own record in this file is predicted to fail.
        case managerFails
        /// The manager's record comes after this one in the sending order.
        case sentAfter
    }

    /// `value` of `property` is held by another object of the directory (`record`: the record of this file matched to
    /// that object, if any): the write fails.
    case valueHeld(DirectoryProperty, value: String, by: DirectoryObject, record: String?)
    /// Another record of this file writes the same value: the one sent first gets it (`keeps`), the other fails.
    case valueInFile(DirectoryProperty, value: String, record: String, keeps: Bool)
    case managerUnresolved(reference: String, ManagerGap)
    /// The manager exists in the directory but was never sent through this job: the reference resolves only if the
    /// job's matching finds it, i.e. once the manager's record is processed by the job.
    case managerOutsideJob(reference: String, manager: DirectoryObject)
    /// The manager exists in the directory, and without a state nothing tells whether this job has processed it: the
    /// reference resolves only if it has.
    case managerInDirectory(reference: String, manager: DirectoryObject)
    /// The matched account's userPrincipalName changes.
    case rename(old: String?, new: String)
    /// More than one user has the record's matching value: the job cannot tell which to update.
    case duplicateMatch(value: String, objectIds: [String])
    /// The state says this job sent the person before, yet no user has their matching value.
    case notFoundAlthoughSent(value: String)

    /// Whether the service will fail the record for it.
    package var failsRecord: Bool {
        switch self {
        case .valueHeld, .duplicateMatch: true
        case .valueInFile(_, _, _, let keeps): !keeps
        default: false
        }
    }

    /// A stable name for reports: `collision`, `collisionInFile`, `managerUnresolved`, `managerOutsideJob`,
    /// `managerInDirectory`, `rename`, `duplicateMatch`, `notFoundAlthoughSent`.
    package var kind: String {
        switch self {
        case .valueHeld: "collision"
        case .valueInFile: "collisionInFile"
        case .managerUnresolved: "managerUnresolved"
        case .managerOutsideJob: "managerOutsideJob"
        case .managerInDirectory: "managerInDirectory"
        case .rename: "rename"
        case .duplicateMatch: "duplicateMatch"
        case .notFoundAlthoughSent: "notFoundAlthoughSent"
        }
    }

    /// One sentence saying what was found and what follows from it.
    package func message(matchingAttribute: String = "employeeId") -> String {
        switch self {
        case .valueHeld(let property, let value, let object, let record):
            let matched = record.map { ", the account of record '\($0)'" } ?? ""
            return "\(property.rawValue) '\(value)' is already used by \(object.description)\(matched): the service "
                + "refuses to write a value another object holds, so the record fails"
        case .valueInFile(let property, let value, let record, let keeps):
            return keeps
                ? "\(property.rawValue) '\(value)' is also sent by record '\(record)', later in the sending order: "
                    + "that record fails"
                : "\(property.rawValue) '\(value)' is also sent by record '\(record)', which is sent first and gets "
                    + "it: this record fails"
        case .managerUnresolved(let reference, let gap):
            let why =
                switch gap {
                case .notFound:
                    "matches no record in the file, no record in the state and no user in the directory"
                case .isSelf: "is the record itself"
                case .managerFails: "has a record in this file that is predicted to fail"
                case .sentAfter: "is sent after this record"
                }
            return "manager '\(reference)' \(why): the reference will stay unresolved"
        case .managerOutsideJob(let reference, let manager):
            return "manager '\(reference)' exists in the directory (\(manager.description)) but was never sent "
                + "through this job: the reference resolves only if the job's matching finds it, once the manager's "
                + "own record is sent"
        case .managerInDirectory(let reference, let manager):
            return "manager '\(reference)' exists in the directory (\(manager.description)), but without a state "
                + "(--state) nothing tells whether this job has processed it: the reference resolves only if it has"
        case .rename(let old, let new):
            return "the matched account's userPrincipalName changes from '\(old ?? "")' to '\(new)' (a rename)"
        case .duplicateMatch(let value, let ids):
            return "\(ids.count) users have \(matchingAttribute) '\(value)' (\(ids.joined(separator: ", "))): the job "
                + "cannot tell which to update, so the record fails"
        case .notFoundAlthoughSent(let value):
            return "this job sent the person before, but no user has \(matchingAttribute) '\(value)': a new account "
                + "will be created (the old one was deleted, or its \(matchingAttribute) changed)"
        }
    }
}
