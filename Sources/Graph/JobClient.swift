import Foundation
import JSONDocument
import Transport

/// Reads a synchronization job (`GET …/synchronization/jobs/{jobId}`) and reads or replaces its schema
/// (`GET`/`PUT …/jobs/{jobId}/schema`), docs/service.md "Synchronization job and schema".
///
/// One token refresh on 401; 429, 5xx and network errors are tried `maxAttempts` times in all, waiting as
/// Retry-After says, but never longer than `maxWait` (a longer wait ends the call as `.unavailable`).
package final class JobClient: Sendable {
    package static let readPermission = "Synchronization.Read.All"
    package static let writePermission = "Synchronization.ReadWrite.All"
    /// The largest job or schema answer read: a schema with every attribute is a few hundred KB, so 4 MB leaves
    /// room to spare, and a larger answer is refused unread (the transport stops reading at the cap).
    package static let maxBodyBytes = 4 << 20

    /// The job resource, `…/servicePrincipals/{id}/synchronization/jobs/{jobId}`.
    package let jobURL: URL
    private let exchange: GraphExchange

    package init(
        jobURL: URL, transport: any HTTPTransport, tokens: any AccessTokenProvider, time: any TimeSource,
        maxAttempts: Int = 3, maxWait: Double = 60, requests: GraphRequest = GraphRequest()
    ) {
        self.jobURL = jobURL
        exchange = GraphExchange(
            transport: transport, tokens: tokens, time: time, requests: requests, maxAttempts: max(1, maxAttempts),
            maxWait: maxWait, service: "Microsoft Graph")
    }

    package var schemaURL: URL { jobURL.appendingPathComponent("schema") }

    package func job() async throws(JobClientError) -> SynchronizationJob {
        let response = try await send("GET", jobURL, permission: Self.readPermission)
        return SynchronizationJob(try json(response, what: "a synchronization job"))
    }

    package func schema() async throws(JobClientError) -> JobSchema {
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
    package func replaceSchema(_ schema: JobSchema) async throws(JobClientError) {
        _ = try await send(
            "PUT", schemaURL, body: schema.body, contentType: "application/json", permission: Self.writePermission)
    }

    private func json(_ response: HTTPResponse, what: String) throws(JobClientError) -> JSON {
        guard !response.bodyTruncated else {
            throw .unexpected(
                status: response.status,
                detail:
                    "the answer is larger than \(Self.maxBodyBytes >> 20) MB, more than \(what) needs (a schema with "
                    + "every attribute is a few hundred KB); it was not read")
        }
        guard let document = try? JSON.parse(response.body), document.isObject else {
            throw .unexpected(status: response.status, detail: "the answer is not \(what)")
        }
        return document
    }

    private func send(
        _ method: String, _ url: URL, body: Data? = nil, contentType: String? = nil, permission: String
    ) async throws(JobClientError) -> HTTPResponse {
        do {
            return try await exchange.send(
                method, url, body: body, contentType: contentType, maxSuccessBodyBytes: Self.maxBodyBytes)
        } catch {
            switch error {
            case .unauthorized(let detail): throw .unauthorized(detail)
            case .forbidden(let code): throw .forbidden(code: code, permission: permission)
            case .refused(404, let graph): throw .notFound("\(graph.code): \(graph.message)")
            case .refused(400, let graph): throw .rejected(code: graph.code, message: graph.message)
            case .refused(let status, let graph):
                throw .unexpected(status: status, detail: "\(graph.code): \(graph.message)")
            case .unavailable(let detail): throw .unavailable(detail)
            case .unexpected(let status, let detail): throw .unexpected(status: status, detail: detail)
            }
        }
    }
}
