/// "1 row", "2 rows": counts in messages read as English.
package func plural(_ count: Int, _ singular: String, _ pluralForm: String? = nil) -> String {
    "\(count) \(count == 1 ? singular : pluralForm ?? singular + "s")"
}

/// "45s", "3m20s", "2h5m": a duration as the console prints it.
package func durationText(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "forever" }
    let total = Int(min(max(seconds, 0), 1e12).rounded())
    return total >= 3600
        ? "\(total / 3600)h\(total % 3600 / 60)m" : total >= 60 ? "\(total / 60)m\(total % 60)s" : "\(total)s"
}
