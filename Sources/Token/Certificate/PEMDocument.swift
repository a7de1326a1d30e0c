import Foundation

/// The labelled blocks of a PEM file (RFC 7468: `-----BEGIN LABEL-----`, base64, `-----END LABEL-----`), in file
/// order, each with the line it starts on, so that a broken file gets a message naming the line.
struct PEMDocument: Sendable {
    struct Block: Sendable {
        /// e.g. "CERTIFICATE", "PRIVATE KEY", "RSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY".
        let label: String
        /// 1-based line of the BEGIN line.
        let line: Int
        /// The block as written, BEGIN and END lines included (what OpenSSL's PEM readers take).
        let text: String
        /// The decoded body.
        let der: [UInt8]
        /// RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: …`) of a legacy encrypted PKCS#1 key.
        let headers: [String: String]

        var isPrivateKey: Bool { label.hasSuffix("PRIVATE KEY") }
    }

    /// Why the text is not a well-formed PEM file.
    struct Problem: Error, Sendable, Equatable {
        let line: Int
        let message: String
    }

    let blocks: [Block]

    /// Whether the bytes look like PEM text at all (a PKCS#12 file is binary DER).
    static func isPEM(_ data: Data) -> Bool {
        data.range(of: Data("-----BEGIN ".utf8)) != nil
    }

    /// Text outside blocks is ignored (openssl writes "Bag Attributes" and subject lines there).
    static func parse(_ text: String) throws(Problem) -> PEMDocument {
        var blocks: [Block] = []
        var open: (label: String, line: Int, lines: [Substring])?
        var lineNumber = 0
        // isNewline, not "\n": in a Windows file "\r\n" is one Character, which "\n" would never match.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let label = Self.label(of: trimmed, marker: "BEGIN") {
                if let open {
                    throw Problem(
                        line: lineNumber, message: "BEGIN \(label) inside the \(open.label) block of line \(open.line)")
                }
                open = (label, lineNumber, [line])
            } else if let label = Self.label(of: trimmed, marker: "END") {
                guard let current = open else {
                    throw Problem(line: lineNumber, message: "END \(label) without a BEGIN")
                }
                guard current.label == label else {
                    throw Problem(
                        line: lineNumber,
                        message: "END \(label) closes the \(current.label) block of line \(current.line)")
                }
                blocks.append(try Self.block(current.label, line: current.line, lines: current.lines + [line]))
                open = nil
            } else if open != nil {
                open!.lines.append(line)
            }
        }
        if let open {
            throw Problem(line: open.line, message: "the \(open.label) block that starts here has no END line")
        }
        return PEMDocument(blocks: blocks)
    }

    private static func label(of line: String, marker: String) -> String? {
        let prefix = "-----\(marker) "
        guard line.hasPrefix(prefix), line.hasSuffix("-----"), line.count > prefix.count + 5 else { return nil }
        return String(line.dropFirst(prefix.count).dropLast(5))
    }

    private static func block(_ label: String, line: Int, lines: [Substring]) throws(Problem) -> Block {
        var headers: [String: String] = [:]
        var body = ""
        for content in lines.dropFirst().dropLast() {
            let trimmed = content.trimmingCharacters(in: .whitespaces)
            if let colon = trimmed.firstIndex(of: ":"), body.isEmpty {
                headers[String(trimmed[..<colon])] = trimmed[trimmed.index(after: colon)...]
                    .trimmingCharacters(in: .whitespaces)
            } else {
                body += trimmed
            }
        }
        guard !body.isEmpty, let der = Data(base64Encoded: body) else {
            throw Problem(line: line, message: "the \(label) block that starts here is not valid base64")
        }
        return Block(
            label: label, line: line, text: lines.joined(separator: "\n") + "\n", der: Array(der), headers: headers)
    }
}
