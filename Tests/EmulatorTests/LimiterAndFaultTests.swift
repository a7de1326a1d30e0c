import EmulatorKit
import Foundation
import Testing

@testable import EntraEmulator

@Suite struct LimiterAndFaultTests {
    @Test func slidingWindowAdmitsLimitThenTellsWhenASlotFrees() {
        var limiter = SlidingWindowLimiter(limit: 40, windowSeconds: 5)
        for step in 0..<40 { #expect(limiter.admit(now: Double(step) * 0.1) == .allowed) }
        guard case .throttled(let wait) = limiter.admit(now: 4.0) else {
            Issue.record("the 41st call within 5 s was allowed")
            return
        }
        #expect(abs(wait - 1.0) < 1e-9)
        #expect(limiter.admit(now: 5.01) == .allowed)
    }

    @Test func anArrivalJudgedAfterALaterOneStillLeavesTheWindowInItsTurn() {
        var limiter = SlidingWindowLimiter(limit: 2, windowSeconds: 1)
        #expect(limiter.admit(now: 0.5) == .allowed)
        // Judged second, arrived first: kept in arrival order, so it is the oldest.
        #expect(limiter.admit(now: 0.2) == .allowed)
        guard case .throttled(let wait) = limiter.admit(now: 1.1) else {
            Issue.record("a third call within 1 s of both was allowed")
            return
        }
        #expect(abs(wait - (0.2 + 1 - 1.1)) < 1e-9, "the slot frees when 0.2 leaves, not 0.5")
        #expect(limiter.admit(now: 1.21) == .allowed)
    }

    @Test func anAdmissionCanCostSeveralUnits() {
        var limiter = SlidingWindowLimiter(limit: 5, windowSeconds: 10)
        #expect(limiter.admit(now: 0, cost: 2) == .allowed)
        #expect(limiter.admit(now: 1, cost: 2) == .allowed)
        // 4 of 5 units used: 2 more fit once the first admission's 2 units leave, at 10.
        #expect(limiter.admit(now: 2, cost: 2) == .throttled(retryAfter: 8))
        #expect(limiter.admit(now: 2, cost: 1) == .allowed)
        // A cost above the limit counts as the limit: it waits for an empty window, not forever.
        #expect(limiter.admit(now: 10.5, cost: 9) == .throttled(retryAfter: 1.5))
        #expect(limiter.admit(now: 12.01, cost: 9) == .allowed)
    }

    @Test func windowMaximumCountsArrivalsInAnyWindow() {
        var maximum = SlidingWindowMaximum(windowSeconds: 1)
        for time in [0.0, 0.5, 0.9, 1.4, 3.0] { maximum.record(now: time) }
        #expect(maximum.maximum == 3)
    }

    @Test func aRequestIsJudgedWhenItArrivesNotWhenItIsAnswered() throws {
        // A seed whose jitter answers the first upload ~1 s late and the second at once (the token takes a draw first):
        // the second, arriving later, is answered first, yet the first holds the window's only slot.
        let seed = try #require(
            (UInt64(0)..<10_000).first { seed in
                var jitter = SeededGenerator(seed: seed &+ 2)
                _ = jitter.next()
                return jitter.next() % 1001 >= 700 && jitter.next() % 1001 <= 100
            })
        let harness = try Harness {
            $0.rate = .init(count: 1, windowSeconds: 10)
            $0.jitterMilliseconds = 1000
            $0.seed = seed
        }
        let token = try harness.token()
        let headers = ["Authorization": "Bearer \(token)", "Content-Type": "application/scim+json"]
        let early = try harness.newConnection()
        early.start("POST", Harness.bulkPath, headers: headers, body: Array(Harness.bulk(users: ["1"]).utf8))
        // Counted once judged: from then on the early request holds the slot, however late its answer.
        var arrived = false
        let deadline = Date().addingTimeInterval(20)
        while !arrived && Date() < deadline {
            arrived = try harness.stat("requests") == 1
            if !arrived { usleep(1000) }
        }
        #expect(arrived)
        harness.clock.advance(by: 0.5)
        let late = try harness.newConnection().request(
            "POST", Harness.bulkPath, headers: headers, body: Array(Harness.bulk(users: ["2"]).utf8))
        #expect(late.status == 429)
        #expect(try early.readResponse().status == 202)
    }

