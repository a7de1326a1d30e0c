import Basics
import CommandLineKit
import Foundation
import JSONDocument
import Sync

/// Merges the three places a setting can come from, in order of precedence: a flag, an environment variable (Azure
/// SDK names), then `--config FILE` (JSON, non-secret settings under the options' long names). Remembers where each
/// value came from, for `provision config show`.
struct SettingsResolver: SettingValues {
    typealias Source = SettingSource

    /// Option name → environment variable (Azure SDK conventions).
    static let environmentNames = SettingNames.environment

    /// Keys that would put a secret in a file that is meant to be shared and committed.
    static let secretKeys: Set<String> = [
        "client-secret", "clientsecret", "secret", "access-token", "accesstoken", "password", "token",
        "client-certificate-password", "certificate-password",
    ]

    private(set) var arguments: ParsedArguments
    private(set) var sources: [String: Source] = [:]

    /// `spec` is this command's interface; `catalog` every command's, since one config file serves them all.
    init(
        arguments: ParsedArguments, environment: [String: String], spec: CommandSpec, catalog: [CommandSpec]
    ) throws(ConfigurationError) {
        self.arguments = arguments
        for name in arguments.values.keys { sources[name] = .flag }
        for name in arguments.flags { sources[name] = .flag }
        for (option, variable) in Self.environmentNames
        where spec.option(named: option) != nil && !arguments.has(option) {
            if let value = environment[variable], !value.isEmpty {
                self.arguments.values[option] = [value]
                sources[option] = .environment(variable)
            }
        }
        if let path = arguments.value("config") {
            try applyConfigFile(path, spec: spec, catalog: catalog)
        }
    }

    private mutating func applyConfigFile(
        _ path: String, spec: CommandSpec, catalog: [CommandSpec]
    ) throws(ConfigurationError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError("--config \(path): cannot read it (\((error as NSError).localizedDescription))")
        }
        guard data.count <= 1 << 20, case .object(let object)? = try? JSON.parse(data).canonical
        else {
            throw ConfigurationError(
                "--config \(path): not a JSON object of option names to values, e.g. {\"endpoint\": "
                    + "\"https://graph.microsoft.com/…/bulkUpload\", \"tenant-id\": \"…\"}"
            )
        }
        for member in object {
            let (key, value) = (member.key, member.value)
            if Self.secretKeys.contains(key.lowercased()) {
                throw ConfigurationError(
                    "--config \(path): \"\(key)\" is a secret and does not belong in a config file; use "
                        + "AZURE_CLIENT_SECRET or --client-secret-file (a certificate's password: "
                        + "AZURE_CLIENT_CERTIFICATE_PASSWORD)")
            }
            // One config file serves every command: a key another command takes is skipped here, not an error.
            let known = Set(catalog.flatMap { $0.options.map(\.name) })
            guard key != "config", let option = spec.option(named: key) else {
                if known.contains(key) && key != "config" { continue }
                let hint = ClosestMatch.find(key, in: known.sorted()).map { "; did you mean \"\($0)\"?" } ?? ""
                throw ConfigurationError("--config \(path): \"\(key)\" is not an option of any command\(hint)")
            }
            guard !arguments.has(key) else { continue }
            switch (option.isFlag, value) {
            case (true, .bool(let flag)):
                if flag { arguments.flags.insert(key) }
            case (false, .string(let text)):
                arguments.values[key] = [text]
            case (false, .number(let text)):
                arguments.values[key] = [text]
            case (false, .array(let items)) where items.allSatisfy({ $0.stringValue != nil }):
                arguments.values[key] = items.compactMap(\.stringValue)
            default:
                throw ConfigurationError(
                    "--config \(path): \"\(key)\" must be \(option.isFlag ? "true or false" : "a string or number")")
            }
            sources[key] = .configFile(path)
        }
    }

    func source(of option: String) -> Source? { sources[option] }

    func value(_ name: String) -> String? { arguments.value(name) }
    func all(_ name: String) -> [String] { arguments.all(name) }
    func flag(_ name: String) -> Bool { arguments.flag(name) }
    func has(_ name: String) -> Bool { arguments.has(name) }

    /// Fills an option nobody set from another record of the run (e.g. the endpoint a journal names).
    mutating func setDefault(_ option: String, _ value: String, source: Source) {
        guard !arguments.has(option) else { return }
        arguments.values[option] = [value]
        sources[option] = source
    }
}
