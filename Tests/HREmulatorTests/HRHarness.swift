import EmulatorKit
import Foundation
import JSONDocument
import TestSupport
import Testing

@testable import HREmulator

/// An HR emulator answered in process (no socket), with a manual clock, a sleeper that records instead of
/// sleeping and a captured log; links point at `http://hr.test`.
final class HRHarness: Sendable {
    static let base = "http://hr.test"
    let emulator: HREmulator
    let clock = ManualEmulatorClock()
    let sleeps = Recorder<Double>()
    let logs = Recorder<String>()

    init(_ configure: (inout HRConfiguration) -> Void = { _ in }) {
        var configuration = HRConfiguration()
        configuration.peopleCount = 23
        configuration.pageSize = 5
        configure(&configuration)
        let sleeps = sleeps
        let logs = logs
        emulator = HREmulator(
            configuration: configuration, clock: clock, log: { logs.append($0) }, sleep: { sleeps.append($0) },
            baseURL: Self.base)
    }

    var people: [Person] { emulator.state.withModel { $0.people } }

    func send(_ method: String, _ target: String, headers: [String: String] = [:], body: String = "")
        -> HTTPResponseMessage
    {
        let target = target.hasPrefix(Self.base) ? String(target.dropFirst(Self.base.count)) : target
        return emulator.handle(
            HTTPRequestMessage(
                method: method, target: target, headers: headers.map { HTTPHeader($0.key, $0.value) },
                body: Array(body.utf8)))
    }

    func get(_ target: String, headers: [String: String] = [:]) -> HTTPResponseMessage {
        send("GET", target, headers: headers)
    }

    static func basic(_ user: String, _ password: String) -> [String: String] {
        ["Authorization": "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()]
    }

    static let goodBasic = basic("provision@emulator", "hr-password")
    static let staticBearer = ["Authorization": "Bearer hr-bearer-token"]
    static func bearer(_ token: String) -> [String: String] { ["Authorization": "Bearer \(token)"] }

    /// A token from the client-credentials endpoint.
    func token(path: String = "/oauth2/token") throws -> String {
        let response = send(
            "POST", path, headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: "grant_type=client_credentials&client_id=hr-client&client_secret=hr-client-secret")
        return try #require(response.json?["access_token"]?.stringValue)
    }

    func stat(_ name: String) -> Int {
        guard case .number(let text)? = get("/_hr/stats").json?[name] else { return -1 }
        return Int(text) ?? -1
    }
}

extension HTTPResponseMessage {
    var json: JSON? { try? JSON.parse(body) }
    var text: String { String(decoding: body, as: UTF8.self) }
}

extension JSON {
    var intValue: Int? {
        if case .number(let text) = self { return Int(text) }
        return nil
    }
}
