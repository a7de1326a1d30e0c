import CommandReference
import Foundation
import Graph
import JSONDocument
import SCIM
import Sync
import Token
import Transport

/// `provision check`: a pre-flight for first-time setup and CI smoke tests. Configuration, a token, the app roles
/// it carries, the job's state, and whether the job's schema has every attribute the mapping sends.
struct CheckCommand: Command {
    static let spec = CommandSpecs.check

    let context: CommandContext

    static let uploadRoles = ["SynchronizationData-User.Upload", "SynchronizationData-User.Upload.OwnedBy"]
    static let logRoles = ["AuditLog.Read.All", "ProvisioningLog.Read.All"]

    struct Finding: Encodable {
        let check: String
        let result: String  // ok, warning, error
        let detail: String
    }

    func run() async -> ExitStatus {
        var findings: [Finding] = []
        let status = await perform(&findings)
        if context.arguments.flag("json") {
            struct Output: Encodable {
                let ready: Bool
                let findings: [Finding]
                let exitStatus: Int32
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data =
                (try? encoder.encode(Output(ready: status == .success, findings: findings, exitStatus: status.rawValue)))
                ?? Data()
            context.console.out(String(decoding: data, as: UTF8.self) + "\n")
        } else {
            for finding in findings { context.console.line("\(finding.result): \(finding.check): \(finding.detail)") }
            context.console.line(status == .success ? "ready to upload" : "not ready (exit \(status.rawValue))")
        }
        return status
    }

    private func perform(_ findings: inout [Finding]) async -> ExitStatus {
        guard let resolver = context.settings else { return .internalError }
        let sent: (paths: [AttributePath], source: String)?
        switch SchemaCommand.sentPaths(context) {
        case .success(let value): sent = value
        case .failure(let failure):
            findings.append(Finding(check: "mapping", result: "error", detail: "cannot be used (see above)"))
            return failure.status
        }
        let settings: UploadSettings
        do {
            settings = try UploadSettings.resolve(resolver, environment: context.environment)
        } catch {
            findings.append(Finding(check: "configuration", result: "error", detail: error.message))
            return error.status
        }
        let endpoint = settings.endpoint
        findings.append(
            Finding(
                check: "configuration", result: "ok",
                detail: "endpoint \(endpoint.url.absoluteString) (\(endpoint.version), job \(endpoint.jobId)); "
                    + "credential: \(CredentialSummary.describe(settings.credential))"))
        for warning in settings.warnings {
            findings.append(Finding(check: "credential", result: "warning", detail: warning))
        }
        let time = SystemTimeSource()
        let transport = URLSessionTransport(maxConnectionsPerHost: 2)
        let client = TokenClient(
            credential: settings.credential, cloud: settings.cloud, transport: transport, time: time)
        let token: AccessToken
        do {
            token = try await client.fetch()
        } catch {
            let unreachable = (error as? TokenError)?.isAuthenticationFailure == false
            findings.append(Finding(check: "token", result: "error", detail: error.localizedDescription))
            return unreachable ? .unavailable : .authentication
        }
        findings.append(
            Finding(
                check: "token", result: "ok",
                detail: "obtained from \(settings.cloud.authorityHost.absoluteString) for \(settings.cloud.scope)"))
        var status = ExitStatus.success
        if let claims = TokenClaims.decode(token.value) {
            let roles = claims.roles
            if roles.contains(where: Self.uploadRoles.contains) {
                findings.append(
                    Finding(
                        check: "permissions", result: "ok", detail: "roles: \(roles.sorted().joined(separator: ", "))"))
            } else {
                findings.append(
                    Finding(
                        check: "permissions", result: "error",
                        detail:
                            "the token lacks SynchronizationData-User.Upload (roles: "
                            + "\(roles.isEmpty ? "none" : roles.sorted().joined(separator: ", "))); grant the "
                            + "application permission with admin consent"
                    ))
                status = .authentication
            }
            if !roles.contains(where: Self.logRoles.contains) {
                findings.append(
                    Finding(
                        check: "permissions", result: "warning",
                        detail:
                            "no AuditLog.Read.All or ProvisioningLog.Read.All: 'provision status' cannot read "
                            + "per-record outcomes"
                    ))
            }
        } else {
            findings.append(
                Finding(
                    check: "permissions", result: "warning", detail: "the token is not a JWT; its roles cannot be read")
            )
        }
        let jobs = JobClient(
            jobURL: endpoint.jobURL, transport: transport, tokens: FixedToken(token.value), time: time, maxAttempts: 2,
            requests: GraphRequest(userAgent: settings.upload.userAgent, timeoutSeconds: 30))
        status = worse(status, await checkJob(jobs, endpoint: endpoint, findings: &findings))
        return worse(status, await checkSchema(jobs, sent: sent, findings: &findings))
    }

    private func checkJob(
        _ client: JobClient, endpoint: BulkUploadEndpoint, findings: inout [Finding]
    ) async -> ExitStatus {
        let job: SynchronizationJob
        do {
            job = try await client.job()
        } catch {
            switch error {
            case .forbidden(let code, _):
                findings.append(
                    Finding(
                        check: "job", result: "warning",
                        detail:
                            "the token cannot read the job (403\(code.map { " \($0)" } ?? "")); its state is unknown "
                            + "(reading it needs \(JobClient.readPermission))"))
                return .success
            case .unauthorized(let detail):
                findings.append(
                    Finding(
                        check: "job", result: "warning",
                        detail: "the token cannot read the job (\(detail)); its state is unknown"))
                return .success
            case .unavailable(let detail):
                findings.append(
                    Finding(
                        check: "job", result: "error",
                        detail: "\(endpoint.jobURL.absoluteString) is unreachable: \(detail)"))
            default:
                findings.append(Finding(check: "job", result: "error", detail: error.localizedDescription))
            }
            return error.exitStatus
        }
        if job.isActive {
            findings.append(Finding(check: "job", result: "ok", detail: "\(endpoint.jobId) is Active"))
            return .success
        }
        var detail = "\(endpoint.jobId) is \(job.statusCode)"
        if let reason = job.quarantineReason {
            detail += ": \(reason)" + (job.quarantineMessage.map { " (\($0))" } ?? "")
        }
        detail +=
            job.statusCode == "Paused"
            ? "; uploads are accepted but not processed until the job is started (Provisioning > Start provisioning)"
            : "; uploads queue up and may end in 'bucket full' until this is fixed"
        findings.append(Finding(check: "job", result: "error", detail: detail))
        return .someRowsFailed
    }

    /// The job's schema: readable, and (given a mapping) holding every attribute the mapping sends.
    private func checkSchema(
        _ client: JobClient, sent: (paths: [AttributePath], source: String)?, findings: inout [Finding]
    ) async -> ExitStatus {
        let schema: JobSchema
        do {
            schema = try await client.schema()
        } catch {
            let detail: String
            if case .forbidden(let code, _) = error {
                detail =
                    "the token cannot read the job's schema (403\(code.map { " \($0)" } ?? "")); attributes "
                    + "are not checked (reading it needs \(JobClient.readPermission))"
            } else {
                detail =
                    "the job's schema could not be read (\(error.localizedDescription)); "
                    + "attributes are not checked"
            }
            findings.append(Finding(check: "schema", result: "warning", detail: detail))
            return .success
        }
        guard let sent else {
            findings.append(
                Finding(
                    check: "schema", result: "ok",
                    detail: "readable: \(schema.attributes.count) attributes of \(schema.sourceObject); "
                        + "give --mapping FILE to compare a mapping with it"))
            return .success
        }
        let diff = SchemaDiff(sending: sent.paths, schema: schema)
        guard !diff.missing.isEmpty else {
            findings.append(
                Finding(
                    check: "schema", result: "ok", detail: "every attribute \(sent.source) sends is in the job's schema"
                ))
            return .success
        }
        let count = diff.missing.count
        let ignored = context.arguments.flag("ignore-unknown-attributes")
        let subject = count == 1 ? "1 attribute in your mapping is" : "\(count) attributes in your mapping are"
        findings.append(
            Finding(
                check: "schema", result: ignored ? "warning" : "error",
                detail: "\(subject) not in the job's schema; run `provision schema apply`: \(diff.missingList)"))
        return ignored ? .success : .dataError
    }

    /// The status that matters more: configuration and auth problems before an inactive job.
    private func worse(_ a: ExitStatus, _ b: ExitStatus) -> ExitStatus {
        let rank: [ExitStatus: Int] = [
            .success: 0, .someRowsFailed: 1, .dataError: 2, .unavailable: 3, .authentication: 4, .configuration: 5,
        ]
        return (rank[a] ?? 6) >= (rank[b] ?? 6) ? a : b
    }
}

/// The one token `check` already obtained, for the job and schema reads that follow (a 401 is not retried).
struct FixedToken: AccessTokenProvider {
    let value: String
    init(_ value: String) { self.value = value }
    func token() async throws -> String { value }
    func invalidate(_ rejected: String) async {}
}
