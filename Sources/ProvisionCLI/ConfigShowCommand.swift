import CommandReference
import Foundation
import Sync

/// `provision config show`: the effective configuration of an upload and where each value came from; secrets are
/// shown only as "set", never their value.
struct ConfigShowCommand: Command {
    static let spec = CommandSpecs.configShow

    let context: CommandContext

    func run() -> ExitStatus {
        guard let settings = context.settings else { return .internalError }
        let arguments = settings.arguments
        var rows: [(String, String, String)] = []
        for option in UploadCommand.spec.options where option.name != "client-secret" {
            let name = option.name
            guard arguments.has(name) else { continue }
            let value = option.isFlag ? "true" : arguments.all(name).joined(separator: ", ")
            rows.append((name, value, settings.source(of: name)?.description ?? "flag"))
        }
        // The brakes hold with their defaults even when nothing names them: say so.
        for name in ["max-disable", "max-rename"] where !arguments.has(name) {
            rows.append((name, Brakes().setting(of: name), "default"))
        }
        let environment = context.environment
        let secrets: [(String, String)] = [
            (
                "client secret",
                environment["AZURE_CLIENT_SECRET"].map { _ in "environment AZURE_CLIENT_SECRET" } ?? arguments.value(
                    "client-secret-file"
                ).map { "file \($0)" } ?? ""
            ),
            (
                "federated token",
                environment["AZURE_FEDERATED_TOKEN_FILE"].map { "file \($0) (AZURE_FEDERATED_TOKEN_FILE)" } ?? ""
            ),
            (
                "access token",
                environment["PROVISION_ACCESS_TOKEN"].map { _ in "environment PROVISION_ACCESS_TOKEN" } ?? ""
            ),
            (
                "certificate password",
                environment["AZURE_CLIENT_CERTIFICATE_PASSWORD"] == nil
                    ? "" : "environment AZURE_CLIENT_CERTIFICATE_PASSWORD"
            ),
            (
                "managed identity",
                environment["IDENTITY_ENDPOINT"].map { _ in "App Service (IDENTITY_ENDPOINT)" }
                    ?? (arguments.flag("managed-identity") ? "IMDS" : "")
            ),
        ]
        for (name, source) in secrets where !source.isEmpty { rows.append((name, "set (hidden)", source)) }
        if rows.isEmpty {
            context.console.line("nothing is configured: see 'provision help upload' and README › Configuration")
        }
        let width = rows.map(\.0.count).max() ?? 0
        for (name, value, source) in rows {
            context.console.line(
                name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value + "  (" + source + ")")
        }
        do {
            let resolved = try UploadSettings.resolve(settings, environment: environment)
            let endpoint = resolved.endpoint
            context.console.line(
                "endpoint ok: \(endpoint.version), service principal \(endpoint.servicePrincipalId), job "
                    + "\(endpoint.jobId); authority \(resolved.cloud.authorityHost.absoluteString), scope "
                    + "\(resolved.cloud.scope); credential: \(CredentialSummary.describe(resolved.credential))")
            context.console.line("rate-limit cache: \(Self.describeCache(context, endpoint: endpoint))")
            for warning in resolved.warnings { context.console.warning(warning) }
            return .success
        } catch {
            context.console.error(error.message)
            return error.status
        }
    }

    /// Where the limits learnt per job are kept, and what it holds for this one.
    private static func describeCache(_ context: CommandContext, endpoint: BulkUploadEndpoint) -> String {
        guard !context.arguments.flag("no-cache") else { return "off (--no-cache)" }
        guard let cache = UploadCommand.rateCache(context) else {
            return "none (neither XDG_CACHE_HOME nor HOME is set)"
        }
        let (entry, warning) = cache.entry(for: endpoint)
        if let warning { return "\(cache.path); \(warning)" }
        guard let entry else { return "\(cache.path) (no limit learnt for this job)" }
        let date = ISO8601DateFormatter().string(from: entry.learnedAt)
        return "\(cache.path) (this job: \(entry.rate), learnt \(date); an upload without --rate starts there)"
    }
}
