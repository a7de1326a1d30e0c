import Directory
import Foundation
import Graph
import Transport

/// Reads the tenant's users a plan needs through Graph (docs/service.md, "Reading the directory"), into a
/// `DirectoryIndex`: the `GET /users` look-ups of `DirectoryQuery`, 20 to a JSON `$batch`, following each one's
/// `@odata.nextLink`; paced by resource units against the directory's documented limit with a margin, so that a
/// normal run is rarely throttled; a throttled or failing request tried again as every Graph call is
/// (`GraphBatchClient`), within the run's `maxAttempts` and `maxWait`. Reads only, never writes.
///
/// `read` asks in phases (`DirectoryReadOrder`) so that it asks only what can matter. When the values left after
/// the first phase would take the quota longer than reading every user would take (a first run of a large
/// export, whose mail values each need a proxy-address request), it reads every user instead, 999 to a page at one
/// resource unit each, and keeps only those the records need.
package struct DirectoryReader: Sendable {
    package enum Strategy: String, Sendable {
        /// Look-ups, or every user when that is estimated to be quicker.
        case automatic
        case lookups
        /// Every user after the first phase.
        case scan
    }

    package struct Settings: Sendable {
        /// `scheme://host[:port]` of Graph.
        package var graphBase: String
        package var version: String
        /// The target attribute the job matches on (its mapping with matching priority 1).
        package var matchingAttribute: String
        /// The target attributes the job's mappings write: what is selected and compared.
        package var attributes: [String]
        /// The directory's read limit in resource units: 3,500 per 10 s is what every tenant has at least.
        package var units: Int
        package var seconds: Double
        /// The share of the limit left unused, for other readers of the tenant and for clocks that disagree.
        package var margin: Double
        package var maxAttempts: Int
        package var maxWait: Double
        /// Batches in flight at once.
        package var concurrency: Int
        package var strategy: Strategy
        /// What one page of 999 users is assumed to take, for choosing a scan.
        package var assumedPageSeconds: Double

        package init(
            graphBase: String, version: String = "v1.0", matchingAttribute: String = "employeeId",
            attributes: [String] = [], units: Int = 3500, seconds: Double = 10, margin: Double = 0.1,
            maxAttempts: Int = 5, maxWait: Double = 600, concurrency: Int = 4, strategy: Strategy = .automatic,
            assumedPageSeconds: Double = 1
        ) {
            self.graphBase = graphBase
            self.version = version
            self.matchingAttribute = matchingAttribute
            self.attributes = attributes
            self.units = units
            self.seconds = seconds
            self.margin = margin
            self.maxAttempts = maxAttempts
            self.maxWait = maxWait
            self.concurrency = concurrency
            self.strategy = strategy
            self.assumedPageSeconds = assumedPageSeconds
        }

        /// Resource units per second the reads are paced to.
        var pace: Double { Double(windowUnits) / seconds }
        var windowUnits: Int { max(1, Int(Double(units) * (1 - min(max(margin, 0), 0.9)))) }
    }

    /// The most pages one chain of next links (or one scan) follows.
    package static let maxPages = 10_000
    /// The most pages one look-up's chain follows: a filter on at most 15 values fits one page of 999 users, so a
    /// longer chain is a Graph answering with what was not asked.
    package static let maxLookUpPages = 20
    /// The largest page of a scan.
    static let maxPageBytes = 32 << 20

    let settings: Settings
    let query: DirectoryQuery
    let reading: DirectoryPage.Reading
    let batches: GraphBatchClient
    let exchange: GraphExchange
    let window: RequestWindow

    /// - Parameter window: the directory's limit, shared by every reader of one run; nil makes one from `settings`.
    package init(
        settings: Settings, transport: any HTTPTransport, tokens: any AccessTokenProvider, time: any TimeSource,
        requests: GraphRequest = GraphRequest(), window: RequestWindow? = nil
    ) {
        self.settings = settings
        query = DirectoryQuery(matchingAttribute: settings.matchingAttribute, attributes: settings.attributes)
        reading = DirectoryPage.Reading(matchingAttribute: settings.matchingAttribute, attributes: settings.attributes)
        let window = window ?? RequestWindow(count: settings.windowUnits, seconds: settings.seconds, time: time)
        self.window = window
        let base = URL(string: "\(settings.graphBase)/\(settings.version)/$batch") ?? URL(fileURLWithPath: "/")
        batches = GraphBatchClient(
            batchURL: base, transport: transport, tokens: tokens, time: time, window: window,
            maxAttempts: settings.maxAttempts, maxWait: settings.maxWait, concurrency: settings.concurrency,
            requests: requests, service: "the directory")
        exchange = GraphExchange(
            transport: transport, tokens: tokens, time: time, requests: requests,
            maxAttempts: max(1, settings.maxAttempts), maxWait: settings.maxWait, service: "the directory")
    }

    /// An empty index for these settings.
    package func emptyIndex() -> DirectoryIndex {
        DirectoryIndex(matchingAttribute: settings.matchingAttribute, attributes: settings.attributes)
    }

    /// Reads what `needs` ask for, on top of `read` (a fresh one when nil).
    package func read(_ needs: [DirectoryNeeds], into read: DirectoryRead? = nil) async throws(DirectoryReadError)
        -> DirectoryRead
    {
        var read = read ?? DirectoryRead(index: emptyIndex())
        try await lookUp(DirectoryReadOrder.matching(needs), into: &read)
        let values = DirectoryReadOrder.values(needs, index: read.index)
        if try await shouldScan(values, &read) {
            var wanted = values
            for mail in values.values(.mail) { wanted.add(.proxyAddress, "smtp:" + mail) }
            try await scan(keeping: wanted.subtracting(read.index), into: &read)
            return read
        }
        try await lookUp(values, into: &read)
        try await lookUp(DirectoryReadOrder.proxyAddresses(needs, index: read.index), into: &read)
        return read
    }

    /// Allocates `attribute`'s unique values, reading each candidate the reads do not cover yet, until none is
    /// left to read.
    package func allocate(
        _ allocator: UniqueValueAllocator, _ people: [UniqueCandidates], into read: DirectoryRead
    ) async throws(DirectoryReadError) -> (UniqueValueAllocator.Result, DirectoryRead) {
        var read = read
        while true {
            let result = allocator.allocate(people, index: read.index)
            // Each round covers what it reads, so the needs shrink to nothing.
            if result.needed.isEmpty { return (result, read) }
            try await lookUp(result.needed, into: &read)
        }
    }

    /// Looks up every value of `lookup` not covered yet.
    package func lookUp(_ lookup: DirectoryLookup, into read: DirectoryRead) async throws(DirectoryReadError)
        -> DirectoryRead
    {
        var read = read
        try await lookUp(lookup, into: &read)
        return read
    }

    func lookUp(_ lookup: DirectoryLookup, into read: inout DirectoryRead) async throws(DirectoryReadError) {
        let rest = lookup.subtracting(read.index)
        guard !rest.isEmpty else { return }
        // The index is moved out while it grows, so that it is not copied (it may hold 100,000 users).
        var index = read.index
        read.index = emptyIndex()
        defer { read.index = index }
        var failure: DirectoryReadError?
        var visited: Set<String> = []
        // The pages read so far of each chain, by its next request's URL.
        var pages: [String: Int] = [:]
        var statistics = GraphBatchClient.Statistics()
        defer { read.statistics.add(statistics) }
        do {
            try await batches.run(query.requests(for: rest), statistics: &statistics) { request, response in
                let page = pages.removeValue(forKey: request.url) ?? 1
                switch response.status {
                case 200...299:
                    guard let answer = DirectoryPage(response.body, reading: reading) else {
                        failure = .unexpected(status: response.status, detail: "not a page of users: \(request.url)")
                        return .stop
                    }
                    // Only the users holding a value asked: the index stays as small as what the records need.
                    for user in answer.users where Self.isWanted(user, rest) { index.add(user) }
                    guard let link = answer.nextLink else { return .more([]) }
                    guard page < Self.maxLookUpPages else {
                        failure = .unexpected(
                            status: response.status,
                            detail: "a look-up was answered with more than \(Self.maxLookUpPages) pages; stopped: "
                                + request.url)
                        return .stop
                    }
                    do throws(DirectoryReadError) {
                        let url = try relativeNextLink(link, visited: &visited)
                        pages[url] = page + 1
                        return .more([GraphBatch.Request(url: url, headers: request.headers, units: request.units)])
                    } catch {
                        failure = error
                        return .stop
                    }
                case 401:
                    failure = .unauthorized("\(response.error.code): \(response.error.message)")
                case 403:
                    failure = .notReadable(code: response.error.code)
                default:
                    failure = .refused(status: response.status, response.error, query: request.url)
                }
                return .stop
            }
        } catch {
            throw DirectoryReadError(error)
        }
        if let failure { throw failure }
        index.cover(rest)
    }

    /// A next link as a URL relative to the version, for the next request in a batch: only on the same Graph host
    /// and version, and only once per read (a link back to a page already read would loop).
    func relativeNextLink(_ link: String, visited: inout Set<String>) throws(DirectoryReadError) -> String {
        guard let url = URLComponents(string: link), let base = URLComponents(string: settings.graphBase),
            url.scheme?.lowercased() == base.scheme?.lowercased(), url.host?.lowercased() == base.host?.lowercased(),
            url.port == base.port
        else {
            throw .unexpected(status: 200, detail: "a next-page link points at another host; not followed")
        }
        let prefix = "/\(settings.version.lowercased())/"
        let path = url.percentEncodedPath
        guard path.lowercased().hasPrefix(prefix) else {
            throw .unexpected(status: 200, detail: "a next-page link leaves \(prefix); not followed")
        }
        let relative = "/" + path.dropFirst(prefix.count) + (url.percentEncodedQuery.map { "?" + $0 } ?? "")
        guard visited.insert(relative).inserted else {
            throw .unexpected(status: 200, detail: "a next-page link points back at a page already read")
        }
        guard visited.count <= Self.maxPages else {
            throw .unexpected(status: 200, detail: "more than \(Self.maxPages) pages; stopped")
        }
        return relative
    }
}

/// What the reads found so far, and what they cost.
package struct DirectoryRead: Sendable {
    package var index: DirectoryIndex
    package var statistics: Statistics

    package init(index: DirectoryIndex, statistics: Statistics = Statistics()) {
        self.index = index
        self.statistics = statistics
    }

    package struct Statistics: Sendable, Equatable {
        /// Directory requests answered (inside batches, pages of a scan, the count), retries included.
        package var requests = 0
        /// `$batch` requests answered.
        package var batches = 0
        /// Requests answered 429.
        package var throttled = 0
        /// Requests sent again after a 429 or a server error.
        package var retried = 0
        /// Resource units asked for.
        package var units = 0
        /// Users read by a scan (nil: no scan).
        package var scannedUsers: Int?

        package init() {}

        mutating func add(_ batch: GraphBatchClient.Statistics) {
            requests += batch.requests
            batches += batch.batches
            throttled += batch.throttled
            retried += batch.retried
            units += batch.units
        }
    }
}
