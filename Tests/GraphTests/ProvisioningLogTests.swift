import Foundation
import Graph
import TestSupport
import Testing
import Transport

@Suite struct ProvisioningLogTests {
    static func row(_ id: String, _ status: String, at: String, action: String = "create", code: String? = nil)
        -> [String: Any]
    {
        var info: [String: Any] = ["status": status]
        if let code { info["errorInformation"] = ["errorCode": code, "reason": "r", "recommendedAction": "fix it"] }
        return [
            "id": UUID().uuidString, "activityDateTime": at, "provisioningAction": action,
            "provisioningStatusInfo": info,
            "statusInfo": ["status": "success"], "sourceIdentity": ["id": id, "displayName": "n"], "jobId": "job",
        ]
    }

    @Test func followsNextLinksAndKeepsTheNewestRowPerRecord() async throws {
        let pageObjects: [[String: Any]] = [
            [
                "value": [
                    Self.row("1", "failure", at: "2026-11-23T10:00:00Z", code: "X"),
                    Self.row("2", "success", at: "2026-11-23T10:00:00Z"),
                ],
                "@odata.nextLink": "http://127.0.0.1:9/v1.0/auditLogs/provisioning?$skiptoken=abc",
            ],
            ["value": [Self.row("1", "success", at: "2026-11-23T10:05:00Z", action: "update")]],
        ]
        let pages = try pageObjects.map { try JSONSerialization.data(withJSONObject: $0) }
        let requests = Recorder<String>()
        let transport = ClosureTransport { request in
            let index = requests.append(request.url.absoluteString)
            #expect(request.header("Authorization") == "Bearer tok")
            return HTTPResponse(status: 200, body: pages[index])
        }
        let client = ProvisioningLogClient(transport: transport, tokens: FixedTokens(), time: ManualTimeSource())
        let query = ProvisioningLogClient.Query(
            graphBase: "http://127.0.0.1:9", version: "v1.0", jobId: "job",
            since: Date(timeIntervalSince1970: 1_700_000_000))
        let entries = Array(try await client.read(query).newest.values)
        #expect(requests.all.count == 2)
        #expect(requests.all[0].contains("jobId%20eq%20'job'%20and%20activityDateTime%20ge%202023-11-14T22:13:20Z"))
        #expect(requests.all[0].hasSuffix("&$top=999"), "the largest page: \(requests.all[0])")
        #expect(requests.all[1].hasSuffix("$skiptoken=abc"))
        let summary = StatusSummary(uploaded: [("1", 2), ("2", 3), ("3", 4)], entries: entries)
        #expect(summary.records.first?.entry?.status == "success")  // the newer row wins over the older failure
        #expect(summary.byStatus == ["success": 2])
        #expect(summary.byAction == ["update": 1, "create": 1])
        #expect(summary.pending.map(\.externalId) == ["3"])
        #expect(!summary.isComplete)
    }

