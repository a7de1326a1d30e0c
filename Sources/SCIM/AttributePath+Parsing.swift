import Basics
import Foundation

extension AttributePath {
    /// Parses and checks a path against the schema: core and enterprise attributes must exist (names match in any
    /// case, as in SCIM, and come back in canonical case); any other `urn:` namespace is a custom extension.
    package static func parse(_ text: String) throws(AttributePathError) -> AttributePath {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .syntax(path: text, reason: "it is empty") }
        if trimmed.lowercased().hasPrefix("urn:") { return try parseExtension(trimmed) }
        return try parseAttribute(trimmed, fullText: trimmed, schema: nil, known: SCIMSchema.coreAttributes)
    }

    private static func parseExtension(_ text: String) throws(AttributePathError) -> AttributePath {
        // The attribute follows the last ':'; everything before it is the schema URN.
        guard let colon = text.lastIndex(of: ":") else {
            throw .syntax(path: text, reason: "no attribute after the schema URN")
        }
        let urn = String(text[..<colon])
        let rest = String(text[text.index(after: colon)...])
        guard !rest.isEmpty else {
            throw .syntax(
                path: text,
                reason:
                    "no attribute after the schema URN; write URN:attribute, e.g. "
                    + "\(SCIMSchema.enterpriseUser):department"
            )
        }
        guard urn.split(separator: ":").count >= 3 else {
            throw .syntax(path: text, reason: "\"\(urn)\" is not a schema URN (urn:namespace:…)")
        }
        if urn.caseInsensitiveCompare(SCIMSchema.enterpriseUser) == .orderedSame {
            return try parseAttribute(
                rest, fullText: text, schema: SCIMSchema.enterpriseUser, known: SCIMSchema.enterpriseAttributes)
        }
        if urn.caseInsensitiveCompare(SCIMSchema.coreUser) == .orderedSame {
            return try parseAttribute(rest, fullText: text, schema: nil, known: SCIMSchema.coreAttributes)
        }
        // A near miss of the enterprise URN is a typo, not a new namespace.
        if ClosestMatch.distance(urn, SCIMSchema.enterpriseUser) <= 3 {
            throw .unknown(path: text, suggestion: "\(SCIMSchema.enterpriseUser):\(rest)")
        }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2, parts.allSatisfy(isAttributeName) else {
            throw .syntax(
                path: text,
                reason: "custom attribute names are letters, digits, '_' and '-', optionally with one .subAttribute")
        }
        return AttributePath(
            schema: urn, attribute: parts[0], subAttribute: parts.count == 2 ? parts[1] : nil, valueType: .string)
    }

    private static func parseAttribute(
        _ text: String, fullText: String, schema: String?, known: [(name: String, shape: SCIMSchema.Shape)]
    ) throws(AttributePathError) -> AttributePath {
        var name = text
        var filter: String?
        var sub: String?
        if let open = text.firstIndex(of: "[") {
            guard let close = text.firstIndex(of: "]"), close > open else {
                throw .syntax(path: fullText, reason: "'[' without a closing ']'")
            }
            name = String(text[..<open])
            filter = String(text[text.index(after: open)..<close])
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.first == "." else {
                    throw .syntax(path: fullText, reason: "expected '.subAttribute' after ']'")
                }
                sub = String(after.dropFirst())
            }
        } else if let dot = text.firstIndex(of: ".") {
            name = String(text[..<dot])
            sub = String(text[text.index(after: dot)...])
        }
        let prefix = schema.map { $0 + ":" } ?? ""
        guard let entry = known.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) else {
            if isAttributeName(name) || name.contains(".") {
                throw .unknown(path: fullText, suggestion: ClosestMatch.find(fullText, in: SCIMSchema.knownPaths))
            }
            throw .syntax(path: fullText, reason: "\"\(name)\" is not an attribute name")
        }
        switch entry.shape {
        case .simple(let type):
            if filter != nil { throw .notMultiValued(path: fullText, suggestion: prefix + entry.name) }
            if sub != nil { throw .unknown(path: fullText, suggestion: prefix + entry.name) }
            return AttributePath(schema: schema, attribute: entry.name, valueType: type)
        case .complex(let subs):
            if filter != nil { throw .notMultiValued(path: fullText, suggestion: "\(prefix)\(entry.name).\(subs[0])") }
            guard let sub else {
                throw .needsSubAttribute(path: fullText, suggestion: "\(prefix)\(entry.name).\(subs[0])")
            }
            guard let canonical = subs.first(where: { $0.caseInsensitiveCompare(sub) == .orderedSame }) else {
                throw .unknown(
                    path: fullText,
                    suggestion: ClosestMatch.find(fullText, in: subs.map { "\(prefix)\(entry.name).\($0)" }))
            }
            return AttributePath(schema: schema, attribute: entry.name, subAttribute: canonical, valueType: .string)
        case .multiValued(let subs):
            let example =
                "\(prefix)\(entry.name)[type eq "
                + "\"work\"].\(sub.flatMap { s in subs.first { $0.caseInsensitiveCompare(s) == .orderedSame } } ?? subs[0])"
            guard let filter else { throw .needsTypeFilter(path: fullText, suggestion: example) }
            let type = try parseTypeFilter(filter, fullText: fullText)
            guard let sub else { throw .needsSubAttribute(path: fullText, suggestion: example) }
            guard let canonical = subs.first(where: { $0.caseInsensitiveCompare(sub) == .orderedSame }),
                canonical != "type"
            else {
                let reason =
                    sub.lowercased() == "type" ? "the entry's type comes from the filter; map a value instead" : nil
                if let reason { throw .syntax(path: fullText, reason: reason) }
                throw .unknown(
                    path: fullText,
                    suggestion: ClosestMatch.find(
                        fullText,
                        in: subs.filter { $0 != "type" }.map { "\(prefix)\(entry.name)[type eq \"\(type)\"].\($0)" }))
            }
            let valueType: SCIMSchema.ValueType =
                SCIMSchema.booleanSubAttributes.contains(canonical) ? .boolean : .string
            return AttributePath(
                schema: schema, attribute: entry.name, entryType: type, subAttribute: canonical, valueType: valueType)
        }
    }

    /// `type eq "work"`, `type eq work` (quotes optional), any case for `type` and `eq`.
    private static func parseTypeFilter(_ filter: String, fullText: String) throws(AttributePathError) -> String {
        let words = filter.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count == 3, words[0].lowercased() == "type", words[1].lowercased() == "eq" else {
            throw .syntax(path: fullText, reason: "only [type eq \"…\"] filters are supported")
        }
        var value = String(words[2])
        if value.count >= 2, value.first == "\"", value.last == "\"" { value = String(value.dropFirst().dropLast()) }
        guard !value.isEmpty, !value.contains("\"") else {
            throw .syntax(path: fullText, reason: "the filter's type is empty or badly quoted")
        }
        return value
    }

    static func isAttributeName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic || first == "$" else { return false }
        return name.unicodeScalars.allSatisfy {
            $0.isASCII
                && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" || $0 == "$")
        }
    }
}
