import Mapping

/// Collects the problems of a run with bounded memory: every problem is counted, but only the first
/// `keptPerKind` of each kind are kept.
///
/// A million rows sharing one fault (one externalId, a boolean column of "perhaps") would otherwise hold a million
/// messages; counts stay exact, so summaries and exit statuses do not change.
package struct ProblemLog: Sendable {
    /// How many problems of one kind are kept with their text.
    package let keptPerKind: Int
    package private(set) var kept: [Problem] = []
    /// Every problem counted, by kind (kept or not).
    package private(set) var counts: [String: Int] = [:]
    package private(set) var severities: [String: Problem.Severity] = [:]
    package private(set) var errors = 0
    package private(set) var warnings = 0

    package init(keptPerKind: Int = 1000) {
        self.keptPerKind = max(1, keptPerKind)
    }

    package mutating func add(_ problem: Problem) {
        let count = counts[problem.kind, default: 0] + 1
        counts[problem.kind] = count
        severities[problem.kind] = problem.severity
        if problem.severity == .error { errors += 1 } else { warnings += 1 }
        if count <= keptPerKind { kept.append(problem) }
    }

    package mutating func add(contentsOf problems: [Problem]) {
        for problem in problems { add(problem) }
    }

    /// Problems counted but not kept.
    package var omitted: Int { errors + warnings - kept.count }

    /// Kept problems in line order, errors before warnings on one line.
    package mutating func sortByLine() {
        kept.sort { ($0.line, $0.severity == .error ? 0 : 1) < ($1.line, $1.severity == .error ? 0 : 1) }
    }

    /// One entry per kind: its severity, how many there were, and how many were kept.
    package var summary: [KindCount] {
        counts.map {
            KindCount(kind: $0.key, severity: severities[$0.key]!, count: $0.value, kept: min($0.value, keptPerKind))
        }
        .sorted { ($0.severity == .error ? 0 : 1, $0.kind) < ($1.severity == .error ? 0 : 1, $1.kind) }
    }

    /// How often one kind of problem occurred.
    package struct KindCount: Sendable, Equatable, Codable {
        package let kind: String
        package let severity: Problem.Severity
        package let count: Int
        package let kept: Int
    }
}
