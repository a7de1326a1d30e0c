import EmulatorKit
import Foundation
import JSONDocument
import Testing

@testable import HREmulator

/// Random faults (throttling, server errors, drops) and page faults (slow, malformed, truncated, failing after a
/// page), and the next links a client must not follow blindly.
@Suite struct FaultTests {
    static let successFactors = "/odata/v2/User?$format=json&$filter=status"

    /// The statuses of `count` requests for the first SuccessFactors page.
    static func statuses(_ harness: HRHarness, count: Int = 40) -> [Int] {
        (0..<count).map { _ in
            let response = harness.get(successFactors, headers: HRHarness.goodBasic)
            return response.drop ? 0 : response.status
        }
    }

    @Test func aThrottledRequestGets429WithRetryAfter() {
        let harness = HRHarness {
            $0.throttleRate = 1
            $0.retryAfterSeconds = 7
        }
        let response = harness.get(Self.successFactors, headers: HRHarness.goodBasic)
        #expect(response.status == 429 && response.header("Retry-After") == "7")
        #expect(harness.stat("throttled") == 1 && harness.stat("pages") == 0)
        // BambooHR's older throttling answer.
        let old = HRHarness {
            $0.throttleRate = 1
            $0.throttleStatus = 503
        }
        #expect(old.get("/hr/v2/workers", headers: HRHarness.staticBearer).status == 503)
    }

    @Test func credentialsAreCheckedBeforeAnyFault() {
        let harness = HRHarness { $0.throttleRate = 1 }
        #expect(harness.get(Self.successFactors).status == 401)
        #expect(harness.stat("throttled") == 0 && harness.stat("authFailures") == 1)
    }

    @Test func serverErrorsAre500Or503AndDropsCloseTheConnection() {
        let failing = Self.statuses(HRHarness { $0.failRate = 1 })
        #expect(Set(failing) == [500, 503])
        let dropping = HRHarness { $0.dropRate = 1 }
        #expect(dropping.get("/generic/x", headers: HRHarness.staticBearer).drop)
        #expect(dropping.stat("dropped") == 1)
    }

    @Test func theSameSeedGivesTheSameFaultsAndAnotherSeedOthers() {
        func run(seed: UInt64) -> [Int] {
            Self.statuses(
                HRHarness {
                    $0.seed = seed
                    $0.throttleRate = 0.3
                    $0.failRate = 0.2
                })
        }
        let first = run(seed: 11)
        #expect(first == run(seed: 11))
        #expect(first != run(seed: 12))
        #expect(Set(first).isSuperset(of: [200, 429]) && first.contains { $0 >= 500 })
    }

    @Test func resetStartsTheFaultSequenceAgain() {
        let harness = HRHarness { $0.throttleRate = 0.5 }
        let first = Self.statuses(harness, count: 20)
        #expect(harness.send("POST", "/_hr/reset").status == 204)
        #expect(Self.statuses(harness, count: 20) == first)
    }

    @Test func everyPageWaitsTheSlowPageDelay() {
        let harness = HRHarness { $0.slowPageMilliseconds = 250 }
        _ = harness.get("/hr/v2/workers", headers: HRHarness.staticBearer)
        _ = harness.get("/hr/v2/workers?$skip=5", headers: HRHarness.staticBearer)
        #expect(harness.sleeps.all == [0.25, 0.25])
        #expect(harness.stat("slowed") == 2)
    }

    @Test(arguments: HRConfiguration.MalformedKind.allCases)
    func theMalformedPageAnswers200WithoutItsRecords(kind: HRConfiguration.MalformedKind) throws {
        let harness = HRHarness {
            $0.malformedPage = 2
            $0.malformedKind = kind
        }
        let first = harness.get("/hr/v2/workers", headers: HRHarness.staticBearer)
        #expect(first.json?["workers"]?.arrayValue?.count == 5)
        let second = harness.get("/hr/v2/workers?$skip=5&$top=5", headers: HRHarness.staticBearer)
        #expect(second.status == 200)
        switch kind {
        case .brokenJSON:
            #expect(second.json == nil && second.text.hasPrefix("{\"workers\":[{"))
        case .html:
            #expect(second.header("Content-Type")?.hasPrefix("text/html") == true && second.json == nil)
        case .error:
            #expect(second.json?["error"]?["message"]?.stringValue != nil && second.json?["workers"] == nil)
        case .shape:
            #expect(second.json?.isObject == true && second.json?["workers"] == nil)
        }
        #expect(harness.get("/hr/v2/workers?$skip=10", headers: HRHarness.staticBearer).json?["workers"] != nil)
        #expect(harness.stat("malformed") == 1 && harness.stat("pages") == 2)
    }

