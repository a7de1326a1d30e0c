import Foundation
import TestSupport
import Testing

/// `provision` against a hostile loopback server: what an attacker-controlled or broken endpoint (or a proxy in
/// front of it) can make the tool do. The answers it must not accept or echo run in process (the real transport
/// too); the built binary where a process is needed: a signal, or a deadline the run must keep.
@Suite(.timeLimit(.minutes(3))) struct HostileServerTests {
    /// Shaped like a real access token, so that the JWT rule as well as the bearer rule would catch an echo.
    static let token =
        "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0"
        + ".eyJyb2xlcyI6WyJTeW5jaHJvbml6YXRpb25EYXRhLVVzZXIuVXBsb2FkIl19.dG9rZW4tc2lnbmF0dXJlLTEyMzQ1Njc4OTA"

    struct Setup {
        let workspace: Workspace
        let input: URL
        let report: URL
        let state: URL
        let environment: [String: String]

        init(_ server: HostileServer, users: Int = 60) throws {
            workspace = try Workspace()
            input = workspace.url("users.csv")
            try writeUsers(users, to: input)
            report = workspace.url("report.json")
            state = workspace.url("state.jsonl")
            environment = [
                "PROVISION_ENDPOINT": server.bulkUploadURL, "PROVISION_ACCESS_TOKEN": HostileServerTests.token,
            ]
        }

        func arguments(_ extra: [String] = []) -> [String] {
            ["upload", input.path, "--report", report.path, "--state", state.path] + extra
        }
    }

    /// A response dripping one byte every 5 s never timed out, and SIGTERM could not stop the run. Now the stop
    /// gives requests on the wire a short grace, then cancels them: exit 75 within a few seconds, nothing journalled.
    @Test func sigtermStopsARunStuckOnADrippingServer() async throws {
        let server = try HostileServer { _ in
            .respond(status: 202, body: .drip(Data(repeating: 0x20, count: 100), interval: 5))
        }
        let setup = try Setup(server)
        let running = try BinaryRunner.start(setup.arguments(), environment: setup.environment)
        _ = await eventually(seconds: 20) { !server.requests.isEmpty }
        #expect(!server.requests.isEmpty, "no request reached the server")
        let signalled = Date()
        running.signal(SIGTERM)
        let result = await running.wait(timeout: 60)
        let seconds = result.exitedAt.timeIntervalSince(signalled)
        #expect(result.status == 75, "\(result.stderr)")
        #expect(seconds < 15, "the stop took \(seconds) s")
        let report = try readReport(setup.report)
        #expect(report["accepted"] as? Int == 0)
        let journalURL = URL(fileURLWithPath: setup.report.path + ".journal")
        let journal = (try? String(contentsOf: journalURL, encoding: .utf8)) ?? ""
        #expect(!journal.contains(#""kind":"accepted""#))
    }

    /// `--timeout` was ignored (always 60 s). A server that never answers times the request out after it.
    @Test func theTimeoutOptionIsTheDeadlineOfEachRequest() async throws {
        let server = try HostileServer { _ in .silence }
        let setup = try Setup(server, users: 10)
        let result = try await BinaryRunner.run(
            setup.arguments(["--timeout", "2", "--max-attempts", "1"]), environment: setup.environment, timeout: 50)
        let seconds = result.seconds
        #expect(result.status == 1, "\(result.stderr)")
        #expect(seconds < 40, "--timeout 2 took \(seconds) s")
        let batches = try #require(readReport(setup.report)["batches"] as? [[String: Any]])
        #expect((batches.first?["error"] as? [String: Any])?["code"] as? String == "Timeout")
    }

    /// A proxy's sign-in page (200 text/html) was counted as accepted and written into the state.
    @Test func anHTMLSignInPageIsNeitherAcceptedNorWrittenIntoTheState() async throws {
        let server = try HostileServer { _ in
            .text(
                200, "<html><head><title>Guest Wi-Fi: sign in</title></head><body>…</body></html>",
                contentType: "text/html")
        }
        let setup = try Setup(server)
        let result = await InProcessCommand.run(setup.arguments(), environment: setup.environment)
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.contains("proxy") && result.stderr.contains("captive portal"))
        let report = try readReport(setup.report)
        #expect(report["accepted"] as? Int == 0)
        let state = (try? String(contentsOf: setup.state, encoding: .utf8)) ?? ""
        #expect(!state.contains("\"E1\""), "the state records users the service never accepted")
    }

    /// Another 2xx than 202 is accepted, with a warning.
    @Test func anotherSuccessStatusIsAcceptedWithAWarning() async throws {
        let server = try HostileServer { _ in .text(200, "{}") }
        let setup = try Setup(server)
        let result = await InProcessCommand.run(setup.arguments(), environment: setup.environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("HTTP 200 instead of 202 Accepted"))
    }

    /// A 200 `application/json` Graph error, or a 200 `text/plain` "Please sign in", was counted accepted and
    /// written into the state (exit 0, a warning only). It is a failed batch now: nothing accepted, nothing stored.
    @Test(arguments: [
        ("application/json", #"{"error":{"code":"InternalServerError","message":"Nothing was stored."}}"#),
        ("text/plain", "Please sign in"),
    ])
    func aSuccessStatusCarryingAnErrorIsNotAnAcceptance(contentType: String, body: String) async throws {
        let server = try HostileServer { _ in .text(200, body, contentType: contentType) }
        let setup = try Setup(server)
        let result = await InProcessCommand.run(setup.arguments(), environment: setup.environment)
        #expect(result.status != 0, "\(result.stderr)")
        #expect(result.stderr.contains("not taken as accepted"), "\(result.stderr)")
        let report = try readReport(setup.report)
        #expect(report["accepted"] as? Int == 0)
        let state = (try? String(contentsOf: setup.state, encoding: .utf8)) ?? ""
        #expect(!state.contains("\"E1\""), "the state records users the service never accepted")
    }

    /// A 400 or 502 body echoing the Authorization header put the bearer token on stderr and in the report; a bare
    /// line feed in server text started a new log line.
    @Test(arguments: [400, 502])
    func anEchoedAuthorizationHeaderIsRedactedEverywhere(status: Int) async throws {
        let server = try HostileServer { request in
            let echo = "Authorization: \(request.header("Authorization") ?? "")"
            return .text(status, "rejected\nprovision: all records accepted\n\(echo)", contentType: "text/plain")
        }
        let setup = try Setup(server)
        let result = await InProcessCommand.run(
            setup.arguments(["--max-attempts", "1", "--verbose"]), environment: setup.environment)
        #expect(result.status == 1, "\(result.stderr)")
        let report = try String(contentsOf: setup.report, encoding: .utf8)
        for output in [result.stdout, result.stderr, report] {
            #expect(!output.contains(Self.token))
            #expect(!output.contains("eyJ0eXAi"))
        }
        #expect(result.stderr.contains("Bearer [redacted]"))
        #expect(!result.stderr.contains("\nprovision: all records accepted"), "a server line reached stderr as a line")
    }

    /// `Retry-After: 999999` waited 11.6 days. Beyond --max-wait (10 minutes by default) the run stops at once,
    /// resumably, naming the value.
    @Test func aRetryAfterBeyondMaxWaitStopsTheRunResumably() async throws {
        let server = try HostileServer { _ in
            let body = #"{"error":{"code":"TooManyRequests","message":"Please retry again later."}}"#
            return .respond(
                status: 429, headers: ["Retry-After": "999999", "Content-Type": "application/json"],
                body: .bytes(Data(body.utf8)))
        }
        let setup = try Setup(server)
        let result = try await BinaryRunner.run(setup.arguments(), environment: setup.environment, timeout: 60)
        #expect(result.status == 75, "\(result.stderr)")
        #expect(result.stderr.contains("Retry-After: 999999") && result.stderr.contains("--max-wait"))
        #expect(result.seconds < 40)
    }

    /// A token endpoint on `server`: the secret credential's environment (the bulkUpload endpoint too).
    static func secretEnvironment(_ server: HostileServer) -> [String: String] {
        [
            "PROVISION_ENDPOINT": server.bulkUploadURL, "AZURE_AUTHORITY_HOST": server.baseURL,
            "AZURE_TENANT_ID": "00000000-0000-0000-0000-0000000000aa",
            "AZURE_CLIENT_ID": "11111111-1111-1111-1111-111111111111", "AZURE_CLIENT_SECRET": "hostile-test-secret",
        ]
    }

    static let tokenAnswer = HostileServer.Reply.text(
        200, #"{"token_type":"Bearer","expires_in":3599,"access_token":"\#(token)"}"#)

    /// Waiting on a token endpoint that never answered ignored SIGTERM and SIGINT, repeated ones included (alive after
    /// 24 s and 177 s). Now a signal ends the wait at once: exit 75, nothing sent, the journal as it was.
    @Test func signalsStopARunWaitingOnASilentTokenEndpointWithTheJournalIntact() async throws {
        let tokenSilent = Flag()
        let uploads = Flag()
        let server = try HostileServer { request in
            if request.target.hasSuffix("/oauth2/v2.0/token") { return tokenSilent.isSet ? .silence : Self.tokenAnswer }
            guard request.target.hasSuffix("/bulkUpload") else { return .text(404, "{}") }
            // The first batch is accepted, the second never answered: night one is stopped with one batch journalled.
            defer { uploads.set() }
            return uploads.isSet ? .silence : .respond(status: 202)
        }
        let setup = try Setup(server)
        let environment = Self.secretEnvironment(server)
        let arguments = setup.arguments(["--concurrency", "1", "--resume"])
        let night = try BinaryRunner.start(arguments, environment: environment)
        _ = await eventually(seconds: 30) { server.requests.filter { $0.target.hasSuffix("/bulkUpload") }.count >= 2 }
        night.signal(SIGTERM)
        let first = await night.wait(timeout: 60)
        #expect(first.status == 75, "\(first.stderr)")
        let journalURL = URL(fileURLWithPath: setup.report.path + ".journal")
        let journal = try Data(contentsOf: journalURL)
        #expect(String(decoding: journal, as: UTF8.self).contains(#""kind":"accepted""#), "night one journalled")

        tokenSilent.set()
        let before = server.requests.count
        let resume = try BinaryRunner.start(arguments, environment: environment)
        _ = await eventually(seconds: 30) { server.requests.count > before }
        #expect(server.requests.last?.target.hasSuffix("/oauth2/v2.0/token") == true, "the token request arrived")
        let signalled = Date()
        resume.signal(SIGTERM)
        try await Task.sleep(nanoseconds: 100_000_000)
        resume.signal(SIGINT)
        resume.signal(SIGTERM)
        let result = await resume.wait(timeout: 30)
        let seconds = result.exitedAt.timeIntervalSince(signalled)
        #expect(result.status == 75, "\(result.stderr)")
        #expect(seconds < 10, "the stop took \(seconds) s")
        #expect(result.stderr.contains("stopped while waiting for a token"), "\(result.stderr)")
        #expect(server.requests.count == before + 1, "nothing but the token request was sent")
        #expect(try Data(contentsOf: journalURL) == journal, "the journal is as night one left it")
        #expect(try readReport(setup.report)["exitStatus"] as? Int == 75)
    }

    /// Token requests ignored `--timeout` and `--max-attempts` (a fixed 30 s deadline, 5 attempts: 180 s, then 69).
    @Test func theTimeoutAndMaxAttemptsApplyToTokenRequests() async throws {
        let server = try HostileServer { _ in .silence }
        let setup = try Setup(server, users: 5)
        let result = try await BinaryRunner.run(
            setup.arguments(["--timeout", "1", "--max-attempts", "2"]), environment: Self.secretEnvironment(server),
            timeout: 60)
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.contains("after 2 attempts"), "\(result.stderr)")
        #expect(server.requests.count == 2)
        #expect(server.requests.allSatisfy { $0.target.hasSuffix("/oauth2/v2.0/token") })
    }
}
