import Foundation
import JSONRecords
import Transport

/// The bearer token of an oauth2 source: requested from its token endpoint as its `TokenRequest` describes, kept until
/// shortly before it expires (`expires_in`), asked for again after a 401.
extension SourceRun {
    func currentToken() async throws(SourceError) -> String {
        let now = fetcher.time.now()
        if let token, token.expiresAt > now { return token.value }
        guard let request = configuration.auth.tokenRequest, let url = configuration.auth.tokenURL else {
            throw fail(.configuration("oauth2 needs a token endpoint"))
        }
        // The client secret goes only where the user pointed: https (http on loopback), no redirect elsewhere.
        let tokenOrigins = OriginPolicy(source: url, allowedHosts: [])
        if let problem = tokenOrigins.problem(with: url, what: "the token URL") { throw fail(problem) }
        let shown = display(url)
        let issued: (String, Double?)
        do {
            issued = try await exchange.perform(
                url: url, page: 0, expected: "a JSON object with a token at \(request.tokenPath)",
                origins: tokenOrigins,
                prepare: { target throws(SourceError) in tokenHTTPRequest(request, url: target) },
                interpret: { response, _ throws(SourceError) in try token(in: response, request, shown: shown) })
        } catch {
            switch error.kind {
            case .refused(_, let status, let detail), .failed(_, let status, let detail):
                throw fail(
                    .token(
                        url: shown,
                        detail: "refused the client credentials (HTTP \(status)\(detail.isEmpty ? "" : ": \(detail)"))")
                )
            default: throw error
            }
        }
        SecretRegistry.shared.register([issued.0])
        // Renewed a minute before it expires (half way for short lives), never trusted beyond a day unstated.
        let expiresAt = issued.1.map { $0 > 0 ? now + $0 - min(60, $0 / 2) : now } ?? .infinity
        token = (issued.0, expiresAt)
        fetcher.events?(.token(url: shown))
        return issued.0
    }

    /// The token and its lifetime in a token endpoint's answer.
    private func token(in response: HTTPResponse, _ request: TokenRequest, shown: String) throws(SourceError)
        -> SourceExchange.Outcome<(String, Double?)>
    {
        guard
            let record = try? JSONRecordReader(
                data: response.body, source: shown, options: JSONReaderOptions(format: .ndjson)
            ).next()
        else { return .malformed("the answer is not a JSON object") }
        guard let value = record[request.tokenPath]?.text, !value.isEmpty else {
            throw fail(.token(url: shown, detail: "answered without a token at \(request.tokenPath)"))
        }
        let lifetime = request.expiresInPath.flatMap { record[$0]?.text }.flatMap(Double.init)
        return .done((value, lifetime))
    }

    /// The token request: the grant, the client (in the fields or as basic auth), a refresh token if the grant needs
    /// one, and the extra fields; form-encoded or JSON.
    private func tokenHTTPRequest(_ request: TokenRequest, url: URL) -> HTTPRequest {
        var fields: [(String, String)] = []
        if let grant = request.grantType { fields.append(("grant_type", grant)) }
        var headers = ["Accept": "application/json", "User-Agent": "provision"]
        let clientID = configuration.auth.clientID ?? ""
        let secret = values[.clientSecret] ?? ""
        switch request.clientAuthentication {
        case .fields: fields += [("client_id", clientID), ("client_secret", secret)]
        case .basic: headers["Authorization"] = Self.basic(clientID, secret)
        }
        if request.grantType == "refresh_token" { fields.append(("refresh_token", values[.refreshToken] ?? "")) }
        fields += request.fields.sorted { $0.key < $1.key }
        let body: Data
        switch request.encoding {
        case .form:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = FormEncoding.body(fields)
        case .json:
            headers["Content-Type"] = "application/json"
            body = Data(
                ("{"
                    + fields.map { SourceURL.jsonString($0.0) + ": " + SourceURL.jsonString($0.1) }
                    .joined(separator: ", ") + "}").utf8)
        }
        return HTTPRequest(
            method: "POST", url: url, headers: headers, body: body,
            timeoutSeconds: fetcher.retry.requestTimeoutSeconds, maxSuccessBodyBytes: ResponseLimits.tokenBody,
            maxErrorBodyBytes: ResponseLimits.tokenBody)
    }
}
