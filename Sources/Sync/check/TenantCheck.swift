import Configuration
import Foundation
import Graph
import Preflight
import Token
import Transport

/// `provision check`: whether a tenant is ready for uploads. The configuration, a token and the app roles it carries,
/// the job's state, and whether the job's schema has every attribute the mapping sends, each as a finding, and the
/// status that wins by `ExitStatus.combined(with:)`. Given its transport and clock like `StatusRun`.
package struct TenantCheck: Sendable {
    package struct Finding: Encodable, Sendable {
        package let check: String
        package let result: String  // ok, warning, error
        package let detail: String

        package init(check: String, result: String, detail: String) {
            self.check = check
            self.result = result
            self.detail = detail
        }
    }

    package struct Outcome: Sendable {
        package let findings: [Finding]
        package let status: ExitStatus
    }

    static let uploadRoles = ["SynchronizationData-User.Upload", "SynchronizationData-User.Upload.OwnedBy"]
    static let logRoles = ["AuditLog.Read.All", "ProvisioningLog.Read.All"]

    package let settings: UploadSettings
    /// What the mapping sends, to compare with the job's schema; nil checks only that the schema can be read.
    package let sent: SentAttributes?
    /// Attributes the job's schema lacks are a warning, not an error.
    package var ignoreUnknownAttributes = false
    /// The command that adds what the schema lacks, as the finding names it.
    package var schemaApplyCommand = SchemaCheck.genericApplyCommand
    /// `--directory`: whether the tenant's users can be read, and with an export, its records' predicted outcomes
    /// counted (`DirectoryCount`); nil: the directory is not read.
    package var directory: DirectoryCount?

    package enum DirectoryCount: Sendable {
        /// Only whether the users can be read (no export given).
        case readable
        /// The predicted outcomes of this export's records.
        case export(ExportJob)
    }
    let transport: any HTTPTransport
    let time: any TimeSource

    package init(settings: UploadSettings, sent: SentAttributes?, transport: any HTTPTransport, time: any TimeSource) {
        self.settings = settings
        self.sent = sent
        self.transport = transport
        self.time = time
    }

    package func run() async -> Outcome {
        var findings: [Finding] = []
        let status = await run(&findings)
        return Outcome(findings: findings, status: status)
    }

    private func run(_ findings: inout [Finding]) async -> ExitStatus {
        let endpoint = settings.endpoint
        findings.append(
            Finding(
                check: "configuration", result: "ok",
                detail: "endpoint \(endpoint.url.absoluteString) (\(endpoint.version), job \(endpoint.jobId)); "
                    + "credential: \(CredentialSummary.describe(settings.credential))"))
        for warning in settings.warnings {
            findings.append(Finding(check: "credential", result: "warning", detail: warning))
        }
        let client = TokenClient(
            credential: settings.credential, cloud: settings.cloud, transport: transport, time: time,
            retry: settings.tokenRetry)
        let token: AccessToken
        do {
            token = try await client.fetch()
        } catch {
            findings.append(Finding(check: "token", result: "error", detail: error.localizedDescription))
            return ExitStatus(.tokenUnobtainable(error))
        }
        findings.append(
            Finding(
                check: "token", result: "ok",
                detail: "obtained from \(settings.cloud.authorityHost.absoluteString) for \(settings.cloud.scope)"))
        var status = ExitStatus(.completed)
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
                status = ExitStatus(.roleMissing)
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
            jobURL: endpoint.jobURL, transport: transport, tokens: ObtainedToken(token.value), time: time,
            maxAttempts: 2,
            requests: GraphRequest(userAgent: settings.upload.userAgent, timeoutSeconds: 30))
        status = status.combined(with: await checkJob(jobs, endpoint: endpoint, findings: &findings))
        let (schemaStatus, schema) = await checkSchema(jobs, sent: sent, findings: &findings)
        status = status.combined(with: schemaStatus)
        if let directory {
            status = status.combined(
                with: await checkDirectory(directory, schema: schema, token: token.value, findings: &findings))
        }
        return status
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
            return ExitStatus(failure: error)
        }
        if job.isActive {
            findings.append(Finding(check: "job", result: "ok", detail: "\(endpoint.jobId) is Active"))
            return ExitStatus(.completed)
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
        return ExitStatus(.jobInactive)
    }

    /// The job's schema: readable, and (given a mapping) holding every attribute the mapping sends.
    private func checkSchema(
        _ client: JobClient, sent: SentAttributes?, findings: inout [Finding]
    ) async -> (ExitStatus, JobSchema?) {
        do {
            let schema = try await client.schema()
            return (checkSchema(schema, sent: sent, findings: &findings), schema)
        } catch {
            // A token that may not read it is said as a warning (as for the job). Anything else, an
            // HTML page, garbage, a Graph error in a 200, an answer too large, means the tenant is not ready.
            switch error {
            case .forbidden(let code, _):
                let detail =
                    "the token cannot read the job's schema (403\(code.map { " \($0)" } ?? "")); attributes "
                    + "are not checked (reading it needs \(JobClient.readPermission))"
                findings.append(Finding(check: "schema", result: "warning", detail: detail))
                return (ExitStatus(.completed), nil)
            case .unauthorized(let detail):
                findings.append(
                    Finding(
                        check: "schema", result: "warning",
                        detail: "the token cannot read the job's schema (\(detail)); attributes are not checked"))
                return (ExitStatus(.completed), nil)
            default:
                let detail =
                    "the job's schema could not be read (\(error.localizedDescription)); attributes are not checked"
                findings.append(Finding(check: "schema", result: "error", detail: detail))
                return (ExitStatus(failure: error), nil)
            }
        }
    }

    /// Whether `schema` has every attribute the mapping sends.
    private func checkSchema(_ schema: JobSchema, sent: SentAttributes?, findings: inout [Finding]) -> ExitStatus {
        guard let sent else {
            findings.append(
                Finding(
                    check: "schema", result: "ok",
                    detail: "readable: \(schema.attributes.count) attributes of \(schema.sourceObject); "
                        + "give --mapping FILE to compare a mapping with it"))
            return ExitStatus(.completed)
        }
        let diff = SchemaDiff(sending: sent.paths, schema: schema)
        guard !diff.missing.isEmpty else {
            findings.append(
                Finding(
                    check: "schema", result: "ok", detail: "every attribute \(sent.source) sends is in the job's schema"
                ))
            return ExitStatus(.completed)
        }
        let count = diff.missing.count
        let ignored = ignoreUnknownAttributes
        let subject = count == 1 ? "1 attribute in your mapping is" : "\(count) attributes in your mapping are"
        findings.append(
            Finding(
                check: "schema", result: ignored ? "warning" : "error",
                detail: "\(subject) not in the job's schema; run `\(schemaApplyCommand)`: \(diff.missingList)"))
        return ignored ? ExitStatus(.completed) : ExitStatus(.schemaLacks(refused: true))
    }
}