    @Test func aPageFaultCanStopAfterSomeTimes() {
        let harness = HRHarness {
            $0.malformedPage = 1
            $0.pageFaultTimes = 2
        }
        let bodies = (0..<3).map { _ in harness.get("/hr/v2/workers", headers: HRHarness.staticBearer).json }
        #expect(bodies.map { $0 == nil } == [true, true, false])
    }

    @Test func theTruncatedPageDeclaresItsFullLengthAndSendsHalf() throws {
        let harness = HRHarness { $0.truncatePage = 1 }
        let response = harness.get(Self.successFactors, headers: HRHarness.goodBasic)
        let cut = try #require(response.truncateBodyAt)
        #expect(cut == response.body.count / 2 && cut > 0)
        let bytes = response.serialized(keepAlive: true)
        let wire = String(decoding: bytes, as: UTF8.self)
        #expect(wire.contains("Content-Length: \(response.body.count)\r\n") && wire.contains("Connection: close"))
        let head = try #require(wire.range(of: "\r\n\r\n"))
        #expect(bytes.count == wire[..<head.upperBound].utf8.count + cut)
        #expect(harness.stat("truncated") == 1)
    }

    @Test func theSourceFailsAfterTheNamedPage() {
        let harness = HRHarness { $0.failAfterPage = 2 }
        let statuses = (0..<5).map {
            harness.get("/v1/company/employees?offset=\($0 * 5)", headers: HRHarness.staticBearer).status
        }
        #expect(statuses == [200, 200, 500, 500, 500])
        #expect(harness.stat("serverErrors") == 3 && harness.stat("pages") == 2)
    }

    @Test func nextLinksCanPointAtAnotherHost() throws {
        let harness = HRHarness { $0.nextLinkHost = "elsewhere.test:8443" }
        let next = try #require(
            harness.get(Self.successFactors, headers: HRHarness.goodBasic).json?["d"]?["__next"]?.stringValue)
        #expect(next.hasPrefix("http://elsewhere.test:8443/odata/v2/User?"))
        let generic = try #require(
            harness.get("/generic/workers", headers: HRHarness.staticBearer).json?["links"]?["next"]?.stringValue)
        #expect(generic == "http://elsewhere.test:8443/generic/workers?limit=5&offset=5")
    }

    @Test func thePageNamedForALoopLinksToItself() throws {
        let harness = HRHarness { $0.selfLoopPage = 2 }
        let first = try #require(
            harness.get(Self.successFactors, headers: HRHarness.goodBasic).json?["d"]?["__next"]?.stringValue)
        let second = try #require(harness.get(first, headers: HRHarness.goodBasic).json?["d"]?["__next"]?.stringValue)
        #expect(second == first)
        let generic = try #require(
            harness.get("/generic/workers?offset=5", headers: HRHarness.staticBearer).json?["links"]?["next"]?
                .stringValue)
        #expect(generic == HRHarness.base + "/generic/workers?offset=5")
        let cursors = HRHarness {
            $0.selfLoopPage = 1
            $0.genericPaging = .cursor
        }
        let cursor = try #require(
            cursors.get("/generic/workers", headers: HRHarness.staticBearer).json?["next_cursor"]?.stringValue)
        let again = cursors.get("/generic/workers?cursor=\(cursor)", headers: HRHarness.staticBearer)
        #expect(again.json?["next_cursor"]?.stringValue == cursor)
    }
}
