import Foundation
import TestSupport
import Testing

@testable import Presentation

/// The console every command writes through: the `provision: error:` layout, colour only when asked, hostile text
/// shown escaped, and `--log-format json` events.
@Suite struct ConsoleTests {
    /// A console whose two streams are captured, with its JSON logs and colour as given.
    static func console(jsonLogs: Bool = false, colour: Bool = false) -> (Console, out: Captured, err: Captured) {
        let out = Captured()
        let err = Captured()
        var console = Console(out: { out.append($0) }, err: { err.append($0) })
        console.jsonLogs = jsonLogs
        console.colour = colour
        return (console, out, err)
    }

    static func events(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    @Test func errorsAndWarningsHaveTheCompilerLayoutWithoutColour() {
        let (console, out, err) = Self.console()
        console.error("the file is gone")
        console.warning("the header repeats")
        console.line("a result")
        #expect(err.text == "provision: error: the file is gone\nprovision: warning: the header repeats\n")
        #expect(out.text == "a result\n")
    }

    @Test func colourIsOnlyTheLabelAndOnlyWhenAsked() {
        let (console, _, err) = Self.console(colour: true)
        console.error("e")
        console.warning("w")
        #expect(err.text == "provision: \u{1B}[1;31merror\u{1B}[0m: e\nprovision: \u{1B}[1;33mwarning\u{1B}[0m: w\n")
    }

    /// A terminal's escape sequences, bidirectional overrides and line separators from a file or a server are shown
    /// escaped; the message's own line feeds and tabs are kept.
    @Test(arguments: [
        ("cell \u{1B}]0;pwned\u{7}", #"cell \u{1b}]0;pwned\u{7}"#),
        ("\u{202E}eurt", #"\u{202e}eurt"#),
        ("one\u{2028}two", #"one\u{2028}two"#),
        ("kept\tas\nlayout", "kept\tas\nlayout"),
        ("plain é 名 😀", "plain é 名 😀"),
    ])
    func hostileTextIsShownEscaped(text: String, shown: String) {
        #expect(Console.printable(text) == shown)
        let (console, out, err) = Self.console()
        console.line(text)
        console.error(text)
        #expect(out.text == shown + "\n")
        #expect(err.text == "provision: error: \(shown)\n")
    }

    @Test func bytesGoStraightToTheByteStreamWhenThereIsOne() {
        let (console, out, _) = Self.console()
        console.write(bytes: Array("{\"a\":1}\n".utf8))
        #expect(out.text == "{\"a\":1}\n")
        let bytes = Recorder<[UInt8]>()
        var direct = console
        direct.outBytes = { bytes.append($0) }
        direct.write(bytes: [0x7B, 0x7D])
        #expect(bytes.all == [[0x7B, 0x7D]])
        #expect(out.text == "{\"a\":1}\n", "nothing went through the text stream")
    }

    @Test func jsonLogsAreOneEventPerLineWithTheCommandAndWhereTheProblemIs() throws {
        var (console, out, err) = Self.console(jsonLogs: true)
        console.command = "validate"
        console.error("provision: cannot read x.csv")
        console.diagnostic("notice \u{1B}[2J")
        console.problem(
            "x.csv:3: error: bad", message: "bad", level: "error",
            fields: .init(file: "x.csv", line: 3, externalId: "E1", column: "active", kind: "notABoolean"))
        console.problem("x.csv: warning: w", message: "w", level: "warning", fields: .init(file: "x.csv", line: 0))
        #expect(out.text.isEmpty)
        let events = Self.events(err.text)
        try #require(events.count == 4, "\(err.text)")
        #expect(events.allSatisfy { $0["command"] as? String == "validate" && $0["time"] is String })
        #expect(events[0]["level"] as? String == "error")
        #expect(events[0]["message"] as? String == "cannot read x.csv", "the program's prefix is not repeated")
        #expect(events[1]["level"] as? String == "info")
        #expect(events[1]["message"] as? String == #"notice \u{1b}[2J"#)
        #expect(events[2]["kind"] as? String == "notABoolean" && events[2]["line"] as? Int == 3)
        #expect(events[2]["externalId"] as? String == "E1" && events[2]["column"] as? String == "active")
        #expect(events[3]["level"] as? String == "warning")
        #expect(events[3]["line"] == nil, "line 0 is no line")
    }
}
