import CommandLineKit
import CommandReference
import Foundation

/// The exact `provision schema apply` command that adds what this command line's mapping sends and the job's schema
/// lacks: the mapping file (or the export whose header names the attributes, with its delimiter and encoding), the
/// connection settings given as flags, the config file, and `--yes`. `check` and `upload` print it, so that it can
/// be copied as it is.
enum SchemaApplyHint {
    /// Options `schema apply` shares with the command given: where the mapping comes from is added apart.
    private static let sharedOptions: [OptionDeclaration] = {
        let apart = [Options.mapping.name, Options.yes.name, Options.json.name, Options.clientSecret.name]
        return CommandSpecs.schemaApply.options.filter { !apart.contains($0.name) }
    }()
    /// Options of the export's header, left out when a mapping file names the attributes.
    private static let dialectOptions = [Options.delimiter.name, Options.encoding.name]

    /// - Parameters:
    ///   - mapping: the mapping file the command used; nil in header mode.
    ///   - file: the export, whose header names the attributes in header mode.
    static func command(_ context: CommandContext, mapping: String?, file: String?) -> String {
        var words = ["provision", "schema", "apply"]
        if let mapping {
            words += ["--mapping", mapping]
        } else if let file {
            words.append(file)
        } else {
            words += ["--mapping", "FILE"]
        }
        // Settings from the environment or the config file reach `schema apply` the same way: only flags are added.
        for option in sharedOptions where context.values.isFlag(option) {
            guard mapping == nil || !dialectOptions.contains(option.name) else { continue }
            if option.isFlag {
                words.append("--\(option.name)")
            } else {
                for value in context.values.texts(option) { words += ["--\(option.name)", value] }
            }
        }
        words.append("--yes")
        return words.map(ShellWord.quoted).joined(separator: " ")
    }
}

/// A word as a POSIX shell reads it back: as it is when it holds nothing the shell treats specially, else in single
/// quotes.
enum ShellWord {
    static func quoted(_ word: String) -> String {
        let plain =
            !word.isEmpty
            && word.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                        || "_-./:@%+=,".unicodeScalars.contains(scalar))
            }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
