import Foundation

/// Which of Replace's documented forms a call uses, decided from the arguments written when the mapping is loaded.
enum ReplaceMode: Sendable, Equatable {
    /// `Replace(source, oldValue, , , replacementValue, , )`: every oldValue in source replaced.
    case text
    /// `Replace(source, oldValue, , , , , template)`: every oldValue in template replaced by source.
    case template
    /// `Replace(source, , regexPattern, , replacementValue, , )`: every match replaced, with `$1`, `${name}`.
    case regex
    /// `Replace(source, , regexPattern, regexGroupName, replacementValue, , )`: the group's text in every match.
    case regexGroup
    /// `Replace(source, , regexPattern, regexGroupName, , replacementAttributeName, )`: source when it has a value,
    /// else the group's text in the first match of the replacement attribute.
    case regexFallback

    /// Argument slots: 1 oldValue, 2 regexPattern, 3 regexGroupName, 4 replacementValue, 5 replacementAttributeName,
    /// 6 template. nil with the reason when the combination is none of Microsoft's.
    static func of(written: (Int) -> Bool) -> Result<ReplaceMode, ReplaceModeError> {
        let (old, pattern, group, value, attribute, template) =
            (written(1), written(2), written(3), written(4), written(5), written(6))
        if pattern {
            if old || template { return .failure(.init("oldValue and template go without regexPattern")) }
            if group {
                if value && attribute {
                    return .failure(.init("give replacementValue or replacementAttributeName, not both"))
                }
                if value { return .success(.regexGroup) }
                if attribute { return .success(.regexFallback) }
                return .failure(
                    .init("regexPattern with regexGroupName needs replacementValue or replacementAttributeName"))
            }
            if attribute { return .failure(.init("replacementAttributeName needs regexGroupName")) }
            return value
                ? .success(.regex) : .failure(.init("regexPattern needs a replacementValue (\"\" removes the matches)"))
        }
        if group || attribute {
            return .failure(.init("regexGroupName and replacementAttributeName need a regexPattern"))
        }
        guard old else {
            return .failure(.init("give oldValue or regexPattern (the second or third argument)"))
        }
        if value && template { return .failure(.init("give replacementValue or template, not both")) }
        if value { return .success(.text) }
        if template { return .success(.template) }
        return .failure(.init("oldValue needs a replacementValue or a template"))
    }

    struct ReplaceModeError: Error, Sendable {
        let message: String
        init(_ message: String) { self.message = message }
    }

    /// The names of `(?<name>…)`, `(?'name'…)` and `(?P<name>…)` groups, so that a substitution never asks for a
    /// group the pattern lacks.
    static func groupNames(in pattern: String) -> Set<String> {
        var names: Set<String> = []
        let characters = Array(pattern)
        var index = 0
        while index + 3 < characters.count {
            if characters[index] == "\\" {
                index += 2
                continue
            }
            if characters[index] == "(", characters[index + 1] == "?" {
                var start = index + 2
                if characters[start] == "P" { start += 1 }
                if start < characters.count, characters[start] == "<" || characters[start] == "'",
                    start + 1 < characters.count, characters[start + 1] != "=", characters[start + 1] != "!"
                {
                    let close: Character = characters[start] == "<" ? ">" : "'"
                    if let end = characters[(start + 1)...].firstIndex(of: close) {
                        names.insert(String(characters[(start + 1)..<end]))
                    }
                }
            }
            index += 1
        }
        return names
    }
}

extension ExpressionEvaluator {
    func replace(_ call: ExpressionCall) throws(ExpressionFailure) -> ExpressionValue {
        guard let mode = call.prepared.replaceMode else { preconditionFailure("Replace is compiled with its mode") }
        let source = try text(call, 0)
        switch mode {
        case .text:
            guard let source else { return .null }
            let old = try text(call, 1) ?? ""
            guard !old.isEmpty else { return .text(source) }
            return .text(TextOperations.replaceAll(source, old, with: try text(call, 4) ?? ""))
        case .template:
            let old = try text(call, 1) ?? ""
            let template = try text(call, 6) ?? ""
            guard !old.isEmpty else { return .text(template) }
            return .text(TextOperations.replaceAll(template, old, with: source ?? ""))
        case .regex, .regexGroup:
            guard let source else { return .null }
            let (regex, names) = try self.regex(call)
            let replacement = try text(call, 4) ?? ""
            if mode == .regex { return .text(Self.substitute(regex, names: names, in: source, with: replacement)) }
            let group = try text(call, 3) ?? ""
            return .text(Self.replaceGroup(group, regex, names: names, in: source, with: replacement))
        case .regexFallback:
            if let source, !source.isEmpty { return .text(source) }
            guard let other = try text(call, 5) else { return .null }
            let (regex, names) = try self.regex(call)
            let group = try text(call, 3) ?? ""
            let ns = other as NSString
            guard let match = regex.firstMatch(in: other, range: NSRange(location: 0, length: ns.length)),
                let range = Self.range(of: group, in: match, regex: regex, names: names)
            else { return .null }
            return .text(ns.substring(with: range))
        }
    }

