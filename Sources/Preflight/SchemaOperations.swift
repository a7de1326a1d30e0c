import Foundation
import Graph
import SCIM
import Transport

/// The job's schema for `schema show | diff | apply`: read, compared with what a mapping sends, and added to.
package struct SchemaOperations: Sendable {
    let client: JobClient

    /// - Parameters:
    ///   - jobURL: the synchronization job resource.
    ///   - maxAttempts: tries of each request in all.
    package init(
        jobURL: URL, transport: any HTTPTransport, tokens: any AccessTokenProvider, time: any TimeSource,
        userAgent: String, timeoutSeconds: Int, maxAttempts: Int = 3
    ) {
        client = JobClient(
            jobURL: jobURL, transport: transport, tokens: tokens, time: time, maxAttempts: maxAttempts,
            requests: GraphRequest(userAgent: userAgent, timeoutSeconds: timeoutSeconds))
    }

    package func read() async throws(JobClientError) -> JobSchema { try await client.schema() }

    /// What `paths` send compared with the job's schema as it is now.
    package func compare(_ paths: [AttributePath]) async throws(JobClientError) -> SchemaDiff {
        SchemaDiff(sending: paths, schema: try await client.schema())
    }

    /// Why the schema was not changed, or not as asked.
    package enum ApplyFailure: Error, Sendable, LocalizedError {
        /// The job's client failed (read or write).
        case client(JobClientError)
        /// The attributes cannot be added to this schema (it has no source object to add them to, say).
        case cannotAdd(JobSchemaError)
        /// Written, but read back without them: `missingList` names what is still missing.
        case stillMissing(missingList: String)

        package var message: String {
            switch self {
            case .client(let error): error.localizedDescription
            case .cannotAdd(let error): "cannot add the attributes: \(error)"
            case .stillMissing(let list): "the job's schema was written, but still lacks \(list) when read again"
            }
        }

        package var errorDescription: String? { message }
    }

    /// The read-modify-write of `schema apply`: read the schema again right before writing (PUT replaces the whole
    /// schema, so it must start from the newest one), add what `paths` send and it lacks, write it, and read it back
    /// to see that it holds them now.
    package func apply(sending paths: [AttributePath]) async throws(ApplyFailure) {
        let current: JobSchema
        do {
            current = try await client.schema()
        } catch {
            throw .client(error)
        }
        let changed: JobSchema
        do {
            changed = try SchemaDiff(sending: paths, schema: current).applied(to: current)
        } catch {
            throw .cannotAdd(error)
        }
        let after: SchemaDiff
        do {
            try await client.replaceSchema(changed)
            after = SchemaDiff(sending: paths, schema: try await client.schema())
        } catch {
            throw .client(error)
        }
        guard after.missing.isEmpty else { throw .stillMissing(missingList: after.missingList) }
    }
}
