import Foundation
import Transport

/// Reads a synchronization job (`GET …/synchronization/jobs/{jobId}`) and reads or replaces its schema
/// (`GET`/`PUT …/jobs/{jobId}/schema`), docs/service.md "Synchronization job and schema".
///
/// One token refresh on 401; 429, 5xx and network errors are tried `maxAttempts` times in all, waiting as
/// Retry-After says, but never longer than `maxWait` (a longer wait ends the call as `.unavailable`).
public final class JobClient: Sendable {
    public static let readPermission = "Synchronization.Read.All"
    public static let writePermission = "Synchronization.ReadWrite.All"
    /// The largest job or schema answer read (a schema with every attribute is a few hundred KB).
    public static let maxBodyBytes = 16 << 20

    /// The job resource, `…/servicePrincipals/{id}/synchronization/jobs/{jobId}`.
    public let jobURL: URL
    private let transport: any HTTPTransport
    private let tokens: any AccessTokenProvider
    private let time: any TimeSource
    private let maxAttempts: Int
    private let maxWait: Double
    private let requests: GraphRequest
    private let backoff = Backoff(base: 2, cap: 30)

    public init(
        jobURL: URL, transport: any HTTPTransport, tokens: any AccessTokenProvider, time: any TimeSource,
        maxAttempts: Int = 3, maxWait: Double = 60, requests: GraphRequest = GraphRequest()
    ) {
        self.jobURL = jobURL
        self.transport = transport
        self.tokens = tokens
        self.time = time
        self.maxAttempts = max(1, maxAttempts)
        self.maxWait = maxWait
        self.requests = requests
    }

    public var schemaURL: URL { jobURL.appendingPathComponent("schema") }

    public func job() async throws(JobClientError) -> SynchronizationJob {
        let response = try await send("GET", jobURL, permission: Self.readPermission)
        return SynchronizationJob(try json(response, what: "a synchronization job"))
    }

    public func schema() async throws(JobClientError) -> JobSchema {
        let response = try await send("GET", schemaURL, permission: Self.readPermission)
        do {
            return try JobSchema(document: try json(response, what: "a synchronization schema"))
        } catch let error as JobClientError {
            throw error
        } catch {
            throw .unexpected(status: response.status, detail: "the job's schema cannot be read: \(error)")
        }
    }

    /// Replaces the whole schema with `schema` (204 No Content).
    public func replaceSchema(_ schema: JobSchema) async throws(JobClientError) {
        _ = try await send(
            "PUT", schemaURL, body: schema.body, contentType: "application/json", permission: Self.writePermission)
    }

    private func json(_ response: HTTPResponse, what: String) throws(JobClientError) -> GraphJSON {
        guard !response.bodyTruncated else {
            throw .unexpected(status: response.status, detail: "an answer larger than \(Self.maxBodyBytes >> 20) MB")
        }
        guard let document = try? GraphJSON.parse(response.body), document.isObject else {
            throw .unexpected(status: response.status, detail: "the answer is not \(what)")
        }
        return document
    }

    private func send(
        _ method: String, _ url: URL, body: Data? = nil, contentType: String? = nil, permission: String
    ) async throws(JobClientError) -> HTTPResponse {
        var refreshed = false
        var attempt = 0
        while true {
            attempt += 1
            let token: String
            do {
                token = try await tokens.token()
                SecretRegistry.shared.register([token])
            } catch {
                throw .unauthorized(ServerText.clean(error.localizedDescription))
            }
            let request = requests.make(
                method, url, token: token, body: body, contentType: contentType, maxSuccessBodyBytes: Self.maxBodyBytes)
            let response: HTTPResponse
            do {
                response = try await transport.send(request)
            } catch {
                if case TransportError.cancelled = error { throw .unavailable("cancelled") }
                let failure = GraphError(transportFailure: error).message
                guard attempt < maxAttempts else { throw .unavailable(failure) }
                try await pause(backoff.delay(attempt: attempt), header: nil)
                continue
            }
            if response.isHTML { throw .unexpected(status: response.status, detail: GraphError.htmlMessage(response)) }
            let error = GraphError(response: response)
            switch response.status {
            case 200...299:
                return response
            case 401 where !refreshed:
                refreshed = true
                await tokens.invalidate(token)
            case 401:
                throw .unauthorized("\(error.code): \(error.message)")
            case 403:
                throw .forbidden(code: response.body.isEmpty ? nil : error.code, permission: permission)
            case 404:
                throw .notFound("\(error.code): \(error.message)")
            case 400:
                throw .rejected(code: error.code, message: error.message)
            case 429, 500, 502, 503, 504:
                guard attempt < maxAttempts else {
                    throw .unavailable("HTTP \(response.status) after \(attempt) attempts: \(error.message)")
                }
                let header = response.header("Retry-After")
                try await pause(RetryAfter.seconds(from: header) ?? backoff.delay(attempt: attempt), header: header)
            default:
                throw .unexpected(status: response.status, detail: "\(error.code): \(error.message)")
            }
        }
    }

    /// Waits `seconds`, unless a server asked for more than `maxWait` (its Retry-After `header` is named).
    private func pause(_ seconds: Double, header: String?) async throws(JobClientError) {
        if seconds > maxWait, let header {
            throw .unavailable(
                "asked to wait \(Int(seconds)) s (Retry-After: \(ServerText.clean(header, limit: 60))), longer than "
                    + "the \(Int(maxWait)) s allowed; try again later")
        }
        do { try await time.sleep(seconds: seconds) } catch { throw .unavailable("cancelled") }
    }
}
