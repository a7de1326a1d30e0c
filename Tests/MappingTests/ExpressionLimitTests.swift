import CSV
import Foundation
import JSONDocument
import SCIM
import Testing

@testable import Expressions
@testable import Mapping

/// A hostile cell through a mapping's expressions: `(x+x+)+y` took 45 s a row and nested expanding
/// Replaces exhausted memory. Nested unbounded repetitions are refused when the mapping loads; every value is at most
/// 64 KB, every row's expressions have 0.25 s of CPU; past either the row is an error naming the attribute.
@Suite struct ExpressionLimitTests {
    let header = ["WorkerID", "Email", "Notes", "Other"]
    static let contoso = "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:"

    func load(_ expression: String, path: String = "nickName") throws -> ColumnMapping {
        let quoted = String(decoding: JSONWriter.encode(.string(expression)), as: UTF8.self)
        let text =
            #"{"attributes": {"externalId": "WorkerID", "userName": "Email", "active": true, "#
            + "\"\(path)\": {\"expression\": \(quoted)}}}"
        return try MappingFile.parse(Data(text.utf8), path: "m.json", header: header)
    }

    /// The one problem of a row mapped with `expression`, on `nickName`.
    func problem(
        _ expression: String, notes: String, other: String = "", limits: ExpressionLimits = .standard
    ) throws -> Problem? {
        let mapper = RecordMapper(mapping: try load(expression), limits: limits)
        let row = mapper.map(CSVRecord(line: 7, fields: ["W1", "a@contoso.com", notes, other]))
        #expect(row.problems.count <= 1, "\(row.problems)")
        return row.problems.first
    }