    /// One upload's outcome: rows from before it, and from a later upload of the same people, are not its; a resend
    /// within the upload (its span) and a heal's resend are.
    @Test func theOutcomeIsTheUploadsOwnNewestRow() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        func entry(_ id: String, _ status: String, after seconds: Double, action: String = "create")
            -> ProvisioningLogEntry
        {
            ProvisioningLogEntry(
                id: UUID().uuidString, activityDateTime: start.addingTimeInterval(seconds), externalId: id,
                displayName: nil, action: action, status: status, errorCode: nil, reason: nil, recommendedAction: nil,
                cycleId: nil)
        }
        let entries = [
            entry("E1", "success", after: 300), entry("E1", "failure", after: 86_400, action: "update"),
            entry("E2", "failure", after: -100),
            entry("E3", "warning", after: 300), entry("E3", "success", after: 900),
            entry("E3", "failure", after: 90_000),
            entry("E4", "warning", after: 300), entry("E4", "success", after: 3_900),
            entry("E5", "warning", after: 300), entry("E5", "success", after: 320),
        ]
        let uploads = [
            StatusSummary.Upload(externalId: "E1", line: 2), StatusSummary.Upload(externalId: "E2", line: 3),
            StatusSummary.Upload(externalId: "E3", line: 4, span: 600),
            StatusSummary.Upload(externalId: "E4", line: 5, resentAt: [start.addingTimeInterval(3_600)]),
            StatusSummary.Upload(externalId: "E5", line: 6),
        ]
        let summary = StatusSummary(uploads: uploads, entries: entries, since: start)
        let statuses = summary.records.map { $0.entry?.status ?? "pending" }
        #expect(statuses == ["success", "pending", "success", "success", "success"])
        #expect(summary.records[0].entry?.action == "create", "the later upload's update is not this upload's")
        #expect(summary.byAction == ["create": 4])
    }

    @Test func refusesANextLinkToAnotherHost() async {
        let transport = ClosureTransport { _ in
            HTTPResponse(
                status: 200, body: Data(#"{"value":[],"@odata.nextLink":"https://evil.example.com/steal"}"#.utf8))
        }
        let client = ProvisioningLogClient(transport: transport, tokens: FixedTokens(), time: ManualTimeSource())
        await #expect(throws: ProvisioningLogError.self) {
            try await client.read(
                .init(graphBase: "http://127.0.0.1:9", version: "v1.0", jobId: "j", since: Date()))
        }
    }

    @Test func forbiddenNamesThePermission() async {
        let transport = ClosureTransport { _ in
            HTTPResponse(
                status: 403, body: Data(#"{"error":{"code":"Authorization_RequestDenied","message":"no"}}"#.utf8))
        }
        let client = ProvisioningLogClient(transport: transport, tokens: FixedTokens(), time: ManualTimeSource())
        do {
            _ = try await client.read(
                .init(graphBase: "http://127.0.0.1:9", version: "v1.0", jobId: "j", since: Date()))
            Issue.record("expected 403")
        } catch {
            #expect(error == .forbidden(code: "Authorization_RequestDenied"))
            #expect(error.localizedDescription.contains("AuditLog.Read.All"))
        }
    }

    @Test func throttledRequestsWaitRetryAfterThenSucceed() async throws {
        let time = ManualTimeSource()
        let calls = Recorder<String>()
        let transport = ClosureTransport { request in
            let index = calls.append(request.url.absoluteString)
            if index == 0 { return HTTPResponse(status: 429, headers: ["Retry-After": "7"], body: Data()) }
            return HTTPResponse(status: 200, body: Data(#"{"value":[]}"#.utf8))
        }
        let client = ProvisioningLogClient(transport: transport, tokens: FixedTokens(), time: time)
        let task = Task {
            try await client.read(
                .init(graphBase: "http://127.0.0.1:9", version: "v1.0", jobId: "j", since: Date()))
        }
        for _ in 0..<10_000 where time.sleeperCount == 0 { await Task.yield() }
        #expect(time.nextDeadline == 7)
        time.advance(by: 7)
        #expect(try await task.value.newest.isEmpty)
        #expect(calls.all.count == 2)
    }

    @Test func staysUnderFiveRequestsInTenSeconds() async throws {
        let time = ManualTimeSource()
        let starts = Recorder<String>()
        let transport = ClosureTransport { _ in
            let page = starts.append(String(time.now()))
            return HTTPResponse(
                status: 200, body: Data(#"{"value":[],"@odata.nextLink":"http://127.0.0.1:9/next?p=\#(page)"}"#.utf8))
        }
        let client = ProvisioningLogClient(transport: transport, tokens: FixedTokens(), time: time)
        let task = Task {
            try await client.read(
                .init(graphBase: "http://127.0.0.1:9", version: "v1.0", jobId: "j", since: Date()))
        }
        for _ in 0..<10_000 where starts.all.count < 5 || time.sleeperCount == 0 { await Task.yield() }
        #expect(starts.all.count == 5)
        #expect(time.nextDeadline == 11, "a slot is free 10 s (and a second's margin) after its answer")
        task.cancel()
        for _ in 0..<100 where time.sleeperCount > 0 {
            time.advance(by: 10)
            await Task.yield()
        }
        _ = try? await task.value
    }
}

/// Next links that loop or never end kept `status`, `upload --wait` and `--heal` paging for hours, whatever `--wait`
/// said, with every row kept.
@Suite struct ProvisioningLogPagingTests {
    static let query = ProvisioningLogClient.Query(
        graphBase: "http://127.0.0.1:9", version: "v1.0", jobId: "j", since: Date())

    static func page(_ rows: [[String: Any]], next: String?) -> Data {
        var object: [String: Any] = ["value": rows]
        if let next { object["@odata.nextLink"] = next }
        return try! JSONSerialization.data(withJSONObject: object)
    }

    /// A next link to the page itself, or back to an earlier page, is refused instead of followed forever.
    @Test(arguments: ["self", "earlier"])
    func aNextLinkToAPageAlreadyReadIsRefused(loop: String) async {
        let requests = Recorder<String>()
        let transport = ClosureTransport { request in
            let index = requests.append(request.url.absoluteString)
            let next =
                loop == "self" || index == 0
                ? "http://127.0.0.1:9/v1.0/auditLogs/provisioning?$skiptoken=\(loop == "self" ? 1 : index + 1)"
                : "http://127.0.0.1:9/v1.0/auditLogs/provisioning?$skiptoken=1"
            return HTTPResponse(status: 200, body: Self.page([], next: next))
        }
        let client = ProvisioningLogClient(transport: transport, tokens: FixedTokens(), time: ManualTimeSource())
        do {
            _ = try await client.read(Self.query)
            Issue.record("a looping next link must be refused")
        } catch {
            #expect(error.localizedDescription.contains("already read"))
        }
        #expect(requests.all.count <= 3, "\(requests.all.count) requests")
    }

    /// An endless chain of new links stops at the deadline (`--wait`), with what was read so far: the first page
    /// is always read, no page is requested after the deadline.
    @Test func anEndlessChainStopsAtTheDeadline() async throws {
        let time = ManualTimeSource()
        let requests = Recorder<String>()
        let transport = ClosureTransport { _ in
            let index = requests.append(String(time.now()))
            time.advance(by: 3)
            let row = ProvisioningLogTests.row("E\(index)", "success", at: "2026-11-23T10:00:00Z")
            return HTTPResponse(
                status: 200, body: Self.page([row], next: "http://127.0.0.1:9/v1.0/next?page=\(index + 1)"))
        }
        let client = ProvisioningLogClient(
            transport: transport, tokens: FixedTokens(), time: time,
            window: RequestWindow(count: 1000, seconds: 10, time: time))
        let read = try await client.read(Self.query, until: time.now() + 10)
        #expect(!read.complete)
        #expect(requests.all.count == 4, "\(requests.all)")
        #expect(read.newest.count == 4)
    }

    /// What a read keeps is bounded however many rows the pages hold: at most `LogRows.perRecord` rows of each
    /// record asked for (its earliest and newest), and the newest row of each other record.
    @Test func theRowsKeptAreBoundedWhateverThePagesHold() async throws {
        let rows = (0..<2000).map { index in
            ProvisioningLogTests.row(
                index % 2 == 0 ? "E\(index % 10)" : "other-\(index)", index % 3 == 0 ? "failure" : "success",
                at: String(format: "2026-11-23T10:%02d:%02dZ", index / 60 % 60, index % 60))
        }
        let pages = (0..<4).map { index in
            Self.page(
                Array(rows[index * 500..<(index + 1) * 500]),
                next: index < 3 ? "http://127.0.0.1:9/v1.0/next?page=\(index + 1)" : nil)
        }
        let requests = Recorder<String>()
        let transport = ClosureTransport { _ in HTTPResponse(status: 200, body: pages[requests.append("")]) }
        let client = ProvisioningLogClient(transport: transport, tokens: FixedTokens(), time: ManualTimeSource())
        let wanted = Set((0..<10).map { "E\($0)" } + ["absent"])
        let read = try await client.read(Self.query, records: wanted)
        #expect(read.complete)
        // E0's rows are at indexes 0, 10, …, 1990: the newest is 1990 (33:10), a success.
        #expect(read.newest["E0"]?.activityDateTime == ISO8601DateFormatter().date(from: "2026-11-23T10:33:10Z"))
        let e0 = read.rows.entries.filter { $0.externalId == "E0" }.map(\.activityDateTime).sorted()
        #expect(e0.count == LogRows.perRecord, "200 rows of E0 read, at most \(LogRows.perRecord) kept")
        #expect(e0.first == ISO8601DateFormatter().date(from: "2026-11-23T10:00:00Z"), "the earliest row stays")
        // 1,000 other records (odd indexes), one row each: their newest.
        #expect(read.rows.entries.count == 5 * LogRows.perRecord + 1000)
        #expect(read.newest.keys.filter { $0.hasPrefix("E") }.count == 5)
    }
}
