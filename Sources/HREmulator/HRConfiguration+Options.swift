import EmulatorKit
import Foundation

extension HRConfiguration {
    typealias Option = EmulatorOption<HRConfiguration>
    package typealias ParseResult = EmulatorParseResult<HRConfiguration>

    /// Parses `arguments` (without the program name); accepts `--flag value` and `--flag=value`.
    package static func parse(_ arguments: [String]) throws -> ParseResult {
        let result = try Option.parse(arguments, options: options, into: HRConfiguration())
        if case .run(let configuration) = result { try configuration.validate(arguments) }
        return result
    }

    package static var helpText: String {
        Option.helpText(
            overview: """
                A local fake of HR system APIs, serving one set of people in each vendor's shape with its paging and
                auth: Workday RaaS, BambooHR, SAP SuccessFactors OData v2, Personio, ADP Workforce Now and a
                generic REST source; with 429s, server errors, slow, malformed and truncated pages. Facts and
                set-up: docs/hr-sources.md.
                """,
            usage: "hr-emulator [--port N] [--people FILE | --people-count N] [--seed S] [options]",
            options: options)
    }

    /// Combinations no single flag can check.
    func validate(_ arguments: [String]) throws {
        if people != nil, arguments.contains(where: { $0 == "--people-count" || $0.hasPrefix("--people-count=") }) {
            throw EmulatorError.invalidValue(
                option: "--people-count", value: String(peopleCount), expected: "no --people-count with --people FILE")
        }
        if genericRecordsPath.isEmpty, genericPaging == .cursor {
            throw EmulatorError.invalidValue(
                option: "--generic-paging", value: "cursor",
                expected: "a --generic-records-path for the cursor to sit beside (a top-level array has no room)")
        }
    }

    static func choice<Value: RawRepresentable & CaseIterable>(_ option: String, _ value: String) throws -> Value
    where Value.RawValue == String {
        guard let choice = Value.allCases.first(where: { $0.rawValue == value.lowercased() }) else {
            let names = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw EmulatorError.invalidValue(option: option, value: value, expected: "one of \(names)")
        }
        return choice
    }

    /// Every flag, in `--help` order.
    static let options: [Option] =
        [
            Option(name: "--port", placeholder: "N", help: "TCP port; 0 picks a free one (default 0).") { c, v in
                c.port = try OptionValue.port("--port", v)
            },
            Option(name: "--host", placeholder: "ADDR", help: "IPv4 address to bind (default 127.0.0.1).") { c, v in
                c.host = try OptionValue.nonEmpty("--host", v)
            },
            Option(name: "--verbose", placeholder: nil, help: "Log one line per request to stderr (no secrets).") {
                c, _ in
                c.verbose = true
            },
            Option(
                name: "--people", placeholder: "FILE",
                help: "JSON array of people to serve (fields: GET /_hr/people shows them)."
            ) { c, v in
                do {
                    c.people = try Person.decodeList(Array(try Data(contentsOf: URL(fileURLWithPath: v))))
                } catch let error as PeopleFileError {
                    throw EmulatorError.invalidFile(option: "--people", path: v, problem: error.description)
                } catch {
                    throw EmulatorError.invalidFile(option: "--people", path: v, problem: error.localizedDescription)
                }
            },
            Option(name: "--people-count", placeholder: "N", help: "Generate N people (default 120).") { c, v in
                c.peopleCount = try OptionValue.integer("--people-count", v)
            },
            Option(name: "--seed", placeholder: "S", help: "Seed of the generated people and the faults (default 1).") {
                c, v in
                c.seed = try OptionValue.seed("--seed", v)
            },
            Option(name: "--page-size", placeholder: "N", help: "Records per page, at most (default 50).") { c, v in
                c.pageSize = try OptionValue.integer("--page-size", v, minimum: 1)
            },
            Option(
                name: "--next-link-host", placeholder: "HOST:PORT", help: "Next links point at this host instead."
            ) { c, v in
                c.nextLinkHost = try OptionValue.nonEmpty("--next-link-host", v)
            },
            Option(name: "--self-loop-page", placeholder: "N", help: "Page N's next link is its own URL.") { c, v in
                c.selfLoopPage = try OptionValue.integer("--self-loop-page", v, minimum: 1)
            },
        ] + genericOptions + credentialOptions + faultOptions

