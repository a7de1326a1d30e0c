import EmulatorKit
import Foundation

extension EmulatorConfiguration {
    /// One command-line flag (name, placeholder, help, effect); the list is `options`.
    typealias Option = EmulatorOption<EmulatorConfiguration>

    /// The outcome of parsing: either a configuration to run or a request for help.
    package typealias ParseResult = EmulatorParseResult<EmulatorConfiguration>

    /// Parses `arguments` (without the program name); accepts `--flag value` and `--flag=value`.
    package static func parse(_ arguments: [String]) throws -> ParseResult {
        try Option.parse(arguments, options: options, into: EmulatorConfiguration())
    }

    /// `--help` text in the OVERVIEW / USAGE / OPTIONS layout Swift users expect.
    package static var helpText: String {
        Option.helpText(
            overview: """
                A local fake of Microsoft Entra API-driven inbound provisioning: token endpoints, bulkUpload,
                provisioning logs, the synchronization job with its schema, and the directory's users (GET /users and
                $batch, seeded with --directory-seed), with configurable limits and faults.
                """,
            usage: "entra-emulator [--port N] [--host ADDR] [options]", options: options)
                + """

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
