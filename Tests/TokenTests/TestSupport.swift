import Foundation
import TestSupport
import Testing
import Transport

@testable import Token

/// A server scripted as a list of answers (the last one repeats); each answer is a response or a transport error.
struct ScriptedServer: Sendable {
    enum Answer: Sendable {
        case respond(HTTPResponse)
        case fail(TransportError)
    }

    /// Every request the server saw, in order.
    let log = Recorder<HTTPRequest>()
    private let answers: [Answer]

    init(_ answers: [Answer]) { self.answers = answers }

    var transport: ClosureTransport {
        ClosureTransport { [log, answers] request in
            let index = min(log.append(request), answers.count - 1)
            switch answers[index] {
            case .respond(let response): return response
            case .fail(let error): throw error
            }
        }
    }
}

extension ScriptedServer.Answer {
    static func json(_ status: Int, _ body: String, headers: [String: String] = [:]) -> Self {
        var all = headers
        all["Content-Type"] = "application/json; charset=utf-8"
        return .respond(HTTPResponse(status: status, headers: all, body: Data(body.utf8)))
    }

    static let okToken = json(
        200, #"{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"tok-1"}"#)
}

/// The form fields of a request body, decoded as a server would (`+` is a space, then percent-decoding).
func formFields(_ request: HTTPRequest) -> [String: String] {
    let text = String(decoding: request.body ?? Data(), as: UTF8.self)
    var fields: [String: String] = [:]
    for pair in text.split(separator: "&") {
        let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        func decode(_ part: Substring) -> String {
            part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "<undecodable>"
        }
        fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
    }
    return fields
}

func queryItems(_ url: URL) -> [String: String] {
    let items = URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems ?? []
    return Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
}

/// Runs `body` and returns the TokenError it threw; records an issue when it threw nothing or something else.
func tokenError(sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async
    -> TokenError?
{
    do {
        try await body()
        Issue.record("expected a TokenError, nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as TokenError {
        return error
    } catch {
        Issue.record("expected a TokenError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

let globalCloud = CloudProfile.forGraphHost("graph.microsoft.com")
/// A fixed wall clock so that epoch expiries convert exactly.
let pinnedWallClock = Date(timeIntervalSince1970: 1_700_000_000)

func makeClient(
    _ credential: Credential, server: ScriptedServer, time: any TimeSource = ManualTimeSource(start: 1000),
    cloud: CloudProfile = globalCloud
) -> TokenClient {
    TokenClient(
        credential: credential, cloud: cloud, transport: server.transport, time: time,
        wallClock: { pinnedWallClock })
}
