import Foundation
import Sync
import Token
import Transport

/// `provision check`: a pre-flight for first-time setup and CI smoke tests. Configuration, a token, the app roles
/// it carries, and the job's state (contract §3.1).
struct CheckCommand: Command {
    static let spec = CommandSpec(
        name: "check",
        abstract: "Pre-flight: configuration, token, permissions and the provisioning job's state.",
        discussion: "Exit: 0 ready; 1 the job is not active (paused or quarantined, with the reason); 69 unreachable; 77 authentication or a missing permission; 78 configuration.",
        options: [.init(name: "json", valueName: nil, help: "Print the findings as JSON.")] + CommandCatalog.connectionOptions,
        examples: [("provision check --config provision.json", "smoke-test a tenant before the first upload")])


    let context: CommandContext

    static let uploadRoles = ["SynchronizationData-User.Upload", "SynchronizationData-User.Upload.OwnedBy"]
    static let logRoles = ["AuditLog.Read.All", "ProvisioningLog.Read.All"]

    struct Finding: Encodable {
        let check: String
        let result: String   // ok, warning, error
        let detail: String
    }

    func run() async -> ExitStatus {
        var findings: [Finding] = []
        let status = await perform(&findings)
        if context.arguments.flag("json") {
            struct Output: Encodable { let ready: Bool; let findings: [Finding]; let exitStatus: Int32 }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = (try? encoder.encode(Output(ready: status == .success, findings: findings, exitStatus: status.rawValue))) ?? Data()
            context.console.out(String(decoding: data, as: UTF8.self) + "\n")
        } else {
            for finding in findings { context.console.line("\(finding.result): \(finding.check): \(finding.detail)") }
            context.console.line(status == .success ? "ready to upload" : "not ready (exit \(status.rawValue))")
        }
        return status
    }

    private func perform(_ findings: inout [Finding]) async -> ExitStatus {
        guard let resolver = context.settings else { return .internalError }
        let settings: UploadSettings
        do {
            settings = try UploadSettings.resolve(resolver, environment: context.environment)
        } catch {
            findings.append(Finding(check: "configuration", result: "error", detail: error.message))
            return error.status
        }
        let endpoint = settings.endpoint
        findings.append(Finding(
            check: "configuration", result: "ok",
            detail: "endpoint \(endpoint.url.absoluteString) (\(endpoint.version), job \(endpoint.jobId)); "
                + "credential: \(CredentialSummary.describe(settings.credential))"))
        for warning in settings.warnings {
            findings.append(Finding(check: "credential", result: "warning", detail: warning))
        }
        let time = SystemTimeSource()
        let transport = URLSessionTransport(maxConnectionsPerHost: 2)
        let client = TokenClient(credential: settings.credential, cloud: settings.cloud, transport: transport, time: time)
        let token: AccessToken
        do {
            token = try await client.fetch()
        } catch {
            let unreachable = (error as? TokenError)?.isAuthenticationFailure == false
            findings.append(Finding(check: "token", result: "error", detail: error.localizedDescription))
            return unreachable ? .unavailable : .authentication
        }
        findings.append(Finding(check: "token", result: "ok", detail: "obtained from \(settings.cloud.authorityHost.absoluteString) for \(settings.cloud.scope)"))
        var status = ExitStatus.success
        if let claims = TokenClaims.decode(token.value) {
            let roles = claims.roles
            if roles.contains(where: Self.uploadRoles.contains) {
                findings.append(Finding(check: "permissions", result: "ok", detail: "roles: \(roles.sorted().joined(separator: ", "))"))
            } else {
                findings.append(Finding(check: "permissions", result: "error", detail: "the token lacks SynchronizationData-User.Upload (roles: \(roles.isEmpty ? "none" : roles.sorted().joined(separator: ", "))); grant the application permission with admin consent"))
                status = .authentication
            }
            if !roles.contains(where: Self.logRoles.contains) {
                findings.append(Finding(check: "permissions", result: "warning", detail: "no AuditLog.Read.All or ProvisioningLog.Read.All: 'provision status' cannot read per-record outcomes"))
            }
        } else {
            findings.append(Finding(check: "permissions", result: "warning", detail: "the token is not a JWT; its roles cannot be read"))
        }
        return worse(status, await checkJob(settings, token: token.value, transport: transport, findings: &findings))
    }

    private func checkJob(_ settings: UploadSettings, token: String, transport: URLSessionTransport, findings: inout [Finding]) async -> ExitStatus {
        let request = HTTPRequest(method: "GET", url: settings.endpoint.jobURL, headers: [
            "Authorization": "Bearer \(token)", "Accept": "application/json", "client-request-id": UUID().uuidString.lowercased(),
        ], timeoutSeconds: 30)
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch {
            findings.append(Finding(check: "job", result: "error", detail: "\(settings.endpoint.jobURL.absoluteString) is unreachable: \(error.localizedDescription)"))
            return .unavailable
        }
        switch response.status {
        case 200:
            let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
            let status = object?["status"] as? [String: Any]
            let code = status?["code"] as? String ?? "unknown"
            if code == "Active" {
                findings.append(Finding(check: "job", result: "ok", detail: "\(settings.endpoint.jobId) is Active"))
                return .success
            }
            var detail = "\(settings.endpoint.jobId) is \(code)"
            if let quarantine = status?["quarantine"] as? [String: Any] {
                detail += ": \(quarantine["reason"] as? String ?? "unknown reason")"
                if let error = quarantine["error"] as? [String: Any], let message = error["message"] as? String { detail += " (\(message))" }
            }
            detail += code == "Paused"
                ? "; uploads are accepted but not processed until the job is started (Provisioning > Start provisioning)"
                : "; uploads queue up and may end in 'bucket full' until this is fixed"
            findings.append(Finding(check: "job", result: "error", detail: detail))
            return .someRowsFailed
        case 401, 403:
            findings.append(Finding(check: "job", result: "warning", detail: "the token cannot read the job (\(response.status)); its state is unknown (reading it needs Synchronization.Read.All)"))
            return .success
        case 404:
            findings.append(Finding(check: "job", result: "error", detail: "no such service principal or job (404): copy the bulkUpload URL from the provisioning app's overview page"))
            return .configuration
        default:
            findings.append(Finding(check: "job", result: "error", detail: "reading the job answered \(response.status)"))
            return .unavailable
        }
    }

    /// The status that matters more: configuration and auth problems before an inactive job.
    private func worse(_ a: ExitStatus, _ b: ExitStatus) -> ExitStatus {
        let rank: [ExitStatus: Int] = [.success: 0, .someRowsFailed: 1, .unavailable: 2, .authentication: 3, .configuration: 4]
        return (rank[a] ?? 5) >= (rank[b] ?? 5) ? a : b
    }
}
