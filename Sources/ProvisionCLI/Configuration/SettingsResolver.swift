import Basics
import CommandLineKit
import CommandReference
import Configuration
import Foundation
import JSONDocument
import Sync

/// A command line's settings: the flags, else the environment variables (Azure SDK names), else `--config FILE`
/// (JSON, non-secret settings under the options' long names), each value checked by its declaration
/// (`OptionValues.resolve`, which also remembers where each came from, for messages and `provision config show`).
/// This file reads the config file and says which keys it may not hold.
enum SettingsResolver {
    /// Every command's options, since one config file serves them all.
    static let catalog = CommandCatalog.all

    /// The settings of `parsed` for `spec`; a config file that cannot be read, or whose keys do not fit, is a
    /// configuration error (78), a value refused by its option's declaration a usage error (64).
    static func resolve(
        _ parsed: ParsedArguments, spec: CommandSpec, environment: [String: String]
    ) throws(SyncError) -> OptionValues {
        var configFile: ConfigFile?
        if spec.takes(Options.config), let path = parsed.text(Options.config) {
            do {
                configFile = try read(path)
            } catch {
                throw .configuration(error.message)
            }
        }
        do {
            return try OptionValues.resolve(parsed, spec: spec, environment: environment, configFile: configFile)
        } catch {
            switch error {
            case .usage(let error): throw .usage(error.message)
            case .configFile(let error): throw .configuration(error.message)
            }
        }
    }

    /// The config file's keys and values, in its order.
    private static func read(_ path: String) throws(ConfigurationError) -> ConfigFile {
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
        let declarations = catalog.flatMap(\.options)
        var entries: [ConfigFile.Entry] = []
        for member in object {
            if member.key == Options.source.name, case .object(let block) = member.value {
                entries += try SourceBlock.entries(block, path: path, known: Set(declarations.map(\.name)))
                continue
            }
            entries.append(ConfigFile.Entry(key: member.key, value: SourceBlock.value(member.value)))
        }
        return ConfigFile(
            path: path, entries: entries, knownKeys: Set(declarations.filter(\.inConfigFile).map(\.name)),
            secretKeys: Set(declarations.filter(\.isSecret).map(\.name)).union(Options.secretConfigKeys),
            secretRefusal: { key in
                "\"\(key)\" is a secret and does not belong in a config file; use AZURE_CLIENT_SECRET or "
                    + "--client-secret-file (a certificate's password: AZURE_CLIENT_CERTIFICATE_PASSWORD)"
            }, optionName: Options.config.name, closest: { ClosestMatch.find($0, in: $1) })
    }
}
