import Directory
import DirectoryClient
import Foundation
import JSONDocument
import TestSupport
import Testing

/// The reader against a scripted Graph: batching, paging inside a batch, throttling, permissions, phases, scans.
@Suite struct DirectoryReaderTests {
    static func reader(
        _ graph: FakeDirectoryGraph, _ configure: (inout DirectoryReader.Settings) -> Void = { _ in }
    ) -> DirectoryReader {
        var settings = DirectoryReader.Settings(graphBase: "http://127.0.0.1:9", attributes: ["displayName"])
        configure(&settings)
        return DirectoryReader(settings: settings, transport: graph.transport, tokens: StaticTokens(), time: graph.time)
    }

    static func read(_ reader: DirectoryReader, _ needs: [DirectoryNeeds], _ graph: FakeDirectoryGraph) async
        -> Result<DirectoryRead, DirectoryReadError>
    {
        await drivingClock(graph.time) {
            do throws(DirectoryReadError) {
                return .success(try await reader.read(needs))
            } catch {
                return .failure(error)
            }
        }
    }

    static func users(_ count: Int) -> [JSON] {
        (1...count).map {
            graphUser("id-\($0)", upn: "u\($0)@contoso.com", employeeId: "E\($0)", mail: "u\($0)@contoso.com")
        }
    }

    @Test func batchesHoldAtMostTwentyRequestsAndFollowNextLinksInsideTheBatch() async throws {
        // Five users a page: each `in` of 15 values needs three pages, asked as relative URLs in later batches.
        let graph = FakeDirectoryGraph(users: Self.users(450))
        graph.pageSize = 5
        let needs = (1...450).map { DirectoryNeeds(matchingValue: "E\($0)") }
        let read = try await Self.read(Self.reader(graph), needs, graph).get()
        #expect(read.index.count == 450)
        #expect(read.index.users(matching: "e77").map(\.id) == ["id-77"], "matching ignores case")
        #expect(graph.batches.allSatisfy { $0 <= 20 }, "\(graph.batches)")
        let firstPages = graph.inner.filter { !$0.url.contains("$skiptoken") }
        #expect(firstPages.count == 30, "450 values, 15 to a request")
        let followUps = graph.inner.filter { $0.url.contains("$skiptoken") }
        #expect(followUps.count == 60)
        #expect(followUps.allSatisfy { $0.url.hasPrefix("/users?$filter=employeeId%20in%20(") })
        #expect(read.statistics.requests == 90 && read.statistics.throttled == 0)
        #expect(read.index.knowsMatching("E1") && !read.index.knowsMatching("E451"))
    }

    @Test func aThrottledRequestInsideABatchIsRetriedAfterItsOwnRetryAfter() async throws {
        let graph = FakeDirectoryGraph(users: Self.users(40))
        let throttled =
            "employeeId in ('E1','E10','E11','E12','E13','E14','E15','E16','E17','E18','E19','E2','E20','E21','E22')"
        graph.throttleOnce = [throttled: "7"]
        let needs = (1...40).map { DirectoryNeeds(matchingValue: "E\($0)") }
        let read = try await Self.read(Self.reader(graph), needs, graph).get()
        #expect(read.index.count == 40)
        let attempts = graph.inner.filter { $0.filter == throttled }
        #expect(attempts.count == 2)
        #expect(attempts[1].time - attempts[0].time >= 7, "retried after its Retry-After: \(attempts.map(\.time))")
        #expect(graph.batches == [3, 1], "its neighbours were answered in the first batch")
        #expect(read.statistics.throttled == 1 && read.statistics.retried == 1)
    }

    @Test func aRetryAfterBeyondMaxWaitEndsTheReadNamingIt() async {
        let graph = FakeDirectoryGraph(users: Self.users(3))
        graph.throttleOnce = ["employeeId in ('E1','E2','E3')": "900"]
        let needs = (1...3).map { DirectoryNeeds(matchingValue: "E\($0)") }
        let result = await Self.read(Self.reader(graph) { $0.maxWait = 60 }, needs, graph)
        guard case .failure(.unavailable(let detail)) = result else {
            Issue.record("expected unavailable, got \(result)")
            return
        }
        #expect(detail.contains("Retry-After: 900") && detail.contains("60 s allowed"))
    }

    @Test func forbiddenMeansTheDirectoryIsNotReadable() async {
        let graph = FakeDirectoryGraph(users: Self.users(3))
        graph.innerStatus = (403, "Authorization_RequestDenied")
        let result = await Self.read(Self.reader(graph), [DirectoryNeeds(matchingValue: "E1")], graph)
        guard case .failure(let error) = result else {
            Issue.record("a 403 must fail the read")
            return
        }
        #expect(error == .notReadable(code: "Authorization_RequestDenied"))
        #expect(error.localizedDescription == "directory not readable: the app lacks User.Read.All")
        #expect(graph.inner.count == 1, "said once: nothing more is asked")
    }

    @Test func aRefusedQueryIsTypedAndNamesTheQuery() async {
        let graph = FakeDirectoryGraph(users: Self.users(3))
        graph.innerStatus = (400, "Request_UnsupportedQuery")
        let result = await Self.read(Self.reader(graph), [DirectoryNeeds(matchingValue: "E1")], graph)
        guard case .failure(.refused(400, let error, let query)) = result else {
            Issue.record("expected refused, got \(result)")
            return
        }
        #expect(error.code == "Request_UnsupportedQuery")
        #expect(query.hasPrefix("/users?$filter=employeeId%20eq%20'E1'"))
    }

