import CommandReference
import Configuration
import Foundation
import Sync

/// `provision config show`: the effective configuration of an upload and where each value came from; secrets are
/// shown only as "set", never their value.
struct ConfigShowCommand: Command {
    static let spec = CommandSpecs.configShow

    let context: CommandContext

    func run() -> ExitStatus {
        let values = context.values
        var rows: [(String, String, String)] = []
        // Every option an upload would use, as resolved (flag, environment or config file), in upload's order.
        for (option, texts, source) in values.given where Self.spec.takes(option) && !option.isSecret {
            rows.append((option.name, option.isFlag ? "true" : texts.joined(separator: ", "), source.description))
        }
        // Defaults that act without being named (the brakes): say so.
        for option in Self.spec.options where !values.has(option) {
            if let value = option.shownDefault { rows.append((option.name, value, "default")) }
        }
        let credentials = CredentialEnvironment(context.environment)
        typealias Variable = CredentialEnvironment.Variable
        let secrets: [(String, String)] = [
            (
                "client secret",
                credentials.clientSecret.map { _ in "environment \(Variable.clientSecret)" }
                    ?? values[Options.clientSecretFile].map { "file \($0)" } ?? ""
            ),
            (
                "federated token",
                credentials.federatedTokenFile.map { "file \($0) (\(Variable.federatedTokenFile))" } ?? ""
            ),
            ("access token", credentials.accessToken.map { _ in "environment \(Variable.accessToken)" } ?? ""),
            (
                "certificate password",
                credentials.certificatePassword == nil ? "" : "environment \(Variable.certificatePassword)"
            ),
            (
                "managed identity",
                credentials.identityEndpoint.map { _ in "App Service (\(Variable.identityEndpoint))" }
                    ?? (values.flag(Options.managedIdentity) ? "IMDS" : "")
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
            let resolved = try context.uploadSettings()
            let endpoint = resolved.endpoint
            context.console.line(
                "endpoint ok: \(endpoint.version), service principal \(endpoint.servicePrincipalId), job "
                    + "\(endpoint.jobId); authority \(resolved.cloud.authorityHost.absoluteString), scope "
                    + "\(resolved.cloud.scope); credential: \(CredentialSummary.describe(resolved.credential))")
            context.console.line("rate-limit cache: \(Self.describeCache(context, endpoint: endpoint))")
            for warning in resolved.warnings { context.console.warning(warning) }
            return ExitStatus(.completed)
        } catch {
            return CommandFailure.report(error, context.console)
        }
    }

    /// Where the limits learnt per job are kept, and what it holds for this one.
    private static func describeCache(_ context: CommandContext, endpoint: BulkUploadEndpoint) -> String {
        guard !context.values.flag(Options.noCache) else { return "off (--no-cache)" }
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
