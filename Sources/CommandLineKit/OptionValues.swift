/// The settings of one command line: its positionals and each option's value, merged from the flags, the
/// environment and a config file (in that order of precedence), each value parsed and checked by its declaration
/// and remembered with where it came from. Read through the typed declarations: `values[Options.batchSize]`.
package struct OptionValues: Sendable {
    struct Entry: Sendable {
        let declaration: OptionDeclaration
        let texts: [String]
        var values: [any Sendable]
        let source: ValueSource
    }

    package let positionals: [String]
    package let spec: CommandSpec
    private var entries: [String: Entry] = [:]
    /// The order values were set in (command line first), for `given`.
    private var order: [String] = []
    /// How messages name options a config file set under another name than their own (a nested block's key).
    private var configNames: [String: String] = [:]

    init(positionals: [String], spec: CommandSpec) {
        self.positionals = positionals
        self.spec = spec
    }

    /// The option's value (the last one given), or nil when nothing gave it. A flag's is true when given.
    package subscript<Value>(_ option: Option<Value>) -> Value? {
        entries[option.name]?.values.last as? Value
    }

    /// Every value given for a repeatable option (`--allow-host`), in order.
    package func all<Value>(_ option: Option<Value>) -> [Value] {
        entries[option.name]?.values.compactMap { $0 as? Value } ?? []
    }

    /// Whether a flag was given (on the command line, or as true in the config file).
    package func flag(_ option: Option<Bool>) -> Bool { self[option] ?? false }

    package func has(_ option: some OptionDeclaring) -> Bool { entries[option.declaration.name] != nil }

    /// Where the option's value came from; nil when nothing gave it.
    package func source(of option: some OptionDeclaring) -> ValueSource? { entries[option.declaration.name]?.source }

    /// Given on the command line itself (not by the environment or a config file shared with other commands).
    package func isFlag(_ option: some OptionDeclaring) -> Bool { source(of: option) == .flag }

    /// How a message names the option, by where its value came from: "--endpoint", "PROVISION_ENDPOINT" or
    /// "\"endpoint\" in FILE".
    package func describe(_ option: some OptionDeclaring) -> String {
        naming(option.declaration.name, source: source(of: option) ?? .flag)
    }

    /// `source.naming(name)`, with the key as the config file writes it when a nested block set it.
    private func naming(_ name: String, source: ValueSource) -> String {
        if case .configFile(let path) = source, let written = configNames[name] { return "\(written) in \(path)" }
        return source.naming(name)
    }

    /// The value's text as given (the last one), for records that keep what the user wrote (a run's identity).
    package func text(_ option: some OptionDeclaring) -> String? { entries[option.declaration.name]?.texts.last }

    /// Every text given for the option, in order (one for an option given once; none for a flag).
    package func texts(_ option: some OptionDeclaring) -> [String] { entries[option.declaration.name]?.texts ?? [] }

    /// Every option that has a value, in the command's declaration order, with its texts and source: for a listing
    /// of the effective settings.
    package var given: [(declaration: OptionDeclaration, texts: [String], source: ValueSource)] {
        spec.options.compactMap { declaration in
            entries[declaration.name].map { (declaration, $0.texts, $0.source) }
        }
    }

    /// The files this command line names, as `role` has them: the positional arguments' first (as their label
    /// names them), then the options' (as their source names them), in the command's declaration order.
    package func files(_ role: FileRole) -> [(name: String, path: String)] {
        let arguments = zip(spec.arguments, positionals).compactMap { argument, path in
            argument.role == role ? (argument.label ?? argument.name, path) : nil
        }
        let options = spec.options.filter { $0.role == role }.flatMap { declaration in
            (entries[declaration.name]?.texts ?? []).map { (describe(declaration), $0) }
        }
        return arguments + options
    }

    /// Gives an option nobody set a value from another record of the run (e.g. the endpoint a journal names).
    package mutating func setDefault<Value>(_ option: Option<Value>, _ text: String, source: ValueSource)
        throws(UsageError)
    {
        guard !has(option), let declaration = spec.option(named: option.name) else { return }
        try set(declaration, texts: [text], source: source)
    }

    private mutating func set(_ declaration: OptionDeclaration, texts: [String], source: ValueSource)
        throws(UsageError)
    {
        let setting = naming(declaration.name, source: source)
        var values: [any Sendable] = []
        for text in texts { values.append(try declaration.value(of: text, setting: setting)) }
        if entries[declaration.name] == nil { order.append(declaration.name) }
        entries[declaration.name] = Entry(declaration: declaration, texts: texts, values: values, source: source)
    }

    private mutating func setFlag(_ declaration: OptionDeclaration, source: ValueSource) {
        if entries[declaration.name] == nil { order.append(declaration.name) }
        entries[declaration.name] = Entry(declaration: declaration, texts: [], values: [true], source: source)
    }
}

