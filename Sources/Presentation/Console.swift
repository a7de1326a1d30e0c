import Foundation
import Transport

/// Where a command writes: results to `out`, diagnostics to `err`. Tests pass closures that capture both.
package struct Console: Sendable {
    package let out: @Sendable (String) -> Void
    package let err: @Sendable (String) -> Void
    /// stderr is a terminal: live progress lines and colour are allowed.
    package let errIsTerminal: Bool
    package let outIsTerminal: Bool

    package init(
        out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
        outIsTerminal: Bool = false, errIsTerminal: Bool = false
    ) {
        self.out = out
        self.err = err
        self.outIsTerminal = outIsTerminal
        self.errIsTerminal = errIsTerminal
    }

    /// The process's own stdout and stderr.
    package static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> Console {
        var console = Console(
            out: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
            err: { text in FileHandle.standardError.write(Data(text.utf8)) },
            outIsTerminal: isatty(1) == 1, errIsTerminal: isatty(2) == 1)
        console.outBytes = { bytes in FileHandle.standardOutput.write(Data(bytes)) }
        console.colour =
            console.errIsTerminal && environment["NO_COLOR"].map(\.isEmpty) ?? true && environment["TERM"] != "dumb"
        return console
    }

    package func line(_ text: String) { out(Self.printable(text) + "\n") }

    /// Bytes that are already the output (dry-run NDJSON): no round trip through String on the hot path.
    package var outBytes: (@Sendable ([UInt8]) -> Void)?

    package func write(bytes: [UInt8]) {
        if let outBytes { outBytes(bytes) } else { out(String(decoding: bytes, as: UTF8.self)) }
    }
    package func diagnostic(_ text: String) {
        if jsonLogs { return event("info", text) }
        err(Self.printable(text) + "\n")
    }
    /// `provision: error: …`, the layout swift-argument-parser users know.
    package func error(_ text: String, fields: EventFields = EventFields()) {
        if jsonLogs { return event("error", text, fields) }
        err("provision: " + label("error", colour: "31") + ": \(Self.printable(text))\n")
    }
    package func warning(_ text: String) {
        if jsonLogs { return event("warning", text) }
        err("provision: " + label("warning", colour: "33") + ": \(Self.printable(text))\n")
    }
    /// A problem: `text` (`FILE:LINE: error: …`) on a terminal; with JSON logs an event of `level` (`error`,
    /// `warning`) with the bare `message` and the fields.
    package func problem(_ text: String, message: String, level: String, fields: EventFields) {
        if jsonLogs { return event(level, message, fields) }
        err(Self.printable(text) + "\n")
    }

    /// `--log-format json`: one JSON object per event on stderr, for log shippers.
    package var jsonLogs = false
    /// The command being run (`upload`, `schema diff`), in every JSON event.
    package var command: String?

    /// What a JSON event says besides its level, message and time, where the event has it.
    package struct EventFields: Sendable {
        package var file: String?
        package var line: Int?
        package var externalId: String?
        package var column: String?
        /// The problem's kind, e.g. `duplicateExternalId`, `missingColumn`.
        package var kind: String?

        package init(
            file: String? = nil, line: Int? = nil, externalId: String? = nil, column: String? = nil,
            kind: String? = nil
        ) {
            self.file = file
            self.line = line
            self.externalId = externalId
            self.column = column
            self.kind = kind
        }
    }

    private func event(_ level: String, _ text: String, _ fields: EventFields = EventFields()) {
        var message = text
        if message.hasPrefix("provision: ") { message.removeFirst("provision: ".count) }
        var object: [String: Any] = [
            "time": ISO8601DateFormatter().string(from: Date()), "level": level, "message": Self.printable(message),
        ]
        let texts: [(String, String?)] = [
            ("command", command), ("file", fields.file), ("externalId", fields.externalId),
            ("column", fields.column), ("kind", fields.kind),
        ]
        for case (let key, let value?) in texts { object[key] = value }
        // Line 0 is "no line" (a file-level problem without one).
        if let line = fields.line, line > 0 { object["line"] = line }
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data()
        err(String(decoding: data, as: UTF8.self) + "\n")
    }

    /// Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
    package var colour = false

    private func label(_ text: String, colour code: String) -> String {
        colour ? "\u{1B}[1;\(code)m\(text)\u{1B}[0m" : text
    }

    /// Messages quote file content (header names, cell values) and server text: every character `ServerText`
    /// escapes (controls, line separators, bidirectional controls) is shown escaped here too, except the line feeds
    /// and tabs of the message's own layout, so a hostile file cannot move the cursor, recolour or retitle the
    /// operator's terminal, or print a line backwards.
    static func printable(_ text: String) -> String {
        func isControl(_ scalar: Unicode.Scalar) -> Bool {
            scalar != "\n" && scalar != "\t" && ServerText.needsEscape(scalar)
        }
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
