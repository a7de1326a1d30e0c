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
    /// group the pattern lacks. A name is letters, digits and `_`: the scan stops at anything else, so it looks at
    /// each character once however the pattern is shaped.
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
                if start + 1 < characters.count, characters[start] == "<" || characters[start] == "'",
                    characters[start + 1] != "=", characters[start + 1] != "!"
                {
                    let close: Character = characters[start] == "<" ? ">" : "'"
                    var end = start + 1
                    while end < characters.count,
                        characters[end].isLetter || characters[end].isNumber || characters[end] == "_"
                    {
                        end += 1
                    }
                    if end < characters.count, end > start + 1, characters[end] == close {
                        names.insert(String(characters[(start + 1)..<end]))
                    }
                    index = end
                    continue
                }
            }
            index += 1
        }
        return names
    }
}
