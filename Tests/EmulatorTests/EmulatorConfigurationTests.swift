import EmulatorKit
import Foundation
import JSONDocument
import Testing

@testable import EntraEmulator

@Suite struct EmulatorConfigurationTests {
    static func parsed(_ arguments: [String]) throws -> EmulatorConfiguration {
        guard case .run(let configuration) = try EmulatorConfiguration.parse(arguments) else {
            throw EmulatorError.missingValue(option: "help")
        }
        return configuration
    }

    @Test func defaultsAreTheDocumentedLimits() throws {
        let configuration = try Self.parsed([])
        // The client's default pace; the newer documents' 40 per 5 s stays one flag away.
        #expect(configuration.rate == .init(count: 40, windowSeconds: 1))
        #expect(try Self.parsed(["--rate", "40/5s"]).rate == .init(count: 40, windowSeconds: 5))
        #expect(configuration.logsRate == .init(count: 5, windowSeconds: 10))
        #expect(configuration.dailyQuota == 6000)
        #expect(configuration.tokenLifetimeSeconds == 3599)
        #expect(
            configuration.roles == [
                "SynchronizationData-User.Upload", "AuditLog.Read.All", "Synchronization.ReadWrite.All",
                "User.Read.All",
            ])
        #expect(configuration.directoryRate == .init(count: 3500, windowSeconds: 10))
        #expect(configuration.directoryFailRate == 0 && configuration.directorySeed.isEmpty)
        #expect(configuration.unresolvedManager == .warning)
        #expect(configuration.maxBodyBytes == 4 * 1024 * 1024)
    }

    @Test func parsesFlagsInBothSpellings() throws {
        let configuration = try Self.parsed([
            "--port", "8080", "--rate=40/1s", "--retry-after", "2.128", "--fail-rate", "0.05", "--seed=7",
            "--job-state", "paused",
            "--roles", "A, B", "--allow-delete", "--verbose", "--logs-rate", "10/s", "--unresolved-manager=Failure",
        ])
        #expect(configuration.unresolvedManager == .failure)
        #expect(configuration.port == 8080)
        #expect(configuration.rate == .init(count: 40, windowSeconds: 1))
        #expect(configuration.retryAfterSeconds == 2.128)
        #expect(configuration.failRate == 0.05)
        #expect(configuration.seed == 7)
        #expect(configuration.jobState == .paused)
        #expect(configuration.roles == ["A", "B"])
        #expect(configuration.allowDelete && configuration.verbose)
        #expect(configuration.logsRate == .init(count: 10, windowSeconds: 1))
    }

    static let invalid: [(arguments: [String], error: EmulatorError)] = [
        (["--prot", "1"], .unknownOption("--prot", suggestion: "--port")),
        (["--port"], .missingValue(option: "--port")),
        (["--port", "70000"], .invalidValue(option: "--port", value: "70000", expected: "0...65535")),
        (
            ["--rate", "40"],
            .invalidValue(option: "--rate", value: "40", expected: "COUNT/SECONDS, e.g. 40/5s or 40/1s")
        ),
        (
            ["--fail-rate", "1.5"],
            .invalidValue(option: "--fail-rate", value: "1.5", expected: "a probability from 0 to 1, e.g. 0.05")
        ),
        (
            ["--job-state", "Running"],
            .invalidValue(option: "--job-state", value: "Running", expected: "Active, Paused or Quarantine")
        ),
        (["--latency", "-1"], .invalidValue(option: "--latency", value: "-1", expected: "a whole number >= 0")),
        (
            ["--unresolved-manager", "skip"],
            .invalidValue(option: "--unresolved-manager", value: "skip", expected: "warning or failure")
        ),
    ]

    @Test(arguments: invalid)
    func refusesBadArguments(arguments: [String], error: EmulatorError) {
        #expect(throws: error) { try EmulatorConfiguration.parse(arguments) }
        #expect(error.errorDescription?.isEmpty == false)
    }

    @Test func helpListsEveryOption() throws {
        #expect(try EmulatorConfiguration.parse(["--help"]) == .help)
        let help = EmulatorConfiguration.helpText
        #expect(help.hasPrefix("OVERVIEW:"))
        for option in EmulatorConfiguration.options { #expect(help.contains(option.name)) }
    }

    @Test func bannerNamesEndpointAuthorityAndTheCredentialsItAccepts() {
        let banner = Emulator.banner(port: 4321, configuration: EmulatorConfiguration())
        #expect(
            banner.split(separator: "\n") == [
                "listening on http://127.0.0.1:4321",
                "endpoint http://127.0.0.1:4321/v1.0/servicePrincipals/22222222-2222-2222-2222-222222222222/synchronization/jobs/API2AAD.000000000000000000000000000000aa.33333333-3333-3333-3333-333333333333/bulkUpload",
                "authority http://127.0.0.1:4321",
                "tenant-id 00000000-0000-0000-0000-0000000000aa",
                "client-id 11111111-1111-1111-1111-111111111111",
                "client-secret emulator-secret",
                "roles SynchronizationData-User.Upload,AuditLog.Read.All,Synchronization.ReadWrite.All,User.Read.All",
                "rate 40/1s",
            ])
        var custom = EmulatorConfiguration()
        (custom.tenantID, custom.clientID, custom.clientSecret) = ("contoso", "app-1", "s3cret")
        custom.rate = .init(count: 40, windowSeconds: 5)
        let lines = Emulator.banner(port: 1, configuration: custom).split(separator: "\n")
        #expect(lines.contains("tenant-id contoso") && lines.contains("client-id app-1"))
        #expect(lines.contains("client-secret s3cret") && lines.contains("rate 40/5s"))
    }

    @Test func secondStartIsRefusedAndBusyPortReportsAnError() throws {
        let emulator = Emulator(configuration: EmulatorConfiguration())
        let port = try emulator.start()
        defer { emulator.stop() }
        #expect(throws: EmulatorError.alreadyRunning) { try emulator.start() }
        var busy = EmulatorConfiguration()
        busy.port = port
        #expect(throws: EmulatorError.self) { try Emulator(configuration: busy).start() }
    }
}

