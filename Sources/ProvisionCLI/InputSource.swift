import CommandLineKit
import CommandReference
import Configuration
import Foundation
import HRSources
import Hashing
import Presentation
import Sync
import Transport

/// Where a command's records come from: the file argument (CSV, JSON or NDJSON), stdin (`-`, copied to a file first,
/// since the pipeline reads its input twice and `status --failed` reads it again), or an HR source (`--source`,
/// `--source-preset`, a config file's `source` block) read into its snapshot. Whatever it is, the commands then read
/// a file.
struct InputSource {
    let context: CommandContext

    /// The name the command line gives stdin.
    static let standardInput = "-"

    /// A file ready to be read, and what it stands for.
    struct Prepared {
        let path: String
        /// A copy of stdin to remove when the command ends.
        var temporary = false
        /// The source it is the snapshot of (its URL as shown).
        var source: String?
        var summary: SnapshotSummary?

        /// Removes a temporary copy of stdin, with the private folder it is in.
        func remove() {
            guard temporary else { return }
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
        }
    }

    /// Whether this command line reads an HR source: a source URL or preset given, and no file.
    ///
    /// A file argument wins over a source that the environment (`PROVISION_SOURCE_URL`) or the config file (its
    /// `source` block, shared with other runs) names, and says so; a source option given on this command line
    /// together with a file is a usage error (which of the two was meant?). `notes`: say it (once per command).
    func readsSource(file: String?, notes: Bool = true) throws(SyncError) -> Bool {
        let values = context.values
        let given = values.has(Options.source) || values.has(Options.sourcePreset)
        guard let file else { return given }
        let sourceFlags = values.given.filter { $0.source == .flag && $0.declaration.name.hasPrefix("source") }
        if let flag = sourceFlags.first {
            throw .usage(
                "--\(flag.declaration.name) is for an HR source, but \(file) is given as the input: give either a file "
                    + "or --source/--source-preset (or a config file's source block), not both")
        }
        if given, notes, !context.quiet {
            let origin =
                values.has(Options.source) ? values.describe(Options.source) : values.describe(Options.sourcePreset)
            context.console.diagnostic(
                "provision: reading \(file); the source that \(origin) names is not read (a file argument wins)")
        }
        return false
    }