extension OptionValues {
    /// The settings of `parsed` for `spec`: the flags, then, for options no flag gave, their environment variables
    /// (an empty one counts as unset), then `configFile`. Every value is parsed and checked; a refused one is a
    /// usage error naming where it came from. A config file's key that fits no option is a `ConfigFileError`.
    package static func resolve(
        _ parsed: ParsedArguments, spec: CommandSpec, environment: [String: String] = [:],
        configFile: ConfigFile? = nil
    ) throws(OptionResolutionError) -> OptionValues {
        var values = OptionValues(positionals: parsed.positionals, spec: spec)
        do {
            for name in parsed.order {
                guard let declaration = spec.option(named: name) else { continue }
                if declaration.isFlag {
                    values.setFlag(declaration, source: .flag)
                } else {
                    try values.set(declaration, texts: parsed.values[name] ?? [], source: .flag)
                }
            }
            for declaration in spec.options where !values.has(declaration) {
                guard let variable = declaration.environment, let text = environment[variable], !text.isEmpty else {
                    continue
                }
                try values.set(declaration, texts: [text], source: .environment(variable))
            }
        } catch {
            throw .usage(error)
        }
        if let configFile { try values.apply(configFile) }
        for name in values.order {
            guard let entry = values.entries[name], let check = entry.declaration.check else { continue }
            for value in entry.values {
                if let refusal = check(value, values) {
                    throw .usage(UsageError("\(values.describe(entry.declaration)) \(refusal.reason)"))
                }
            }
        }
        return values
    }

    private mutating func apply(_ file: ConfigFile) throws(OptionResolutionError) {
        let place = "--\(file.optionName) \(file.path)"
        for entry in file.entries {
            let key = entry.key
            if file.secretKeys.contains(key.lowercased()) {
                throw .configFile(ConfigFileError("\(place): \(file.secretRefusal(key))"))
            }
            guard let declaration = spec.option(named: key), declaration.inConfigFile else {
                // One config file serves every command: a key another command takes is skipped here.
                if file.knownKeys.contains(key) { continue }
                let hint = file.closest(key, file.knownKeys.sorted()).map { "; did you mean \"\($0)\"?" } ?? ""
                throw .configFile(ConfigFileError("\(place): \"\(key)\" is not an option of any command\(hint)"))
            }
            guard !has(declaration) else { continue }
            let source = ValueSource.configFile(file.path)
            if let name = entry.name { configNames[declaration.name] = name }
            let written = entry.name ?? "\"\(key)\""
            let texts: [String]
            switch (declaration.isFlag, entry.value) {
            case (true, .bool(let flag)):
                if flag { setFlag(declaration, source: source) }
                continue
            case (false, .text(let text)): texts = [text]
            case (false, .list(let items)): texts = items
            default:
                throw .configFile(
                    ConfigFileError(
                        "\(place): \(written) must be \(declaration.isFlag ? "true or false" : "a string or number")"))
            }
            do {
                try set(declaration, texts: texts, source: source)
            } catch {
                throw .usage(error)
            }
        }
    }
}

/// Why a command line's settings cannot be resolved: a value refused by its declaration (usage), or a config file
/// whose keys do not fit (configuration).
package enum OptionResolutionError: Error, Sendable, Equatable {
    case usage(UsageError)
    case configFile(ConfigFileError)

    package var message: String {
        switch self {
        case .usage(let error): error.message
        case .configFile(let error): error.message
        }
    }
}