    @Test func rateLimitAnswers429WithRetryAfterAndCountsArrivals() throws {
        let harness = try Harness { $0.rate = .init(count: 3, windowSeconds: 5) }
        let token = try harness.token()
        for _ in 0..<3 { #expect(try harness.upload(Harness.bulk(users: ["1"]), token: token).status == 202) }
        let throttled = try harness.upload(Harness.bulk(users: ["1"]), token: token)
        #expect(throttled.status == 429)
        #expect(throttled.header("Retry-After") == "5")
        #expect(throttled.errorCode == "TooManyRequests")
        #expect(throttled.json?["error"]?["innerError"]?["status"] == "429")
        harness.clock.advance(by: 2.5)
        #expect(try harness.upload(Harness.bulk(users: ["1"]), token: token).header("Retry-After") == "3")
        harness.clock.advance(by: 2.6)
        #expect(try harness.upload(Harness.bulk(users: ["1"]), token: token).status == 202)
        let stats = try harness.stats()
        #expect(stats["requests"]?.intValue == 6)
        #expect(stats["throttled"]?.intValue == 2)
        #expect(stats["maxRequestsInWindow"]?.intValue == 5)
        #expect(stats["maxRequestsInOneSecond"]?.intValue == 4)
    }

    @Test func fixedRetryAfterIsSentAsGiven() throws {
        let harness = try Harness {
            $0.rate = .init(count: 1, windowSeconds: 1)
            $0.retryAfterSeconds = 2.128
        }
        let token = try harness.token()
        _ = try harness.upload(Harness.bulk(users: ["1"]), token: token)
        #expect(try harness.upload(Harness.bulk(users: ["1"]), token: token).header("Retry-After") == "2.128")
    }

    @Test func dailyQuotaAnswers429UntilTheOldestCallAgesOut() throws {
        let harness = try Harness { $0.dailyQuota = 2 }
        let token = try harness.token()
        for _ in 0..<2 { #expect(try harness.upload(Harness.bulk(users: ["1"]), token: token).status == 202) }
        harness.clock.advance(by: 3000)
        let refused = try harness.upload(Harness.bulk(users: ["1"]), token: token)
        #expect(refused.status == 429)
        #expect(refused.header("Retry-After") == String(86_400 - 3000))
    }

    @Test func seededFaultsAreReproducibleAndNearTheirRates() {
        var first = FaultInjector(dropRate: 0.1, failRate: 0.2, throttleRate: 0.1, seed: 7)
        var second = FaultInjector(dropRate: 0.1, failRate: 0.2, throttleRate: 0.1, seed: 7)
        let a = (0..<1000).map { _ in first.draw() }
        let b = (0..<1000).map { _ in second.draw() }
        #expect(a == b)
        let failures = a.filter { if case .serverError = $0 { true } else { false } }.count
        #expect((150...250).contains(failures))
        #expect((50...150).contains(a.filter { $0 == .drop }.count))
        #expect((50...150).contains(a.filter { $0 == .throttle }.count))
    }

    static let certainFaults:
        [(name: String, configure: @Sendable (inout EmulatorConfiguration) -> Void, statKey: String)] = [
            ("fail", { $0.failRate = 1 }, "serverErrors"),
            ("throttle", { $0.throttleRate = 1 }, "throttled"),
        ]

    @Test(arguments: certainFaults)
    func injectedFaultsAreAnsweredAndCounted(
        name: String, configure: @Sendable (inout EmulatorConfiguration) -> Void, statKey: String
    ) throws {
        let harness = try Harness(configure)
        let response = try harness.upload(Harness.bulk(users: ["1"]))
        #expect(name == "fail" ? [500, 502, 503, 504].contains(response.status) : response.status == 429)
        #expect(try harness.stat(statKey) == 1)
        #expect(try harness.stat("accepted") == 0)
    }

    @Test func droppedRequestsCloseTheConnectionWithoutAnAnswer() throws {
        let harness = try Harness { $0.dropRate = 1 }
        let token = try harness.token()
        let connection = try harness.newConnection()
        connection.write(
            Array(
                ("POST \(Harness.bulkPath) HTTP/1.1\r\nAuthorization: Bearer \(token)\r\nContent-Type: "
                    + "application/scim+json\r\nContent-Length: "
                    + "\(Harness.bulk(users: ["1"]).utf8.count)\r\n\r\n\(Harness.bulk(users: ["1"]))")
                    .utf8))
        #expect(connection.isClosedByPeer())
        #expect(try harness.stat("dropped") == 1)
        #expect(try harness.stat("requests") == 1)
    }

    @Test func bucketCapacityAnswersBucketFullWhilePaused() throws {
        let harness = try Harness {
            $0.jobState = .paused
            $0.bucketCapacity = 60
        }
        let token = try harness.token()
        #expect(try harness.upload(Harness.bulk(users: (1...50).map(String.init)), token: token).status == 202)
        let full = try harness.upload(Harness.bulk(users: (51...70).map(String.init)), token: token)
        #expect(full.status == 500)
        #expect(full.errorMessage == BulkUploadRoute.bucketFullMessage)
        #expect(try harness.stat("serverErrors") == 1)
        #expect(try harness.stat("processed") == 0)
    }
}