    /// The call's regular expression and its group names: prepared when the pattern is a literal, else compiled
    /// once per distinct pattern.
    private func regex(_ call: ExpressionCall) throws(ExpressionFailure) -> (NSRegularExpression, Set<String>) {
        let pattern = try text(call, 2) ?? ""
        if let regex = call.prepared.regex { return (regex, call.prepared.groupNames) }
        if let cached = cache.regexes[pattern] { return (cached, ReplaceMode.groupNames(in: pattern)) }
        do {
            let regex = try NSRegularExpression(pattern: pattern)
            if cache.regexes.count < 256 { cache.regexes[pattern] = regex }
            return (regex, ReplaceMode.groupNames(in: pattern))
        } catch {
            throw fail(call, "\"\(pattern)\" is not a valid regular expression")
        }
    }

    /// The range of a group given by name or number, nil when the pattern has no such group or it did not take part.
    static func range(of group: String, in match: NSTextCheckingResult, regex: NSRegularExpression, names: Set<String>)
        -> NSRange?
    {
        let range: NSRange
        if let number = Int(group) {
            guard number >= 0, number <= regex.numberOfCaptureGroups else { return nil }
            range = match.range(at: number)
        } else {
            guard names.contains(group) else { return nil }
            range = match.range(withName: group)
        }
        return range.location == NSNotFound ? nil : range
    }

    static func replaceGroup(
        _ group: String, _ regex: NSRegularExpression, names: Set<String>, in source: String, with replacement: String
    ) -> String {
        let ns = source as NSString
        let result = NSMutableString(string: source)
        // Back to front, so earlier ranges stay valid.
        for match in regex.matches(in: source, range: NSRange(location: 0, length: ns.length)).reversed() {
            if let range = range(of: group, in: match, regex: regex, names: names) {
                result.replaceCharacters(in: range, with: replacement)
            }
        }
        return result as String
    }

    /// .NET's `Regex.Replace`: every match replaced by the replacement with its substitutions (`$1`, `${name}`,
    /// `$&`, `` $` ``, `$'`, `$+`, `$_`, `$$`).
    static func substitute(
        _ regex: NSRegularExpression, names: Set<String>, in source: String, with replacement: String
    )
        -> String
    {
        let ns = source as NSString
        var result = ""
        var last = 0
        let template = Array(replacement)
        for match in regex.matches(in: source, range: NSRange(location: 0, length: ns.length)) {
            result += ns.substring(with: NSRange(location: last, length: match.range.location - last))
            result += expand(template, match: match, regex: regex, names: names, source: ns)
            last = match.range.location + match.range.length
        }
        result += ns.substring(from: last)
        return result
    }

    private static func expand(
        _ template: [Character], match: NSTextCheckingResult, regex: NSRegularExpression, names: Set<String>,
        source: NSString
    ) -> String {
        /// A group's text; "" for a group that did not take part; nil when the pattern has no such group.
        func group(_ name: String) -> String? {
            if let range = range(of: name, in: match, regex: regex, names: names) {
                return source.substring(with: range)
            }
            if let number = Int(name) { return number <= regex.numberOfCaptureGroups ? "" : nil }
            return names.contains(name) ? "" : nil
        }
        var text = ""
        var index = 0
        while index < template.count {
            let character = template[index]
            guard character == "$", index + 1 < template.count else {
                text.append(character)
                index += 1
                continue
            }
            let next = template[index + 1]
            switch next {
            case "$":
                text += "$"
                index += 2
            case "&":
                text += source.substring(with: match.range)
                index += 2
            case "`":
                text += source.substring(to: match.range.location)
                index += 2
            case "'":
                text += source.substring(from: match.range.location + match.range.length)
                index += 2
            case "_":
                text += source as String
                index += 2
            case "+":
                text += regex.numberOfCaptureGroups > 0 ? group(String(regex.numberOfCaptureGroups)) ?? "" : ""
                index += 2
            case "{":
                if let close = template[(index + 2)...].firstIndex(of: "}"),
                    let value = group(String(template[(index + 2)..<close]))
                {
                    text += value
                    index = close + 1
                } else {
                    text.append(character)
                    index += 1
                }
            case "0"..."9":
                // The longest number that names a group, as .NET reads `$12` as group 12 when there is one.
                var end = index + 1
                while end < template.count, template[end].isASCII, template[end].isNumber { end += 1 }
                var taken = false
                while end > index + 1 {
                    if let number = Int(String(template[(index + 1)..<end])), number <= regex.numberOfCaptureGroups {
                        text += group(String(number)) ?? ""
                        index = end
                        taken = true
                        break
                    }
                    end -= 1
                }
                if !taken {
                    text.append(character)
                    index += 1
                }
            default:
                text.append(character)
                index += 1
            }
        }
        return text
    }
}