    /// The source this command line describes, resolved and checked (nothing is read yet).
    func configuration() throws(SyncError) -> SourceConfiguration {
        let values = context.values
        let preset = values[Options.sourcePreset].flatMap(SourcePreset.named) ?? SourcePreset.generic
        var settings = SourceSettings()
        settings.url = values[Options.source]
        for item in values.all(Options.sourceParameter) {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            settings.parameters[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        settings.recordsPath = values[Options.recordsPath]
        settings.paging = paging(of: preset)
        settings.pageSize = values[Options.sourcePageSize]
        settings.maxSnapshotBytes = values[Options.sourceMaxMB].map { $0 << 20 }
        settings.auth = values[Options.sourceAuth]
        settings.user = values[Options.sourceUser]
        settings.clientID = values[Options.sourceClientID]
        settings.apiKeyHeader = values[Options.sourceAPIKeyHeader]
        settings.tokenURL = values[Options.sourceTokenURL]
        if let scope = values[Options.sourceScope] { settings.tokenFields["scope"] = scope }
        settings.allowedHosts = values.all(Options.allowHost)
        if values.has(Options.format), values[Options.format] != .ndjson, values[Options.format] != .json {
            throw .usage("a source's records are JSON: --format \(values.text(Options.format) ?? "") goes with files")
        }
        do {
            return try preset.configuration(settings)
        } catch {
            throw .source(error)
        }
    }

    /// The preset's paging with the `--source-paging` options applied: a style of its own starts from that style's
    /// usual names.
    private func paging(of preset: SourcePreset) -> SourcePaging? {
        let values = context.values
        let options: [Option<String>] = [
            Options.sourceNextLink, Options.sourcePageParameter, Options.sourceCursorPath, Options.sourceSizeParameter,
            Options.sourceTotalPath,
        ]
        guard values.has(Options.sourcePaging) || options.contains(where: { values.has($0) }) else { return nil }
        let style = values[Options.sourcePaging] ?? preset.paging.style
        var paging =
            style == preset.paging.style
            ? preset.paging
            : SourcePaging(
                style: style, linkHeader: style == .nextLink,
                offsetParameter: style == .offset ? "offset" : nil, pageParameter: style == .page ? "page" : nil,
                cursorParameter: style == .cursor ? "cursor" : nil)
        if let path = values[Options.sourceNextLink] { paging.nextLinkPath = path }
        if let name = values[Options.sourcePageParameter] {
            switch style {
            case .offset: paging.offsetParameter = name
            case .page: paging.pageParameter = name
            case .cursor: paging.cursorParameter = name
            case .none, .nextLink: break
            }
        }
        if let path = values[Options.sourceCursorPath] { paging.cursorPath = path }
        if let name = values[Options.sourceSizeParameter] { paging.sizeParameter = name }
        if let path = values[Options.sourceTotalPath] { paging.totalPath = path }
        return paging
    }

    /// The source with its secrets read (files only their owner can read, or the environment: a missing one is named
    /// with both) and the run's limits, to be read into `snapshotPath`.
    func input(_ configuration: SourceConfiguration, snapshotPath: String) throws(SyncError) -> SourceInput {
        let values = context.values
        var secrets: [SourceSecret: String] = [:]
        for secret in configuration.auth.secrets {
            let option = Options.sourceSecretFiles[secret]!
            let variable = Options.sourceSecretVariables[secret]!
            let file = values[option].map { NamedSetting($0, name: values.describe(option)) }
            do {
                guard
                    let value = try SecretSetting.read(
                        file: file, environment: (variable, context.environment[variable]))
                else {
                    throw SyncError.configuration(
                        "the \(configuration.name) source needs its \(secret.rawValue) (\(configuration.auth.style.rawValue) "
                            + "auth): --\(option.name) FILE (readable by its owner only) or \(variable)")
                }
                secrets[secret] = value
            } catch let error as ConfigurationError {
                throw SyncError(configuration: error)
            } catch {
                throw error as? SyncError ?? .internalError("\(error)")
            }
        }
        let given = secrets
        var retry = RetryPolicy()
        if let attempts = context.values[Options.maxAttempts] { retry.maxAttempts = attempts }
        if let timeout = context.values[Options.timeout] { retry.requestTimeoutSeconds = timeout }
        if let wait = context.values[Options.maxWait] { retry.maxWait = wait }
        return SourceInput(
            configuration: configuration,
            secrets: SecretsFromClosure { secret in
                guard let value = given[secret] else { throw SyncError.configuration("no \(secret.rawValue)") }
                return value
            }, retry: retry, snapshotPath: snapshotPath)
    }

    /// Where a command without a journal keeps a source's snapshot when `--snapshot` does not say: the state
    /// directory, one file per source.
    func defaultSnapshotPath(source: String) -> String {
        let key = String(SHA256.hex(of: source).prefix(16))
        return RunIdentity.stateDirectory(context.environment) + "/snapshot-\(key).ndjson"
    }

    /// For the commands that only read (validate, plan, mapping): the file to read, after stdin was copied or the
    /// source read into its snapshot (its pages and retries shown with --verbose, a line saying what was read).
    /// `keepsStandardInput`: stdin is to outlive the command (`plan --out` names it), which needs `--snapshot`.
    func prepare(_ file: String?, keepsStandardInput: Bool = false) async throws(SyncError) -> Prepared? {
        let values = context.values
        if try readsSource(file: file) {
            let configuration = try configuration()
            let path = values[Options.snapshot] ?? defaultSnapshotPath(source: configuration.shownURL)
            let source = try input(configuration, snapshotPath: path)
            let console = context.console
            let choices = context.output
            let summary = try await SourceSnapshot.fetch(
                source, transport: CurlTransport(), time: SystemTimeSource(),
                events: { SourceEventPrinter(console: console, choices: choices).print($0) })
            if !context.quiet { console.diagnostic("provision: " + SourceSnapshot.describe(summary, source: source)) }
            return Prepared(path: path, source: source.shown, summary: summary)
        }
        guard let file else { return nil }
        guard file == Self.standardInput else { return Prepared(path: file) }
        if let path = values[Options.snapshot] {
            try copyStandardInput(to: path)
            return Prepared(path: path)
        }
        guard !keepsStandardInput else {
            throw .usage(
                "with stdin ('-') and --out, give --snapshot FILE: the plan names its input, which 'upload --plan' "
                    + "reads again")
        }
        // A private folder of its own, so that messages name the copy `…/stdin:LINE` and nobody else can read it.
        let folder = try privateFolder()
        let path = folder + "/stdin"
        do {
            try copyStandardInput(to: path)
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
        return Prepared(path: path, temporary: true)
    }

    /// A new folder only this user can enter (`mkdtemp`, mode 0700) in the temporary directory.
    private func privateFolder() throws(SyncError) -> String {
        let base = NSTemporaryDirectory().hasSuffix("/") ? NSTemporaryDirectory() : NSTemporaryDirectory() + "/"
        var template = Array((base + "provision-stdin-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        guard made != nil else {
            throw .cannotCreate(
                "cannot make a private folder for stdin's copy in \(base): \(String(cString: strerror(errno)))")
        }
        return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// stdin into `path` (mode 0600), streamed.
    func copyStandardInput(to path: String) throws(SyncError) {
        do {
            try StandardInputCopy.write(to: path)
        } catch {
            throw .cannotCreate(error.localizedDescription)
        }
    }
}