    static let genericOptions: [Option] = [
        Option(
            name: "--generic-paging", placeholder: "STYLE",
            help: "Generic source paging: none, next-link (default), offset, page or cursor."
        ) { c, v in
            c.genericPaging = try choice("--generic-paging", v)
        },
        Option(
            name: "--generic-auth", placeholder: "STYLE",
            help: "Generic source auth: none, basic, bearer (default), api-key or oauth2."
        ) { c, v in
            c.genericAuth = try choice("--generic-auth", v)
        },
        Option(
            name: "--generic-records-path", placeholder: "PATH",
            help: "Where generic records sit, e.g. data (default) or result.items; '' for a top-level array."
        ) { c, v in
            c.genericRecordsPath = v
        },
        Option(name: "--api-key-header", placeholder: "NAME", help: "Header of the API key (default X-API-Key).") {
            c, v in
            c.apiKeyHeader = try OptionValue.nonEmpty("--api-key-header", v)
        },
    ]

    static let credentialOptions: [Option] = [
        Option(name: "--user", placeholder: "U", help: "Basic auth user (default provision@emulator).") { c, v in
            c.user = try OptionValue.nonEmpty("--user", v)
        },
        Option(name: "--password", placeholder: "P", help: "Basic auth password.") { c, v in
            c.password = try OptionValue.nonEmpty("--password", v)
        },
        Option(name: "--api-key", placeholder: "K", help: "API key (BambooHR's basic user; generic api-key).") { c, v in
            c.apiKey = try OptionValue.nonEmpty("--api-key", v)
        },
        Option(name: "--client-id", placeholder: "ID", help: "OAuth client id for the token endpoints.") { c, v in
            c.clientID = try OptionValue.nonEmpty("--client-id", v)
        },
        Option(name: "--client-secret", placeholder: "S", help: "OAuth client secret.") { c, v in
            c.clientSecret = try OptionValue.nonEmpty("--client-secret", v)
        },
        Option(name: "--refresh-token", placeholder: "T", help: "Workday OAuth refresh token.") { c, v in
            c.refreshToken = try OptionValue.nonEmpty("--refresh-token", v)
        },
        Option(name: "--bearer-token", placeholder: "T", help: "A bearer token accepted without a token request.") {
            c, v in
            c.bearerToken = try OptionValue.nonEmpty("--bearer-token", v)
        },
        Option(name: "--token-lifetime", placeholder: "S", help: "Issued tokens' lifetime (default 3600).") { c, v in
            c.tokenLifetimeSeconds = try OptionValue.integer("--token-lifetime", v, minimum: 1)
        },
    ]

    static let faultOptions: [Option] = [
        Option(name: "--throttle-rate", placeholder: "P", help: "Share of data requests answered 429.") { c, v in
            c.throttleRate = try OptionValue.probability("--throttle-rate", v)
        },
        Option(
            name: "--throttle-status", placeholder: "N", help: "Status of a throttled answer: 429 (default) or 503."
        ) { c, v in
            guard v == "429" || v == "503" else {
                throw EmulatorError.invalidValue(option: "--throttle-status", value: v, expected: "429 or 503")
            }
            c.throttleStatus = Int(v)!
        },
        Option(name: "--retry-after", placeholder: "S", help: "Retry-After of a throttled answer (default 1).") {
            c, v in
            c.retryAfterSeconds = try OptionValue.integer("--retry-after", v)
        },
        Option(name: "--fail-rate", placeholder: "P", help: "Share of data requests answered 500 or 503.") { c, v in
            c.failRate = try OptionValue.probability("--fail-rate", v)
        },
        Option(name: "--drop-rate", placeholder: "P", help: "Share of data requests closed unanswered.") { c, v in
            c.dropRate = try OptionValue.probability("--drop-rate", v)
        },
        Option(name: "--slow-page-ms", placeholder: "MS", help: "Delay every page by MS milliseconds.") { c, v in
            c.slowPageMilliseconds = try OptionValue.integer("--slow-page-ms", v)
        },
        Option(name: "--malformed-page", placeholder: "N", help: "Page N answers 200 with a malformed body.") { c, v in
            c.malformedPage = try OptionValue.integer("--malformed-page", v, minimum: 1)
        },
        Option(
            name: "--malformed-kind", placeholder: "KIND",
            help: "broken-json (default), html, error ({\"error\":…}) or shape (no records)."
        ) { c, v in
            c.malformedKind = try choice("--malformed-kind", v)
        },
        Option(name: "--truncate-page", placeholder: "N", help: "Page N's body stops half way; connection closed.") {
            c, v in
            c.truncatePage = try OptionValue.integer("--truncate-page", v, minimum: 1)
        },
        Option(name: "--fail-after-page", placeholder: "N", help: "Pages after page N answer 500.") { c, v in
            c.failAfterPage = try OptionValue.integer("--fail-after-page", v)
        },
        Option(
            name: "--page-fault-times", placeholder: "N",
            help: "Malformed/truncated pages misbehave N times, then answer (default 0: always)."
        ) { c, v in
            c.pageFaultTimes = try OptionValue.integer("--page-fault-times", v)
        },
    ]
}
