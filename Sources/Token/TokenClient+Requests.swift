import Foundation
import Transport

/// Building the request for each kind of credential (docs/service.md, "Tokens").
extension TokenClient {
    struct PreparedRequest {
        var request: HTTPRequest
        /// Values made or read at request time that must be scrubbed from errors too (the signed or federated
        /// assertion).
        var extraSecrets: [String]
    }

    func prepareRequest() throws -> PreparedRequest {
        switch credential {
        case .clientSecret(let tenantID, let clientID, let secret):
            let request = try formPost(
                tenantID: tenantID,
                fields: [
                    ("client_id", clientID), ("scope", cloud.scope), ("grant_type", "client_credentials"),
                    ("client_secret", secret),
                ])
            return PreparedRequest(request: request, extraSecrets: [])
        case .clientCertificate(let tenantID, let clientID, let certificate):
            // The audience is exactly the URL the assertion is posted to; a new one is signed for each request.
            let url = try tokenURL(tenantID: tenantID)
            let assertion: String
            do {
                assertion = try ClientAssertion.sign(
                    certificate, clientID: clientID, audience: url.absoluteString, now: wallClock())
            } catch {
                throw TokenError.certificate(error)
            }
            let request = try formPost(
                tenantID: tenantID,
                fields: [
                    ("client_id", clientID), ("scope", cloud.scope), ("grant_type", "client_credentials"),
                    ("client_assertion_type", ClientAssertion.type), ("client_assertion", assertion),
                ])
            return PreparedRequest(request: request, extraSecrets: [assertion])
        case .federatedToken(let tenantID, let clientID, let tokenFile):
            // docs/service.md, "Tokens": kubelet and CI rotate the file, so it is read for every request, never cached.
            let assertion = try Self.readAssertion(tokenFile)
            let request = try formPost(
                tenantID: tenantID,
                fields: [
                    ("client_id", clientID), ("scope", cloud.scope), ("grant_type", "client_credentials"),
                    ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                    ("client_assertion", assertion),
                ])
            return PreparedRequest(request: request, extraSecrets: [assertion])
        case .managedIdentityIMDS(let endpoint, let clientID):
            // docs/service.md, "Managed identity": `resource` without /.default; the header value is lower-case `true`.
            var query = [("api-version", "2018-02-01"), ("resource", cloud.resource)]
            if let clientID, !clientID.isEmpty { query.append(("client_id", clientID)) }
            let request = try get(endpoint, query: query, headers: ["Metadata": "true"])
            return PreparedRequest(request: request, extraSecrets: [])
        case .managedIdentityAppService(let endpoint, let identityHeader, let clientID):
            var query = [("resource", cloud.resource), ("api-version", "2019-08-01")]
            if let clientID, !clientID.isEmpty { query.append(("client_id", clientID)) }
            let request = try get(endpoint, query: query, headers: ["X-IDENTITY-HEADER": identityHeader])
            return PreparedRequest(request: request, extraSecrets: [])
        case .preIssued:
            preconditionFailure("a pre-issued token is never requested")
        }
    }

    private func tokenURL(tenantID: String) throws -> URL {
        guard let url = cloud.tokenEndpoint(tenantID: tenantID) else {
            throw TokenError.malformedResponse(
                httpStatus: 0, detail: "no valid token URL can be formed from \(cloud.authorityHost.absoluteString)")
        }
        return url
    }

    private func formPost(tenantID: String, fields: [(String, String)]) throws -> HTTPRequest {
        let url = try tokenURL(tenantID: tenantID)
        return HTTPRequest(
            method: "POST", url: url,
            headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"],
            body: FormEncoding.body(fields), timeoutSeconds: retry.requestTimeoutSeconds,
            maxSuccessBodyBytes: ResponseLimits.tokenBody, maxErrorBodyBytes: ResponseLimits.tokenBody)
    }

    private func get(_ endpoint: URL, query: [(String, String)], headers: [String: String]) throws -> HTTPRequest {
        guard let url = FormEncoding.url(endpoint, appending: query) else {
            throw TokenError.managedIdentity(httpStatus: 0, message: "the endpoint \(endpoint) is not a usable URL")
        }
        var allHeaders = headers
        allHeaders["Accept"] = "application/json"
        return HTTPRequest(
            method: "GET", url: url, headers: allHeaders, timeoutSeconds: retry.requestTimeoutSeconds,
            maxSuccessBodyBytes: ResponseLimits.tokenBody, maxErrorBodyBytes: ResponseLimits.tokenBody)
    }

    /// The assertion, whitespace-trimmed (files written by `echo` end in a newline).
    static func readAssertion(_ path: String) throws -> String {
        guard !path.isEmpty else {
            throw TokenError.federatedTokenFile(path: path, reason: "no path was given")
        }
        // Never blocks: a FIFO at the path is refused, not waited on, at every token request.
        let data: Data
        do {
            data = try RegularFile.read(path, limit: ResponseLimits.tokenBody)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? error.description : "it does not exist"
            throw TokenError.federatedTokenFile(path: path, reason: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TokenError.federatedTokenFile(path: path, reason: "it is not UTF-8 text")
        }
        let assertion = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !assertion.isEmpty else {
            throw TokenError.federatedTokenFile(path: path, reason: "it is empty")
        }
        return assertion
    }
}
