import EmulatorKit
import Foundation

/// One token of an OData `$filter` expression, shared by the provisioning-log filter and the directory's user filter:
/// a word (property, operator, keyword, unquoted literal), a single-quoted string, a parenthesis or a comma.
struct ODataToken: Sendable, Equatable {
    enum Kind: Sendable { case word, string, open, close, comma }
    var kind: Kind
    var text: String

    /// Splits `text` into tokens; an unterminated string literal is refused.
    static func tokenize(_ text: String) throws(ODataFilterError) -> [ODataToken] {
        var tokens: [ODataToken] = []
        let characters = Array(text)
        var position = 0
        while position < characters.count {
            let character = characters[position]
            if character.isWhitespace {
                position += 1
                continue
            }
            if let kind = Self.punctuation[character] {
                tokens.append(ODataToken(kind: kind, text: String(character)))
                position += 1
                continue
            }
            if character == "'" {
                var literal = ""
                position += 1
                while true {
                    guard position < characters.count else {
                        throw ODataFilterError(message: "Invalid filter clause: unterminated string literal.")
                    }
                    if characters[position] == "'" {
                        // OData escapes a quote inside a literal by doubling it.
                        if position + 1 < characters.count, characters[position + 1] == "'" {
                            literal.append("'")
                            position += 2
                            continue
                        }
                        position += 1
                        break
                    }
                    literal.append(characters[position])
                    position += 1
                }
                tokens.append(ODataToken(kind: .string, text: literal))
                continue
            }
            var word = ""
            while position < characters.count, !characters[position].isWhitespace,
                !"(),'".contains(characters[position])
            {
                word.append(characters[position])
                position += 1
            }
            tokens.append(ODataToken(kind: .word, text: word))
        }
        return tokens
    }

    private static let punctuation: [Character: Kind] = ["(": .open, ")": .close, ",": .comma]
}
