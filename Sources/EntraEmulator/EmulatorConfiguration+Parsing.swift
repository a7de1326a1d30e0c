import Foundation

extension EmulatorConfiguration {
    /// One command-line flag: its name, value placeholder (nil for a switch), help text and effect.
    struct Option: Sendable {
        let name: String
        let placeholder: String?
        let help: String
        let apply: @Sendable (inout EmulatorConfiguration, String) throws -> Void
    }

    /// The outcome of parsing: either a configuration to run or a request for help.
    public enum ParseResult: Sendable, Equatable {
        case run(EmulatorConfiguration)
        case help
    }

    /// Parses `arguments` (without the program name); accepts `--flag value` and `--flag=value`.
    public static func parse(_ arguments: [String]) throws -> ParseResult {
        var configuration = EmulatorConfiguration()
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
                throw EmulatorError.unknownOption(argument, suggestion: suggestion(for: name))
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
    public static var helpText: String {
        var text = """
            OVERVIEW: A local fake of Microsoft Entra API-driven inbound provisioning: token endpoints, bulkUpload,
            provisioning logs, the synchronization job with its schema, and the directory's users (GET /users and
            $batch, seeded with --directory-seed), with configurable limits and faults.

            USAGE: entra-emulator [--port N] [--host ADDR] [options]

            OPTIONS:

            """
        for option in options {
            let flag = option.placeholder.map { "\(option.name) \($0)" } ?? option.name
            let padded = flag.padding(toLength: max(28, flag.count + 2), withPad: " ", startingAt: 0)
            text += "  \(padded)\(option.help)\n"
        }
        text += "  --help                      Show this help.\n"
        text += """

            DIRECTORY SEED (--directory-seed FILE):
              A JSON array of users as Graph shows them (a saved {"value": [...]} page works too), for example
                [{"id": "4f1c…", "userPrincipalName": "ann@contoso.com", "employeeId": "1001", "accountEnabled": false,
                  "mail": "ann@contoso.com", "mailNickname": "ann", "manager": {"id": "<id of another entry>"}},
                 {"userPrincipalName": "bob_fabrikam.com#EXT#@contoso.onmicrosoft.com", "userType": "Guest"}]
              userPrincipalName is required; id is generated when absent; accountEnabled defaults to true and userType
              to Member; mail also becomes the SMTP proxy address; other string properties are kept as given. A user
              whose employeeId equals a record's externalId is matched by the job (updated, enabled or disabled); one
              without an employeeId is never matched but still holds its userPrincipalName, mail and mailNickname.

            """
        return text
    }

    static func suggestion(for name: String) -> String? {
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

// MARK: - Value parsers

extension EmulatorConfiguration {
    static func integer(_ option: String, _ value: String, minimum: Int = 0) throws -> Int {
        guard let number = Int(value), number >= minimum else {
            throw EmulatorError.invalidValue(option: option, value: value, expected: "a whole number >= \(minimum)")
        }
        return number
    }

    static func seconds(_ option: String, _ value: String) throws -> Double {
        guard let number = Double(value), number.isFinite, number >= 0 else {
            throw EmulatorError.invalidValue(option: option, value: value, expected: "a number of seconds >= 0")
        }
        return number
    }

    static func probability(_ option: String, _ value: String) throws -> Double {
        guard let number = Double(value), number >= 0, number <= 1 else {
            throw EmulatorError.invalidValue(
                option: option, value: value, expected: "a probability from 0 to 1, e.g. 0.05")
        }
        return number
    }

    static func nonEmpty(_ option: String, _ value: String) throws -> String {
        guard !value.isEmpty else {
            throw EmulatorError.invalidValue(option: option, value: value, expected: "a non-empty string")
        }
        return value
    }

    /// Parses `N/Ws`, `N/W` or `N/s` (window 1 s), e.g. `40/5s`.
    static func rate(_ option: String, _ value: String) throws -> RateLimit {
        let invalid = EmulatorError.invalidValue(
            option: option, value: value, expected: "COUNT/SECONDS, e.g. 40/5s or 40/1s")
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let count = Int(parts[0]), count > 0 else { throw invalid }
        var window = String(parts[1])
        if window.hasSuffix("s") { window.removeLast() }
        if window.isEmpty { window = "1" }
        guard let seconds = Double(window), seconds.isFinite, seconds > 0 else { throw invalid }
        return RateLimit(count: count, windowSeconds: seconds)
    }
}
