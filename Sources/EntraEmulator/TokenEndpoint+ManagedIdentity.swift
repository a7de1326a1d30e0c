import EmulatorKit
import Foundation
import JSONDocument

extension TokenEndpoint {
    /// IMDS `GET /metadata/identity/oauth2/token` (docs/service.md, "Managed identity"): requires `Metadata: true`;
    /// numbers are strings.
    func handleIMDS(_ request: HTTPRequestMessage) -> HTTPResponseMessage {
        let now = state.clock.now()
        state.applyLatency()
        guard request.method == "GET" else {
            return managedError(405, "invalid_request", "Only GET is supported.", now)
        }
        guard request.header("Metadata") == "true" else {
            return managedError(400, "bad_request_102", "Required metadata header not specified", now)
        }
        let query = request.query
        guard query["api-version"] != nil else {
            return managedError(400, "invalid_request", "Required query variable 'api-version' is missing", now)
        }
        guard let resource = query["resource"], !resource.isEmpty else {
            return managedError(400, "invalid_request", "Required audience parameter not specified", now)
        }
        let lifetime = state.configuration.tokenLifetimeSeconds
        let body: JSON = .object([
            "access_token": .string(issueToken(audience: resource, now: now)), "refresh_token": "",
            "expires_in": .string(String(lifetime)), "expires_on": .string(String(Int(now) + lifetime)),
            "not_before": .string(String(Int(now))), "resource": .string(resource), "token_type": "Bearer",
            "client_id": .string(state.configuration.clientID),
        ])
        return HTTPResponseMessage(status: 200, headers: Self.noStoreHeaders(now: now), body: body.serialized)
    }

    /// App Service `GET /msi/token` (docs/service.md, "Managed identity"): requires `X-IDENTITY-HEADER`; `expires_on`
    /// only, as a string.
    func handleAppService(_ request: HTTPRequestMessage) -> HTTPResponseMessage {
        let now = state.clock.now()
        state.applyLatency()
        guard request.method == "GET" else {
            return managedError(405, "invalid_request", "Only GET is supported.", now)
        }
        guard let header = request.header("X-IDENTITY-HEADER") else {
            return managedError(400, "invalid_request", "The X-IDENTITY-HEADER header is missing.", now)
        }
        guard header == state.configuration.identityHeader else {
            return managedError(
                401, "invalid_request", "The X-IDENTITY-HEADER header does not match IDENTITY_HEADER.", now)
        }
        guard let resource = request.query["resource"], !resource.isEmpty else {
            return managedError(400, "invalid_request", "Required audience parameter 'resource' not specified", now)
        }
        let body: JSON = .object([
            "access_token": .string(issueToken(audience: resource, now: now)),
            "expires_on": .string(String(Int(now) + state.configuration.tokenLifetimeSeconds)),
            "resource": .string(resource),
            "token_type": "Bearer", "client_id": .string(state.configuration.clientID),
        ])
        return HTTPResponseMessage(status: 200, headers: Self.noStoreHeaders(now: now), body: body.serialized)
    }

    private func managedError(_ status: Int, _ error: String, _ description: String, _ now: Double)
        -> HTTPResponseMessage
    {
        let body: JSON = .object(["error": .string(error), "error_description": .string(description)])
        return HTTPResponseMessage(status: status, headers: Self.noStoreHeaders(now: now), body: body.serialized)
    }
}
