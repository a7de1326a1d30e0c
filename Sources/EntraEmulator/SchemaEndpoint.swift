import EmulatorKit
import Foundation
import JSONDocument

/// `GET` and `PUT /{v1.0|beta}/servicePrincipals/{sp}/synchronization/jobs/{job}/schema`: read the job's
/// synchronization schema, or replace it whole (204). docs/service.md, "Synchronization job and schema".
struct SchemaEndpoint: Sendable {
    /// Reading the schema: either synchronization role, or an app that owns the provisioning app.
    static let readRoles: Set<String> = [
        "Synchronization.Read.All", "Synchronization.ReadWrite.All", "Application.ReadWrite.OwnedBy",
    ]
    static let writeRoles: Set<String> = ["Synchronization.ReadWrite.All"]

    let state: EmulatorState

    func handle(
        _ request: HTTPRequestMessage, version: String, servicePrincipal: String, job: String
    )
        -> HTTPResponseMessage
    {
        let now = state.clock.now()
        guard request.method == "GET" || request.method == "PUT" else {
            return GraphResponse.error(
                405, code: "MethodNotAllowed",
                message: "The HTTP method '\(request.method)' is not allowed for this resource; use GET or PUT.",
                for: request, now: now)
        }
        let roles = request.method == "GET" ? Self.readRoles : Self.writeRoles
        if case .denied(let response) = GraphAuthorization(state: state).authorize(
            request, requiredRoles: roles, now: now)
        {
            return response
        }
        let configuration = state.configuration
        guard servicePrincipal.caseInsensitiveCompare(configuration.servicePrincipalID) == .orderedSame else {
            return GraphResponse.error(
                404, code: "Request_ResourceNotFound",
                message: "Resource '\(servicePrincipal)' does not exist or one of its queried reference-property "
                    + "objects are not present.",
                for: request, now: now)
        }
        guard job.caseInsensitiveCompare(configuration.jobID) == .orderedSame else {
            return GraphResponse.error(
                404, code: "NotFound", message: "The synchronization job '\(job)' was not found.",
                for: request, now: now)
        }
        return request.method == "GET" ? read(request, version: version, now: now) : replace(request, now: now)
    }

    private func read(_ request: HTTPRequestMessage, version: String, now: Double) -> HTTPResponseMessage {
        let schema = state.withModel { $0.processor.schema }
        let configuration = state.configuration
        let context =
            "\(state.baseURL)/\(version)/$metadata#servicePrincipals('\(configuration.servicePrincipalID)')"
            + "/synchronization/jobs('\(configuration.jobID)')/schema/$entity"
        guard case .object(let members) = schema.document else {
            return GraphResponse.json(200, schema.document, for: request, now: now)
        }
        return GraphResponse.json(
            200, .object([JSONMember("@odata.context", .string(context))] + members),
            for: request, now: now)
    }

    private func replace(_ request: HTTPRequestMessage, now: Double) -> HTTPResponseMessage {
        let document: JSON
        do {
            document = try JSON.parse(request.body)
        } catch {
            return badRequest("The schema is not valid JSON (\(error.reason) at byte \(error.offset)).", request, now)
        }
        let jobID = state.configuration.jobID
        let outcome = state.withModel { model -> SchemaError? in
            do throws(SchemaError) {
                let version = model.processor.schema.version + 1
                let next = try SynchronizationSchema(document: document, id: jobID, version: version)
                model.processor.replaceSchema(next)
                return nil
            } catch {
                return error
            }
        }
        if let outcome { return badRequest("Invalid synchronization schema: \(outcome.message)", request, now) }
        return GraphResponse.empty(204, for: request, now: now)
    }

    private func badRequest(_ message: String, _ request: HTTPRequestMessage, _ now: Double) -> HTTPResponseMessage {
        GraphResponse.error(400, code: "BadRequest", message: message, for: request, now: now)
    }
}
