import Foundation
import JSONDocument

/// The structural checks of a bulkUpload body, in a fixed order (auth, content type, JSON, schemas, Operations, each
/// operation). Only structure gives a 400; anything else is accepted and fails per record in the logs (docs/service.md,
/// "How the service treats records").
struct BulkRequestValidator: Sendable {
    static let bulkRequestURN = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
    static let coreUserURN = "urn:ietf:params:scim:schemas:core:2.0:User"
    static let maximumOperations = 50

    /// One operation that passed validation.
    struct Operation: Sendable {
        var isDelete: Bool
        var externalID: String
        var data: JSON
    }

    let allowDelete: Bool
    /// Test fault: a request holding one of these externalIds is answered 400, as for a malformed payload.
    var rejectedExternalIDs: Set<String> = []

    /// The operations, or the message of the 400 to send.
    func validate(contentType: String?, body: [UInt8]) -> Result<[Operation], BulkRequestError> {
        // application/scim+json is required (docs/service.md, "bulkUpload"); parameters such as charset are tolerated.
        let mediaType = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "application/scim+json" else { return .failure(.init("Invalid Data Format")) }
        let root: JSON
        do {
            root = try JSON.parse(body)
        } catch {
            return .failure(
                .init("Invalid Data Format: the body is not valid JSON (\(error.reason) at byte \(error.offset))."))
        }
        guard root.isObject else {
            return .failure(.init("Invalid Data Format: the body must be a JSON object (a SCIM BulkRequest)."))
        }
        guard root["schemas"] == .array([.string(Self.bulkRequestURN)]) else {
            return .failure(.init("The request 'schemas' must be exactly [\"\(Self.bulkRequestURN)\"]."))
        }
        guard let operations = root["Operations"]?.arrayValue else {
            return .failure(.init("The request must have an 'Operations' array (capital O)."))
        }
        guard !operations.isEmpty else { return .failure(.init("The request must contain at least one operation.")) }
        guard operations.count <= Self.maximumOperations else {
            return .failure(
                .init(
                    "The request contains \(operations.count) operations; the maximum is \(Self.maximumOperations) per "
                        + "request."
                ))
        }
        var valid: [Operation] = []
        valid.reserveCapacity(operations.count)
        for (index, operation) in operations.enumerated() {
            switch check(operation, index: index) {
            case .success(let checked): valid.append(checked)
            case .failure(let error): return .failure(error)
            }
        }
        return .success(valid)
    }

    private func check(_ operation: JSON, index: Int) -> Result<Operation, BulkRequestError> {
        let name = "Operations[\(index)]"
        guard operation.isObject else { return .failure(.init("\(name) must be an object.")) }
        let method = operation["method"]?.stringValue?.uppercased()
        let isDelete = method == "DELETE" && allowDelete
        guard method == "POST" || isDelete else {
            let shown = operation["method"]?.stringValue.map { "'\($0)'" } ?? "missing"
            let allowed = allowDelete ? "POST or DELETE" : "POST"
            return .failure(.init("\(name): method \(shown) is not supported; use \(allowed)."))
        }
        guard operation["path"]?.stringValue == "/Users" else {
            return .failure(.init("\(name): path must be \"/Users\"."))
        }
        guard let data = operation["data"], data.isObject else {
            return .failure(.init("\(name): 'data' must be an object holding the user."))
        }
        guard let externalID = data["externalId"]?.stringValue, !externalID.isEmpty else {
            return .failure(.init("\(name): data.externalId must be a non-empty string."))
        }
        guard data["schemas"]?.arrayValue?.contains(.string(Self.coreUserURN)) == true else {
            return .failure(.init("\(name): data.schemas must contain \"\(Self.coreUserURN)\"."))
        }
        if rejectedExternalIDs.contains(externalID) {
            return .failure(
                .init("Invalid Data Format: \(name): the record \(externalID) was refused (--reject-external-id)."))
        }
        return .success(Operation(isDelete: isDelete, externalID: externalID, data: data))
    }
}

/// A structural problem in a bulkUpload request; `message` goes into the Graph 400 envelope.
struct BulkRequestError: Error, Sendable, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}
