import EmulatorKit
import Foundation

extension EmulatorConfiguration {
    /// One command-line flag (name, placeholder, help, effect); the list is `options`.
    typealias Option = EmulatorOption<EmulatorConfiguration>

    /// The outcome of parsing: either a configuration to run or a request for help.
    public typealias ParseResult = EmulatorParseResult<EmulatorConfiguration>

    /// Parses `arguments` (without the program name); accepts `--flag value` and `--flag=value`.
    public static func parse(_ arguments: [String]) throws -> ParseResult {
        try Option.parse(arguments, options: options, into: EmulatorConfiguration())
    }

    /// `--help` text in the OVERVIEW / USAGE / OPTIONS layout Swift users expect.
    public static var helpText: String {
        Option.helpText(
            overview: """
                A local fake of Microsoft Entra API-driven inbound provisioning: token endpoints, bulkUpload,
                provisioning logs and the synchronization job with its schema, with configurable limits and faults.
                """,
            usage: "entra-emulator [--port N] [--host ADDR] [options]", options: options)
    }
}

// MARK: - Value parsers

extension EmulatorConfiguration {
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
