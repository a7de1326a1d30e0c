import CommandReference
import Foundation

/// The exact `provision schema apply` command that adds what this command line's mapping sends and the job's schema
/// lacks: the mapping file (or the export whose header names the attributes, with its delimiter and encoding), the
/// connection settings given as flags, the config file, and `--yes`. `check` and `upload` print it, so that it can
/// be copied as it is.
enum SchemaApplyHint {
    /// Options `schema apply` shares with the command given: where the mapping comes from is added apart.
    private static let sharedOptions = CommandSpecs.schemaApply.options.map(\.name).filter {
        !["mapping", "yes", "json", "client-secret"].contains($0)
    }

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
        let arguments = context.arguments
        for name in sharedOptions where arguments.has(name) {
            // Settings from the environment or the config file reach `schema apply` the same way.
            let source = context.settings?.source(of: name) ?? .flag
            guard source == .flag else { continue }
            guard mapping == nil || !["delimiter", "encoding"].contains(name) else { continue }
            let option = CommandSpecs.schemaApply.options.first { $0.name == name }
            if option?.isFlag == true {
                words.append("--\(name)")
            } else {
                for value in arguments.all(name) { words += ["--\(name)", value] }
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
