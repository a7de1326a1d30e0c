import Directory
import Foundation
import Graph
import JSONDocument
import Transport

extension DirectoryReader {
    /// Reading the values by look-ups below this long is never worth asking how many users there are.
    static let scanConsideredAfter = 15.0

    /// Whether reading every user is estimated to be quicker than looking `values` up: the look-ups are paced by
    /// the resource units they cost (one each; a mail may need a second, for its proxy address), a scan by its pages
    /// of 999 users, one unit each but one after the other (`assumedPageSeconds` each).
    func shouldScan(_ values: DirectoryLookup, _ read: inout DirectoryRead) async throws(DirectoryReadError) -> Bool {
        switch settings.strategy {
        case .lookups: return false
        case .scan: return !values.isEmpty
        case .automatic: break
        }
        var requests = values.count(.mail)
        for kind in LookupKind.allCases {
            requests += (values.count(kind) + DirectoryQuery.maximumValues - 1) / DirectoryQuery.maximumValues
        }
        let lookupSeconds = Double(requests) / settings.pace
        guard lookupSeconds >= Self.scanConsideredAfter else { return false }
        let users = try await userCount(&read)
        let pages = (users + DirectoryQuery.pageSize - 1) / DirectoryQuery.pageSize
        return Double(pages) * settings.assumedPageSeconds < lookupSeconds
    }

    /// How many users the tenant has: one read, which also tells whether the app may read users at all
    /// (`check --directory`).
    package func countUsers() async throws(DirectoryReadError) -> Int {
        var read = DirectoryRead(index: emptyIndex())
        return try await userCount(&read)
    }

    /// `GET /users/$count` (an advanced query: `ConsistencyLevel: eventual`), answered as plain text.
    func userCount(_ read: inout DirectoryRead) async throws(DirectoryReadError) -> Int {
        guard let url = URL(string: "\(settings.graphBase)/\(settings.version)/users/$count") else {
            throw .unexpected(status: 0, detail: "cannot build the count URL from \(settings.graphBase)")
        }
        let response: HTTPResponse
        do {
            response = try await exchange.send(
                "GET", url, headers: ["ConsistencyLevel": "eventual", "Accept": "text/plain"],
                maxSuccessBodyBytes: 1024, window: window)
        } catch {
            throw DirectoryReadError(error)
        }
        read.statistics.requests += 1
        read.statistics.units += 1
        let text = String(decoding: response.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let count = Int(text), count >= 0 else {
            throw .unexpected(status: response.status, detail: "the user count is not a number")
        }
        return count
    }

    /// Reads every user, page by page, keeping those `wanted` names by any key, and covers all of `wanted`.
    func scan(keeping wanted: DirectoryLookup, into read: inout DirectoryRead) async throws(DirectoryReadError) {
        guard var url = URL(string: "\(settings.graphBase)/\(settings.version)\(query.allUsers)") else {
            throw .unexpected(status: 0, detail: "cannot build the users URL from \(settings.graphBase)")
        }
        var visited: Set<String> = []
        var scanned = 0
        while true {
            let response: HTTPResponse
            do {
                response = try await exchange.send("GET", url, maxSuccessBodyBytes: Self.maxPageBytes, window: window)
            } catch {
                throw DirectoryReadError(error)
            }
            read.statistics.requests += 1
            read.statistics.units += 1
            guard !response.bodyTruncated, let body = try? JSON.parse(response.body),
                let page = DirectoryPage(body, reading: reading)
            else { throw .unexpected(status: response.status, detail: "a page of the users is not a page of users") }
            scanned += page.users.count
            for user in page.users where Self.isWanted(user, wanted) { read.index.add(user) }
            guard let link = page.nextLink else { break }
            let relative = try relativeNextLink(link, visited: &visited)
            guard let next = URL(string: "\(settings.graphBase)/\(settings.version)\(relative)") else {
                throw .unexpected(status: 200, detail: "a next-page link is not a URL")
            }
            url = next
        }
        read.index.cover(wanted)
        read.statistics.scannedUsers = (read.statistics.scannedUsers ?? 0) + scanned
    }

    static func isWanted(_ user: DirectoryUser, _ wanted: DirectoryLookup) -> Bool {
        if let value = user.matchingValue, wanted.contains(.matching, value) { return true }
        if let value = user.userPrincipalName, wanted.contains(.userPrincipalName, value) { return true }
        if let value = user.mail, wanted.contains(.mail, value) { return true }
        if let value = user.mailNickname, wanted.contains(.mailNickname, value) { return true }
        return user.proxyAddresses.contains { wanted.contains(.proxyAddress, $0) }
    }
}