    @Test(arguments: [
        ("(x+x+)+y", "(x+x+)+"), ("(a*)*", "(a*)*"), (#"(?:\s*,)+"#, #"(?:\s*,)+"#), ("(a+){2,}", "(a+){2,}"),
        ("((ab)+c)*", "((ab)+c)*"), ("(a{1,50})+", "(a{1,50})+"), ("x([a-z]+\\d?)*?y", "([a-z]+\\d?)*?"),
        ("(x++x+)+y", "(x++x+)+"), ("((a+))+", "((a+))+"),
    ])
    func nestedUnboundedRepetitionsAreRecognised(pattern: String, nested: String) {
        #expect(RegexBacktracking.nestedRepetition(in: pattern) == nested)
    }

    @Test(arguments: [
        "(?>x+x+)+y", "(x+)++", #"\d+"#, "(ab)+", "(a|b)*", "[(a+)]+", #"\(a+\)+"#, "(a+)?", "(a{1,3}){2}",
        #"\Q(a+)+\E"#, "(?#(a+)+)b", "([a-z]+)@", "(a{1,10})+", #"^\s*(\w+)\s*$"#, "", "(", "a{", "[]a+)]+",
    ])
    func patternsThatCannotBacktrackExponentiallyPass(pattern: String) {
        #expect(RegexBacktracking.nestedRepetition(in: pattern) == nil)
    }

    @Test func aNestedRepetitionInTheMappingIsRefusedWhenItLoads() {
        #expect {
            _ = try load(#"Replace([Notes], , "(x+x+)+y", , "", , )"#)
        } throws: { error in
            let text = error.localizedDescription
            return text.contains("m.json") && text.contains("nickName") && text.contains("repeats (x+x+)+")
                && text.contains("catastrophic backtracking")
        }
    }

    @Test func aNestedRepetitionFromARowIsARowErrorBeforeItRuns() throws {
        let found = try #require(
            try problem(#"Replace([Notes], , [Other], , "", , )"#, notes: "xxxx", other: "(x+x+)+y"))
        #expect(found.severity == .error)
        #expect(found.column == "Notes, Other (nickName)")
        #expect(found.message.contains("repeats (x+x+)+"), "\(found.message)")
    }

    /// `(x|xx)+y` backtracks exponentially without a nested quantifier: the engine reports its progress, the clock is
    /// read, and the row stops when its time is up. The clock here advances 10 ms a reading: no real time passes.
    @Test func aBacktrackingPatternIsStoppedWhenTheRowsTimeIsUp() throws {
        let clock = FakeClock(step: 0.01)
        let limits = ExpressionLimits(maxValueBytes: 65_536, secondsPerRow: 0.25, clock: { clock.read() })
        let found = try #require(
            try problem(
                #"Replace([Notes], , "(x|xx)+y", , "", , )"#, notes: String(repeating: "x", count: 60), limits: limits))
        #expect(found.column == "Notes (nickName)")
        #expect(found.message.contains("took more than 0.25 s of CPU"), "\(found.message)")
        #expect(clock.readings > 25 && clock.readings < 40, "\(clock.readings)")
        // The next row starts with the whole budget again.
        #expect(try problem(#"Replace([Notes], , "(x|xx)+y", , "", , )"#, notes: "xxy", limits: limits) == nil)
    }

    /// Each Replace multiplies the cell by ten: six of them would make 100 MB; the first value past 64 KB stops it.
    @Test func nestedExpandingReplacesStopAtTheValueLimit() throws {
        var expression = "[Notes]"
        for _ in 0..<6 { expression = #"Replace(\#(expression), "x", , , "xxxxxxxxxx", , )"# }
        let found = try #require(try problem(expression, notes: String(repeating: "x", count: 100)))
        #expect(found.column == "Notes (nickName)")
        #expect(found.message.contains("would be longer than 64 KB"), "\(found.message)")
        #expect(try problem(expression, notes: "y") == nil)
    }

    @Test(arguments: [
        // A template Replace, a regex substitution repeating the whole source per match, a Join of many Split items
        // with a long separator, an Append of two big values.
        #"Replace([Notes], "x", , , , , [Notes])"#, #"Replace([Notes], , "x", , "$_", , )"#,
        #"Join([Other], Split([Notes], ","))"#, #"Append([Notes], [Notes])"#,
    ])
    func everyWayOfGrowingAValueStopsAtTheLimit(expression: String) throws {
        let found = try #require(
            try problem(
                expression, notes: String(repeating: "x,", count: 20_000), other: String(repeating: "-", count: 40_000))
        )
        #expect(found.message.contains("longer than 64 KB"), "\(found.message)")
    }

    @Test func searchIsLinearAndFindsOccurrencesWithoutOverlap() {
        let search = SubsequenceSearch(Array("aa".utf8))
        var found: [Int] = []
        search.forEach(in: Array("aaaaa".utf8)) { position in
            found.append(position)
            return true
        }
        #expect(found == [0, 2])
        #expect(SubsequenceSearch(Array("abab".utf8)).first(in: Array("ababcababab".utf8), from: 1) == 5)
        #expect(SubsequenceSearch(Array("".utf8)).first(in: Array("abc".utf8)) == nil)
        #expect(TextOperations.split("a, b,,c", at: ",") == ["a", " b", "", "c"])
        #expect(TextOperations.replaceAll("aaaa", "aa", with: "b", limit: 10) == "bb")
        #expect(TextOperations.replaceAll("aaaa", "a", with: "bbb", limit: 11) == nil)
        // What comparing at every position made quadratic: a long run of one letter and a needle one letter off.
        let hay = Array(repeating: UInt8(ascii: "a"), count: 200_000)
        let needle = Array(repeating: UInt8(ascii: "a"), count: 100_000) + [UInt8(ascii: "b")]
        #expect(SubsequenceSearch(needle).first(in: hay) == nil)
    }
}

/// A clock that advances by `step` each time it is read.
final class FakeClock: @unchecked Sendable {
    // @unchecked: `count` is only touched under `lock`.
    private let lock = NSLock()
    private var count = 0
    let step: Double

    init(step: Double) { self.step = step }

    func read() -> Double {
        lock.withLock {
            count += 1
            return Double(count) * step
        }
    }

    var readings: Int { lock.withLock { count } }
}