@Suite struct JSONAndHashingTests {
    @Test func roundTripsMembersInOrderWithExactNumbers() throws {
        let text = #"{"b":1.50,"a":[true,false,null,"x\"\n\u00e9\ud83d\ude00"],"c":{"d":-0.5e3}}"#
        let value = try JSON.parse(Array(text.utf8))
        #expect(value["b"] == .number("1.50"))
        #expect(value["a"]?.arrayValue?[3] == .string("x\"\né😀"))
        #expect(try JSON.parse(value.serialized) == value)
        #expect(String(decoding: value.serialized, as: UTF8.self).hasPrefix(#"{"b":1.50,"a":"#))
    }

    @Test(arguments: [
        "", "{", "[1,]", "01", "\"\u{01}\"", "{\"a\" 1}", "tru", "1 2", "\"\\x\"", "[\"\\ud800\"",
        String(repeating: "[", count: 200),
    ])
    func refusesMalformedJSON(text: String) {
        #expect(throws: JSONParseError.self) { try JSON.parse(Array(text.utf8)) }
    }

    @Test func sha256AndHMACMatchKnownVectors() {
        let hex = { (bytes: [UInt8]) in bytes.map { String(format: "%02x", $0) }.joined() }
        #expect(
            hex(HMAC.sha256(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // RFC 4231 test case 2.
        #expect(
            hex(HMAC.sha256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func timestampsRoundTrip() {
        #expect(Timestamp.iso8601(1_704_067_200) == "2024-01-01T00:00:00Z")
        #expect(Timestamp.parseISO8601("2024-01-01T00:00:00Z") == 1_704_067_200)
        #expect(Timestamp.parseISO8601("2024-01-01T01:00:00.5+01:00") == 1_704_067_200.5)
        #expect(Timestamp.parseISO8601("2024-13-01T00:00:00Z") == nil)
        #expect(Timestamp.httpDate(1_704_067_200) == "Mon, 01 Jan 2024 00:00:00 GMT")
    }
}