    @Test func aNextLinkToAnotherHostIsNotFollowed() async {
        let graph = FakeDirectoryGraph(users: Self.users(20))
        graph.pageSize = 5
        graph.nextLinkBase = "https://attacker.example/v1.0"
        let needs = (1...20).map { DirectoryNeeds(matchingValue: "E\($0)") }
        let result = await Self.read(Self.reader(graph), needs, graph)
        guard case .failure(.unexpected(_, let detail)) = result else {
            Issue.record("expected a refusal, got \(result)")
            return
        }
        #expect(detail.contains("another host"))
    }

    /// A nightly run asks only what can matter: values the record's own account holds are not looked up, a mail
    /// another user holds as mail (or as a proxy address of a user read anyway) needs no proxy-address request, and
    /// only the other mails are asked as proxy addresses.
    @Test func valuesTheMatchedAccountHoldsAreNotLookedUpAndProxiesOnlyWhereNeeded() async throws {
        let graph = FakeDirectoryGraph(users: [
            graphUser("id-1", upn: "ann@contoso.com", employeeId: "E1", mail: "ann@contoso.com"),
            graphUser(
                "id-2", upn: "bob@contoso.com", mail: "bob@contoso.com",
                proxies: ["SMTP:bob@contoso.com", "smtp:robert@contoso.com"]),
        ])
        let needs = [
            DirectoryNeeds(
                matchingValue: "E1", values: [.userPrincipalName: ["ann@contoso.com"], .mail: ["ann@contoso.com"]]),
            DirectoryNeeds(
                matchingValue: "E2", manager: "E1",
                values: [.userPrincipalName: ["new@contoso.com"], .mail: ["bob@contoso.com"]]),
            DirectoryNeeds(matchingValue: "E3", values: [.mail: ["robert@contoso.com"]]),
            DirectoryNeeds(matchingValue: "E4", values: [.mail: ["free@contoso.com"]]),
        ]
        let read = try await Self.read(Self.reader(graph), needs, graph).get()
        let filters = graph.inner.compactMap(\.filter)
        #expect(
            filters == [
                "employeeId in ('E1','E2','E3','E4')", "userPrincipalName eq 'new@contoso.com'",
                "mail in ('bob@contoso.com','free@contoso.com','robert@contoso.com')",
                "proxyAddresses/any(p:p eq 'smtp:free@contoso.com')",
            ])
        #expect(read.index.holders(of: .mail, "Robert@contoso.com").map(\.id) == ["id-2"])
        #expect(
            read.index.knows(.mail, "free@contoso.com") && read.index.holders(of: .mail, "free@contoso.com").isEmpty)
        #expect(read.index.knows(.userPrincipalName, "new@contoso.com"))
        #expect(read.index.holders(of: .userPrincipalName, "new@contoso.com").isEmpty)
    }

    /// When the values left after matching would take the quota longer than reading every user would, the reader
    /// reads every user (one unit a page of 999) and keeps only those the records need.
    @Test func aLargeFirstRunReadsEveryUserInsteadAndKeepsOnlyWhatIsNeeded() async throws {
        var users = Self.users(30)
        users.append(
            graphUser(
                "id-x", upn: "x@contoso.com", mail: "x@contoso.com",
                proxies: ["SMTP:x@contoso.com", "smtp:n5@contoso.com"]))
        let graph = FakeDirectoryGraph(users: users)
        let needs = (1...60).map { number in
            DirectoryNeeds(
                matchingValue: "N\(number)",
                values: [.userPrincipalName: ["n\(number)@contoso.com"], .mail: ["n\(number)@contoso.com"]])
        }
        // 60 userPrincipalNames, 60 mails and up to 60 proxy addresses at 2 units a second: a minute; one page: 1 s.
        let reader = Self.reader(graph) {
            $0.units = 20
            $0.margin = 0
        }
        let read = try await Self.read(reader, needs, graph).get()
        #expect(graph.plain.contains { $0.hasSuffix("/v1.0/users/$count") })
        #expect(graph.plain.contains { $0.contains("/v1.0/users?$select=") && $0.contains("$top=999") })
        #expect(read.statistics.scannedUsers == 31)
        #expect(read.index.count == 1, "only the user holding a needed value is kept")
        #expect(read.index.holders(of: .mail, "n5@contoso.com").map(\.id) == ["id-x"])
        #expect(read.index.knows(.mail, "n6@contoso.com") && read.index.knows(.userPrincipalName, "n6@contoso.com"))
    }

    /// Paced by resource units: with a window of 40 units per 10 s, no 10 seconds see more than 40 requests.
    @Test func readsArePacedByResourceUnits() async throws {
        let graph = FakeDirectoryGraph(users: Self.users(1500))
        let needs = (1...1500).map { DirectoryNeeds(matchingValue: "E\($0)") }
        let reader = Self.reader(graph) {
            $0.units = 40
            $0.margin = 0
        }
        let read = try await Self.read(reader, needs, graph).get()
        #expect(read.index.count == 1500)
        let times = graph.inner.map(\.time)
        #expect(times.count == 100)
        for time in times {
            #expect(times.filter { $0 >= time && $0 < time + 10 }.count <= 40)
        }
        #expect(times.max()! >= 20, "100 units at 40 per 10 s take over 20 s")
    }
}
