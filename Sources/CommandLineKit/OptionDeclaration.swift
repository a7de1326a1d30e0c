/// What a file that an option or argument names is to its command, so that every output can be checked against
/// every input before anything is read or written.
package enum FileRole: Sendable, Equatable {
    /// Read (an export, a mapping, a state file, a config file, a secret).
    case input
    /// Written or replaced (a report, a journal, a summary).
    case output
    /// A directory files are written into.
    case outputDirectory
}

/// Why a value is refused, phrased to follow the name of the setting that gave it: "takes a whole number from 1 to
/// 50, not \"51\"" becomes "--batch-size takes …", "BATCH_SIZE takes …" or "\"batch-size\" in FILE takes …".
package struct InvalidValue: Error, Sendable, Equatable {
    package let reason: String
    package init(_ reason: String) { self.reason = reason }
}

/// One option as every part of the kit reads it: the parser (name, flag or value), the merge of flags, environment
/// and config file (which variable, whether a config file may hold it), validation (the value's parser), help and
/// completions. `Option<Value>` is the typed handle a program declares and reads values through.
package struct OptionDeclaration: Sendable {
    package let name: String
    /// The value's placeholder in help (`<file>`); nil for a flag.
    package let valueName: String?
    package var help: String
    /// The environment variable that also sets it (a flag beats it; it beats the config file).
    package let environment: String?
    /// Whether a config file may give it, under its name.
    package let inConfigFile: Bool
    /// Never accepted from a config file, which is meant to be shared: a key naming it is refused, not skipped.
    package let isSecret: Bool
    /// Given more than once, every value counts (`all`); otherwise the last one does.
    package let isRepeatable: Bool
    /// What the file it names is to the command; nil when it names no file.
    package let role: FileRole?
    /// The value in effect when none is given, for a listing of the effective settings; nil when not worth showing.
    package let shownDefault: String?
    /// Parses and checks one value.
    let parse: @Sendable (String) throws(InvalidValue) -> any Sendable
    /// Checks a parsed value against the command line's other values (e.g. a rate above a limit without the flag
    /// that allows it).
    let check: (@Sendable (any Sendable, OptionValues) -> InvalidValue?)?

    package var isFlag: Bool { valueName == nil }

    init(
        name: String, valueName: String?, help: String, environment: String?, inConfigFile: Bool, isSecret: Bool,
        isRepeatable: Bool, role: FileRole?, shownDefault: String?,
        parse: @escaping @Sendable (String) throws(InvalidValue) -> any Sendable,
        check: (@Sendable (any Sendable, OptionValues) -> InvalidValue?)?
    ) {
        self.name = name
        self.valueName = valueName
        self.help = help
        self.environment = environment
        self.inConfigFile = inConfigFile
        self.isSecret = isSecret
        self.isRepeatable = isRepeatable
        self.role = role
        self.shownDefault = shownDefault
        self.parse = parse
        self.check = check
    }

    /// Parses a value given as `text`, the message naming `setting` (how the value's source names the option).
    func value(of text: String, setting: String) throws(UsageError) -> any Sendable {
        do {
            return try parse(text)
        } catch {
            throw UsageError("\(setting) \(error.reason)")
        }
    }
}

/// Anything a command spec can list as an option: a declaration, or a typed `Option`.
package protocol OptionDeclaring: Sendable {
    var declaration: OptionDeclaration { get }
}

extension OptionDeclaration: OptionDeclaring {
    package var declaration: OptionDeclaration { self }
}
