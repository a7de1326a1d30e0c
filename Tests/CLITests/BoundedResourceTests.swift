import Foundation
import TestSupport
import Testing

/// The built `provision` against hostile servers, with its CPU seconds and peak memory as the kernel counted them
/// (`BinaryRunner.measured`): the work is bounded by the input and the caps, not by what a server sends. The limits
/// are those of docs/reliability.md, generous for a debug build on a busy machine.
@Suite struct BoundedResourceTests {
    /// The most memory a run may reach, whatever the size of the answers.
    static let peakMB = 100.0

    /// A 202 with a 300 MB body gave 373 MB of RSS per request and 2.96 GB with 12 batches in flight; a 100 MB 400
    /// 700 MB; a 200 MB schema 275 MB. Reading stops at each cap now: 12 requests in flight with 300 MB answers, and
    /// a 200 MB schema, stay under 100 MB.
    @Test(arguments: [202, 400])
    func hugeAnswersAreNotReadPastTheirCaps(status: Int) async throws {
        let server = try HostileServer { request in
            let size = request.target.hasSuffix("/schema") ? 200 << 20 : 300 << 20
            return .respond(
                status: request.method == "GET" ? 200 : status, headers: ["Content-Type": "application/json"],
                body: .repeated(0x78, count: size))
        }
        let setup = try HostileServerTests.Setup(server, users: 600)
        let run = try await BinaryRunner.measured(
            setup.arguments(["--max-attempts", "1"]), environment: setup.environment, timeout: 20)
        #expect(!run.killed, "\(run.summary)")
        #expect(run.peakMB < Self.peakMB, "\(run.summary)")
        // Up to 12 at once (the failed answers may stop the run before the last ones start).
        #expect(!server.requests.filter { $0.method == "POST" }.isEmpty, "\(run.summary)")
    }

    /// Holding one bulkUpload for 10 s cost 1.9 s user + 6.1 s sys (about 2,300 epoll, read and write calls a
    /// second): URLSession on Linux left each socket's write source armed. Waiting is idle now: 12 requests held for
    /// 5 s cost what the rest of the run costs.
    @Test func waitingForAnswersCostsNoCPU() async throws {
        let server = try HostileServer { request in
            guard request.method == "POST" else {
                return .text(403, #"{"error":{"code":"Authorization_RequestDenied","message":"no"}}"#)
            }
            Thread.sleep(forTimeInterval: 5)
            return .respond(status: 202)
        }
        let setup = try HostileServerTests.Setup(server, users: 600)
        let run = try await BinaryRunner.measured(setup.arguments(), environment: setup.environment, timeout: 20)
        #expect(run.status == 0, "\(run.summary): \(run.stderr)")
        #expect(run.cpuSeconds < 1.5, "\(run.summary)")
    }

    /// A 40 KB string in a schema answer cost 93 s of CPU and a 30 KB bulkUpload 400 body 47 s per batch: the
    /// redactor was quadratic and ran over every answer, 2xx included. Each costs milliseconds now.
    @Test func hostileTextInAnswersCostsLittleCPU() async throws {
        let schema = #"{"directories":[{"name":""# + String(repeating: "a", count: 40 << 10) + #"."}]}"#
        let error = String(repeating: "a", count: 30 << 10) + "."
        let server = try HostileServer { request in
            request.method == "GET" ? .text(200, schema) : .text(400, error, contentType: "text/plain")
        }
        let setup = try HostileServerTests.Setup(server, users: 100)
        let run = try await BinaryRunner.measured(setup.arguments(), environment: setup.environment, timeout: 20)
        #expect(run.status == 1, "\(run.summary): \(run.stderr)")
        #expect(run.cpuSeconds < 5, "\(run.summary)")
    }

    /// A logs page of long fields cost about 100 s: every field was redacted whole. Only what is shown is now.
    @Test func aLogsPageOfLongFieldsCostsLittleCPU() async throws {
        let long = String(repeating: "a", count: 10 << 10) + "."
        // Logged after the upload starts: status counts only the rows of that upload.
        let logged = ISO8601DateFormatter().string(from: Date().addingTimeInterval(60))
        let rows = (1...100).map { index -> [String: Any] in
            [
                "id": "row-\(index)", "activityDateTime": logged, "provisioningAction": "create",
                "sourceIdentity": ["id": "E\(index)", "displayName": long],
                "provisioningStatusInfo": [
                    "status": "failure",
                    "errorInformation": ["errorCode": "X", "reason": long, "recommendedAction": long],
                ],
            ]
        }
        let page = String(decoding: try JSONSerialization.data(withJSONObject: ["value": rows]), as: UTF8.self)
        let server = try HostileServer { request in
            if request.target.contains("/auditLogs/provisioning") { return .text(200, page) }
            return request.method == "POST" ? .respond(status: 202) : .text(403, #"{"error":{"code":"Denied"}}"#)
        }
        let setup = try HostileServerTests.Setup(server, users: 60)
        let upload = try await BinaryRunner.run(setup.arguments(), environment: setup.environment)
        #expect(upload.status == 0, "\(upload.stderr)")
        let run = try await BinaryRunner.measured(
            ["status", "--report", setup.report.path], environment: setup.environment, timeout: 20)
        #expect(run.status == 1, "\(run.summary): \(run.stderr)")
        #expect(run.stdout.contains("60") && run.stdout.contains("failure"), "\(run.stdout)")
        #expect(run.cpuSeconds < 5, "\(run.summary)")
    }
}
