import Foundation
import Sync
import TestSupport
import Testing
import Uploader

/// The rate limit learnt per job, kept in the cache for runs without `--state`: the next run (another file, another
/// journal) starts at it instead of paying the burst of 429s again.
@Suite struct RateLimitCacheTests {
    /// One run of `rows` users against a service enforcing 40 per 5 s, starting at 40/1s, with its own journal.
    func night(
        _ name: String, rows: Int, cache: RateLimitCache?, graph: FakeGraph, time: ManualTimeSource,
        workspace: Workspace, events: EventLog = EventLog()
    ) async throws -> SyncOutcome {
        let input = try workspace.write(usersCSV(rows), to: "\(name).csv")
        // One record a request: more than 40 requests meet the 40-per-5-s limit with the least data.
        var job = uploadJob(input: input, workspace: workspace, batchSize: 1)
        job.journalPath = workspace.url("\(name).journal").path
        job.reportPath = nil
        job.upload.rate = RateLimit(count: 40, seconds: 1)
        job.upload.concurrency = 4
        job.rateCache = cache
        let run = SyncRun(
            job: job, transport: graph.transport, tokens: FixedTokens(), time: time, events: events.record)
        return await drivingClock(time, limit: 60) { await run.run() }
    }

    @Test func aLimitLearntWithoutStateIsWhereTheNextRunOfAnotherFileStarts() async throws {
        let workspace = try Workspace()
        let cache = RateLimitCache(path: workspace.url("cache/provision/rate-limits.json").path)
        let graph = FakeGraph()
        let time = ManualTimeSource()
        graph.limit = (40, 5, time)
        let events = EventLog()
        let first = try await night(
            "monday", rows: 60, cache: cache, graph: graph, time: time, workspace: workspace,
            events: events)
        #expect(first.status == .success)
        #expect(graph.throttled > 0)
        #expect(events.learnt == [.init(rate: RateLimit(count: 40, seconds: 5), file: cache.path)])
        let attributes = try FileManager.default.attributesOfItem(atPath: cache.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(cache.entry(for: FakeGraph.endpoint).entry?.rate == "40/5s")
        // Another file, another journal, no state: the cache alone says where to start.
        time.advance(by: 86_400)
        let throttled = graph.throttled
        let next = EventLog()
        let second = try await night(
            "tuesday", rows: 60, cache: cache, graph: graph, time: time,
            workspace: workspace, events: next)
        #expect(second.status == .success)
        #expect(
            next.notices.contains { $0.contains("starting at 40/5s") && $0.contains(cache.path) }, "\(next.notices)")
        #expect(graph.throttled == throttled, "no 429 on the second run")
    }

    @Test func withoutTheCacheEveryRunPaysTheBurstAgain() async throws {
        let workspace = try Workspace()
        let graph = FakeGraph()
        let time = ManualTimeSource()
        graph.limit = (40, 5, time)
        let events = EventLog()
        _ = try await night(
            "monday", rows: 60, cache: nil, graph: graph, time: time, workspace: workspace,
            events: events)
        #expect(events.learnt == [.init(rate: RateLimit(count: 40, seconds: 5), file: nil)])
        time.advance(by: 86_400)
        let throttled = graph.throttled
        _ = try await night("tuesday", rows: 60, cache: nil, graph: graph, time: time, workspace: workspace)
        #expect(graph.throttled > throttled)
    }

    /// A damaged or unreadable cache is a warning, never a stop; the next limit learnt replaces it.
    @Test func aDamagedCacheIsIgnoredWithAWarningAndRebuilt() async throws {
        let workspace = try Workspace()
        let path = workspace.url("rate-limits.json")
        try Data("{not json".utf8).write(to: path)
        let cache = RateLimitCache(path: path.path)
        let graph = FakeGraph()
        let time = ManualTimeSource()
        graph.limit = (40, 5, time)
        let events = EventLog()
        let outcome = try await night(
            "monday", rows: 60, cache: cache, graph: graph, time: time,
            workspace: workspace, events: events)
        #expect(outcome.status == .success)
        #expect(events.warnings.contains { $0.contains("the rate-limit cache \(path.path) is ignored") })
        #expect(cache.entry(for: FakeGraph.endpoint).entry?.rate == "40/5s")
        // An unwritable place is a warning too.
        let blocked = RateLimitCache(path: workspace.url("rate-limits.json/inside/x.json").path)
        #expect(
            blocked.remember(RateLimit(count: 40, seconds: 5), for: FakeGraph.endpoint)?.contains("cannot keep") == true
        )
    }

    @Test func theCacheLivesInTheUsersCacheDirectory() {
        #expect(
            RateLimitCache.location(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"])
                == "/c/provision/rate-limits.json")
        #expect(RateLimitCache.location(environment: ["HOME": "/h"]) == "/h/.cache/provision/rate-limits.json")
        #expect(
            RateLimitCache.location(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/h"])
                == "/h/.cache/provision/rate-limits.json", "XDG: a relative path is ignored")
        #expect(RateLimitCache.location(environment: [:]) == nil)
    }
}

extension EventLog {
    struct Learnt: Equatable {
        let rate: RateLimit
        let file: String?
    }

    /// The `rateLearnt` events, in order.
    var learnt: [Learnt] {
        all.compactMap { if case .rateLearnt(let rate, let file) = $0 { Learnt(rate: rate, file: file) } else { nil } }
    }
}
