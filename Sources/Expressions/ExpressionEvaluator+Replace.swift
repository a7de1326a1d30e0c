import Foundation

extension ExpressionEvaluator {
    func replace(_ call: ExpressionCall) throws(ExpressionFailure) -> ExpressionValue {
        guard let mode = call.prepared.replaceMode else { preconditionFailure("Replace is compiled with its mode") }
        let source = try text(call, 0)
        let limit = budget.limits.maxValueBytes
        switch mode {
        case .text, .template:
            let old = try text(call, 1) ?? ""
            let (text, insert): (String, String)
            if mode == .text {
                guard let source else { return .null }
                (text, insert) = (source, try self.text(call, 4) ?? "")
            } else {
                (text, insert) = (try self.text(call, 6) ?? "", source ?? "")
            }
            guard !old.isEmpty else { return .text(text) }
            guard let replaced = TextOperations.replaceAll(text, old, with: insert, limit: limit) else {
                throw fail(call, budget.sizeMessage("the result"))
            }
            return .text(replaced)
        case .regex, .regexGroup:
            guard let source else { return .null }
            let (regex, names) = try self.regex(call)
            let replacement = try text(call, 4) ?? ""
            let group = mode == .regex ? nil : try text(call, 3) ?? ""
            return .text(try substitute(regex, names: names, group: group, in: source, with: replacement, call: call))
        case .regexFallback:
            if let source, !source.isEmpty { return .text(source) }
            guard let other = try text(call, 5) else { return .null }
            let (regex, names) = try self.regex(call)
            let group = try text(call, 3) ?? ""
            let ns = other as NSString
            var found: NSRange?
            try matches(of: regex, in: other, call: call) { match in
                found = Self.range(of: group, in: match, regex: regex, names: names)
                return false
            }
            return found.map { .text(ns.substring(with: $0)) } ?? .null
        }
    }

    /// The call's regular expression and its group names: prepared when the pattern is a literal, else compiled
    /// once per distinct pattern (patterns of up to 1 KB are kept). A pattern from a row is checked as the mapping's
    /// are when it is loaded: a nested unbounded repetition is a row error before it runs.
    private func regex(_ call: ExpressionCall) throws(ExpressionFailure) -> (NSRegularExpression, Set<String>) {
        if let regex = call.prepared.regex { return (regex, call.prepared.groupNames) }
        let pattern = try text(call, 2) ?? ""
        if let cached = cache.regexes[pattern] { return (cached, ReplaceMode.groupNames(in: pattern)) }
        if let nested = RegexBacktracking.nestedRepetition(in: pattern) {
            throw fail(call, RegexBacktracking.message(pattern: pattern, nested: nested))
        }
        do {
            let regex = try NSRegularExpression(pattern: pattern)
            if cache.regexes.count < 256, pattern.utf8.count <= 1024 { cache.regexes[pattern] = regex }
            return (regex, ReplaceMode.groupNames(in: pattern))
        } catch {
            throw fail(call, "\"\(pattern)\" is not a valid regular expression")
        }
    }

    /// Calls `body` with each match until it returns false, within the row's time: the engine reports its progress
    /// (at each start position and every 10,000 steps of backtracking), and every 16th report or match reads the
    /// clock; when the row's time is up the match is stopped where it is and the call fails.
    func matches(
        of regex: NSRegularExpression, in source: String, call: ExpressionCall,
        _ body: (NSTextCheckingResult) throws(ExpressionFailure) -> Bool
    ) throws(ExpressionFailure) {
        guard !budget.isSpent else { throw fail(call, budget.timeMessage) }
        var reports = 0
        var outOfTime = false
        var failure: ExpressionFailure?
        let budget = self.budget
        // The block is escaping in the signature only: enumerateMatches calls it before it returns.
        withoutActuallyEscaping(body) { body in
            regex.enumerateMatches(
                in: source, options: [.reportProgress],
                range: NSRange(location: 0, length: (source as NSString).length)
            ) { match, _, stop in
                // A match counts too: an engine that matches at every position reports no progress in between.
                reports += 1
                if reports % 16 == 0, !budget.hasTimeLeft() {
                    outOfTime = true
                    stop.pointee = true
                    return
                }
                guard let match else { return }
                do throws(ExpressionFailure) {
                    if try !body(match) { stop.pointee = true }
                } catch {
                    failure = error
                    stop.pointee = true
                }
            }
        }
        if let failure { throw failure }
        if outOfTime { throw fail(call, budget.timeMessage) }
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

    /// .NET's `Regex.Replace`: every match replaced by the replacement with its substitutions (`$1`, `${name}`,
    /// `$&`, `` $` ``, `$'`, `$+`, `$_`, `$$`); with `group`, only that group's text in each match, by the replacement
    /// as written. Built front to back within the value limit, one match at a time.
    private func substitute(
        _ regex: NSRegularExpression, names: Set<String>, group: String?, in source: String, with replacement: String,
        call: ExpressionCall
    ) throws(ExpressionFailure) -> String {
        let ns = source as NSString
        let limit = budget.limits.maxValueBytes
        var result = ""
        var last = 0
        let template = Array(replacement)
        try matches(of: regex, in: source, call: call) { match throws(ExpressionFailure) in
            let range: NSRange
            let text: String
            if let group {
                // A group that did not take part (or comes before the last one replaced) leaves the match as it is.
                guard let found = Self.range(of: group, in: match, regex: regex, names: names), found.location >= last
                else { return true }
                (range, text) = (found, replacement)
            } else {
                range = match.range
                guard
                    let expanded = Self.expand(
                        template, match: match, regex: regex, names: names, source: ns, limit: limit)
                else { throw fail(call, budget.sizeMessage("the result")) }
                text = expanded
            }
            result += ns.substring(with: NSRange(location: last, length: range.location - last))
            result += text
            last = range.location + range.length
            guard result.utf8.count <= limit else { throw fail(call, budget.sizeMessage("the result")) }
            return true
        }
        result += ns.substring(from: last)
        return result
    }

    /// One match's replacement text; nil when it would be longer than `limit` bytes (`$_` repeats the whole source).
    private static func expand(
        _ template: [Character], match: NSTextCheckingResult, regex: NSRegularExpression, names: Set<String>,
        source: NSString, limit: Int
    ) -> String? {
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
            guard text.utf8.count <= limit else { return nil }
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
                // A group name is letters, digits and `_`: the scan stops at anything else (linear in the template).
                var close = index + 2
                while close < template.count,
                    template[close].isLetter || template[close].isNumber || template[close] == "_"
                {
                    close += 1
                }
                if close < template.count, template[close] == "}",
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
                // At most 9 digits: no pattern has a billion groups, and each shorter number is tried in turn.
                while end < template.count, end - index <= 9, template[end].isASCII, template[end].isNumber { end += 1 }
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
        return text.utf8.count <= limit ? text : nil
    }
}
