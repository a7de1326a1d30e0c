import Foundation

/// One command-line flag of an emulator: its name, value placeholder (nil for a switch), help text and effect on
/// the emulator's configuration. Both emulators declare their flags as a list of these, so parsing, `--help` and the
/// "did you mean" hint come from one place.
package struct EmulatorOption<Configuration>: Sendable {
    package let name: String
    package let placeholder: String?
    package let help: String
    package let apply: @Sendable (inout Configuration, String) throws -> Void

    package init(
        name: String, placeholder: String?, help: String,
        apply: @escaping @Sendable (inout Configuration, String) throws -> Void
    ) {
        self.name = name
        self.placeholder = placeholder
        self.help = help
        self.apply = apply
    }
}

/// The outcome of parsing: a configuration to run, or a request for help.
package enum EmulatorParseResult<Configuration: Sendable & Equatable>: Sendable, Equatable {
    case run(Configuration)
    case help
}

extension EmulatorOption {
    /// Parses `arguments` (without the program name) onto `configuration`; accepts `--flag value` and
    /// `--flag=value`, and `--help`/`-h` anywhere.
    package static func parse(
        _ arguments: [String], options: [EmulatorOption], into configuration: Configuration
    ) throws -> EmulatorParseResult<Configuration> where Configuration: Sendable & Equatable {
        var configuration = configuration
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--help" || argument == "-h" { return .help }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            guard let option = options.first(where: { $0.name == name }) else {
                throw EmulatorError.unknownOption(argument, suggestion: suggestion(for: name, among: options))
            }
            var value = inlineValue ?? ""
            if option.placeholder != nil, inlineValue == nil {
                guard index < arguments.count else { throw EmulatorError.missingValue(option: name) }
                value = arguments[index]
                index += 1
            }
            try option.apply(&configuration, value)
        }
        return .run(configuration)
    }

    /// `--help` text in the OVERVIEW / USAGE / OPTIONS layout Swift users expect.
    package static func helpText(overview: String, usage: String, options: [EmulatorOption]) -> String {
        var text = "OVERVIEW: \(overview)\n\nUSAGE: \(usage)\n\nOPTIONS:\n"
        for option in options {
            let flag = option.placeholder.map { "\(option.name) \($0)" } ?? option.name
            let padded = flag.padding(toLength: max(28, flag.count + 2), withPad: " ", startingAt: 0)
            text += "  \(padded)\(option.help)\n"
        }
        text += "  --help                      Show this help.\n"
        return text
    }

    static func suggestion(for name: String, among options: [EmulatorOption]) -> String? {
        let scored = options.map { ($0.name, editDistance(name, $0.name)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 3 else { return nil }
        return best.0
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}

/// Value parsers shared by the emulators' flags; each names the flag and what it expects when the value is bad.
package enum OptionValue {
    package static func integer(_ option: String, _ value: String, minimum: Int = 0) throws -> Int {
        guard let number = Int(value), number >= minimum else {
            throw EmulatorError.invalidValue(option: option, value: value, expected: "a whole number >= \(minimum)")
        }
        return number
    }

    package static func seconds(_ option: String, _ value: String) throws -> Double {
        guard let number = Double(value), number.isFinite, number >= 0 else {
            throw EmulatorError.invalidValue(option: option, value: value, expected: "a number of seconds >= 0")
        }
        return number
    }

    package static func probability(_ option: String, _ value: String) throws -> Double {
        guard let number = Double(value), number >= 0, number <= 1 else {
            throw EmulatorError.invalidValue(
                option: option, value: value, expected: "a probability from 0 to 1, e.g. 0.05")
        }
        return number
    }

    package static func nonEmpty(_ option: String, _ value: String) throws -> String {
        guard !value.isEmpty else {
            throw EmulatorError.invalidValue(option: option, value: value, expected: "a non-empty string")
        }
        return value
    }

    package static func seed(_ option: String, _ value: String) throws -> UInt64 {
        guard let seed = UInt64(value) else {
            throw EmulatorError.invalidValue(option: option, value: value, expected: "a whole number >= 0")
        }
        return seed
    }

    package static func port(_ option: String, _ value: String) throws -> Int {
        let port = try integer(option, value)
        guard port <= 65535 else {
            throw EmulatorError.invalidValue(option: option, value: value, expected: "0...65535")
        }
        return port
    }
}
