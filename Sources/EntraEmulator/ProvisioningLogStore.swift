import Foundation

/// The provisioning log rows, oldest first, with Graph-style querying (docs/service.md, "Provisioning logs").
///
/// Rows are appended in processing order and both `activityTime` and `visibleAt` never decrease along the
/// array, so the visible rows are a prefix and the row sequence number is a stable paging cursor.
struct ProvisioningLogStore: Sendable {
    /// One page of a query.
    struct Page: Sendable {
        var rows: [ProvisioningLogRow]
        /// The cursor for the next page, or nil on the last page.
        var nextCursor: Int?
    }

    private(set) var rows: [ProvisioningLogRow] = []

    mutating func append(_ row: ProvisioningLogRow) { rows.append(row) }

    /// How many rows are visible at `now` (rows appear `--log-delay` after processing, as the service's lag of 5 to 10
    /// minutes).
    func visibleCount(now: Double) -> Int {
        var low = 0
        var high = rows.count
        while low < high {
            let middle = (low + high) / 2
            if rows[middle].visibleAt <= now { low = middle + 1 } else { high = middle }
        }
        return low
    }

    func row(id: String, now: Double) -> ProvisioningLogRow? {
        rows[..<visibleCount(now: now)].first { $0.id == id }
    }

    /// Up to `top` visible rows matching `filter`, newest first unless `ascending`, after `cursor`.
    func query(filter: ODataFilter?, ascending: Bool, top: Int, after cursor: Int?, now: Double) -> Page {
        let visible = visibleCount(now: now)
        var page: [ProvisioningLogRow] = []
        var indices: AnySequence<Int> = ascending ? AnySequence(0..<visible) : AnySequence((0..<visible).reversed())
        if let cursor {
            indices =
                ascending
                ? AnySequence(indices.drop(while: { rows[$0].sequence <= cursor }))
                : AnySequence(indices.drop(while: { rows[$0].sequence >= cursor }))
        }
        for index in indices {
            let row = rows[index]
            guard filter?.matches(row) ?? true else { continue }
            if page.count == top { return Page(rows: page, nextCursor: page.last?.sequence) }
            page.append(row)
        }
        return Page(rows: page, nextCursor: nil)
    }
}
