/// An option declared once, with the type of its value: the program declares it (name, parser, environment
/// variable, help, role…), lists it in the specs of the commands that take it, and reads its value through it
/// (`values[option]`), so that no option is looked up by a string.
package struct Option<Value: Sendable>: OptionDeclaring {
    package private(set) var declaration: OptionDeclaration

    package var name: String { declaration.name }

    /// - Parameters:
    ///   - valueName: the value's placeholder in help (`file`, `n`, `duration`).
    ///   - parser: parses and checks a value; its refusal is the message for every place the value can come from.
    ///   - environment: the environment variable that also sets it.
    ///   - inConfigFile: whether a config file may give it (under its name).
    ///   - secret: refused in a config file.
    ///   - repeatable: every value given counts (`values.all(option)`).
    ///   - role: what the file it names is to the command (checked against the others before any work).
    ///   - shownDefault: the value in effect when none is given, where a listing of the settings should show it.
    ///   - check: a check against the command line's other values; returns why the value is refused, or nil.
    package init(
        _ name: String, valueName: String, _ parser: ValueParser<Value>, environment: String? = nil,
        inConfigFile: Bool = true, secret: Bool = false, repeatable: Bool = false, role: FileRole? = nil,
        shownDefault: String? = nil, help: String, check: (@Sendable (Value, OptionValues) -> InvalidValue?)? = nil
    ) {
        let parse = parser.parse
        let erasedParse: @Sendable (String) throws(InvalidValue) -> any Sendable = { text throws(InvalidValue) in
            try parse(text)
        }
        var erasedCheck: (@Sendable (any Sendable, OptionValues) -> InvalidValue?)?
        if let check {
            erasedCheck = { value, values in
                guard let value = value as? Value else { return nil }
                return check(value, values)
            }
        }
        declaration = OptionDeclaration(
            name: name, valueName: valueName, help: help, environment: environment, inConfigFile: inConfigFile,
            isSecret: secret, isRepeatable: repeatable, role: role, shownDefault: shownDefault, parse: erasedParse,
            check: erasedCheck)
    }

    private init(declaration: OptionDeclaration) { self.declaration = declaration }

    /// Parses and checks `text` as this option's value; a refusal names `setting`. For what must be known before the
    /// rest of a command line is resolved (where its diagnostics go).
    package func value(of text: String, setting: String) throws(UsageError) -> Value? {
        try declaration.value(of: text, setting: setting) as? Value
    }

    /// The same option with its help phrased for one command (what it does there); everything else stays as
    /// declared.
    package func help(_ text: String) -> Option {
        var option = self
        option.declaration.help = text
        return option
    }
}

extension Option where Value == Bool {
    /// An option that takes no value: given means true; a config file gives it as true or false.
    package static func flag(_ name: String, help: String, inConfigFile: Bool = true) -> Option<Bool> {
        Option(
            declaration: OptionDeclaration(
                name: name, valueName: nil, help: help, environment: nil, inConfigFile: inConfigFile, isSecret: false,
                isRepeatable: false, role: nil, shownDefault: nil, parse: { _ in true }, check: nil))
    }
}
