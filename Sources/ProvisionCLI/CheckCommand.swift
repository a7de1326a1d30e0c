import CommandReference
import Configuration
import Foundation
import Preflight
import Presentation
import Sync
import Transport

/// `provision check`: a pre-flight for first-time setup and CI smoke tests. Configuration, a token, the app roles
/// it carries, the job's state, and whether the job's schema has every attribute the mapping sends (`TenantCheck`).
struct CheckCommand: Command {
    static let spec = CommandSpecs.check

    let context: CommandContext

    typealias Finding = TenantCheck.Finding

    func run() async -> ExitStatus {
        var findings: [Finding] = []
        let status = await perform(&findings)
        if context.values.flag(Options.json) {
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

    /// The mapping and the configuration, which the check cannot start without; then the check itself.
    private func perform(_ findings: inout [Finding]) async -> ExitStatus {
        let sent: SentAttributes?
        switch SchemaCommand.sentAttributes(context) {
        case .success(let value): sent = value
        case .failure(let failure):
            findings.append(Finding(check: "mapping", result: "error", detail: "cannot be used (see above)"))
            return failure.status
        }
        let settings: UploadSettings
        do {
            settings = try context.uploadSettings()
        } catch {
            findings.append(Finding(check: "configuration", result: "error", detail: error.message))
            return ExitStatus(failure: error)
        }
        var check = TenantCheck(
            settings: settings, sent: sent, transport: CurlTransport(maxConnectionsPerHost: 2),
            time: SystemTimeSource())
        check.ignoreUnknownAttributes = context.values.flag(Options.ignoreUnknownAttributes)
        check.schemaApplyCommand = SchemaApplyHint.command(
            context, mapping: context.values[Options.mapping], file: context.positionals.first)
        if context.values.flag(Options.directory) {
            if let file = context.positionals.first {
                do {
                    check.directory = .export(try InputStage(context: context).job(input: file))
                } catch {
                    findings.append(Finding(check: "directory", result: "error", detail: error.localizedDescription))
                    return ExitStatus(failure: error)
                }
            } else {
                check.directory = .readable
            }
        }
        let outcome = await check.run()
        findings += outcome.findings
        return outcome.status
    }
}
