/// The functions of Entra's attribute-mapping expression language that `provision` evaluates client-side, with the
/// signatures Microsoft documents for them. `Trim` is the one addition of ours; it is marked in
/// `provision help mapping`.
package enum ExpressionFunction: String, CaseIterable, Sendable {
    case append = "Append"
    case bitAnd = "BitAnd"
    case cBool = "CBool"
    case cDate = "CDate"
    case coalesce = "Coalesce"
    case convertToBase64 = "ConvertToBase64"
    case convertToUTF8Hex = "ConvertToUTF8Hex"
    case count = "Count"
    case cStr = "CStr"
    case dateAdd = "DateAdd"
    case dateDiff = "DateDiff"
    case dateFromNum = "DateFromNum"
    case formatDateTime = "FormatDateTime"
    case ignoreFlowIfNullOrEmpty = "IgnoreFlowIfNullOrEmpty"
    case iif = "IIF"
    case inStr = "InStr"
    case isNull = "IsNull"
    case isNullOrEmpty = "IsNullOrEmpty"
    case isPresent = "IsPresent"
    case isString = "IsString"
    case item = "Item"
    case join = "Join"
    case left = "Left"
    case len = "Len"
    case mid = "Mid"
    case normalizeDiacritics = "NormalizeDiacritics"
    case not = "Not"
    case now = "Now"
    case numFromDate = "NumFromDate"
    case pCase = "PCase"
    case removeDuplicates = "RemoveDuplicates"
    case replace = "Replace"
    case selectUniqueValue = "SelectUniqueValue"
    case split = "Split"
    case stripSpaces = "StripSpaces"
    case switchCase = "Switch"
    case toLower = "ToLower"
    case toUpper = "ToUpper"
    case trim = "Trim"
    case word = "Word"

    /// What an argument must be; literals are checked when the mapping is loaded, other values per row.
    enum Kind: Sendable, Equatable {
        case text, integer, boolean, date, any
        /// Text or the several values of `Split`.
        case multi
        /// `vbTextCompare` or `vbBinaryCompare`.
        case compareType
        /// A `DateAdd`/`DateDiff` interval: `yyyy`, `m`, `d`, `ww`, `h`, `n`, `s`.
        case interval
        case dateStyles, dateFormat
        case regex
        case culture
    }

    struct Parameter: Sendable {
        let name: String
        let kind: Kind
        var optional = false
        /// The last parameter may be given any number of times.
        var repeating = false
    }

    /// Result types, for type checks when the mapping is loaded.
    package enum ResultType: Sendable, Equatable { case text, boolean, integer, date, list, any }

    struct Info: Sendable {
        let parameters: [Parameter]
        let result: ResultType
        let family: Family
        let summary: String
    }

    enum Family: String, Sendable, CaseIterable {
        case text = "Text"
        case logic = "Conditions and checks"
        case dates = "Dates"
        case lists = "Multi-valued"
    }

    static let vbConstants: [String: Int64] = ["vbBinaryCompare": 0, "vbTextCompare": 1]
    static let intervals = ["yyyy", "m", "d", "ww", "h", "n", "s"]

    private static func p(_ name: String, _ kind: Kind, optional: Bool = false, repeating: Bool = false) -> Parameter {
        Parameter(name: name, kind: kind, optional: optional, repeating: repeating)
    }

    var info: Info {
        switch self {
        case .append:
            Info(
                parameters: [Self.p("source", .text), Self.p("suffix", .text)], result: .text, family: .text,
                summary: "source with suffix appended")
        case .bitAnd:
            Info(
                parameters: [Self.p("value1", .integer), Self.p("value2", .integer)], result: .integer,
                family: .logic, summary: "bitwise AND of two whole numbers (&HF is hexadecimal)")
        case .cBool:
            Info(
                parameters: [Self.p("expression", .any)], result: .boolean, family: .logic,
                summary: "True for \"True\" or a non-zero number, False for \"False\", zero or null")
        case .cDate:
            Info(
                parameters: [Self.p("expression", .text)], result: .date, family: .dates,
                summary: "the UTC date of a date/time text (ISO 8601, with or without offset; M/d/yyyy h:mm:ss tt)")
        case .coalesce:
            Info(
                parameters: [Self.p("source", .any, optional: true, repeating: true)], result: .any, family: .logic,
                summary: "the first argument that is not null or empty")
        case .convertToBase64:
            Info(
                parameters: [Self.p("source", .text)], result: .text, family: .text,
                summary: "Base64 of the text's UTF-16LE bytes")
        case .convertToUTF8Hex:
            Info(
                parameters: [Self.p("source", .text)], result: .text, family: .text,
                summary: "the text's UTF-8 bytes in upper-case hexadecimal")
        case .count:
            Info(
                parameters: [Self.p("attribute", .multi)], result: .integer, family: .lists,
                summary: "how many values (0 for null, 1 for one text)")
        case .cStr:
            Info(parameters: [Self.p("value", .any)], result: .text, family: .text, summary: "the value as text")
        case .dateAdd:
            Info(
                parameters: [Self.p("interval", .interval), Self.p("value", .integer), Self.p("dateTime", .date)],
                result: .date, family: .dates, summary: "dateTime plus value intervals (yyyy, m, d, ww, h, n, s)")
        case .dateDiff:
            Info(
                parameters: [Self.p("interval", .interval), Self.p("date1", .date), Self.p("date2", .date)],
                result: .integer, family: .dates, summary: "date2 − date1 in whole intervals (as VB's DateDiff)")
        case .dateFromNum:
            Info(
                parameters: [Self.p("value", .integer)], result: .date, family: .dates,
                summary: "the date of an Active Directory number (100 ns since 1601-01-01 UTC)")
        case .formatDateTime:
            Info(
                parameters: [
                    Self.p("source", .any), Self.p("dateTimeStyles", .dateStyles, optional: true),
                    Self.p("inputFormat", .dateFormat), Self.p("outputFormat", .dateFormat),
                ],
                result: .text, family: .dates,
                summary: "source read with inputFormat, written with outputFormat (.NET formats)")
        case .ignoreFlowIfNullOrEmpty:
            Info(
                parameters: [Self.p("expression", .any)], result: .any, family: .logic,
                summary: "the value; when null or empty the attribute is not sent at all (wraps a whole expression)")
        case .iif:
            Info(
                parameters: [Self.p("condition", .boolean), Self.p("valueIfTrue", .any), Self.p("valueIfFalse", .any)],
                result: .any, family: .logic, summary: "valueIfTrue when the condition holds, else valueIfFalse")
        case .inStr:
            Info(
                parameters: [
                    Self.p("value1", .text), Self.p("value2", .text), Self.p("start", .integer, optional: true),
                    Self.p("compareType", .compareType, optional: true),
                ],
                result: .integer, family: .text, summary: "1-based position of value2 in value1 (0 if absent)")
        case .isNull:
            Info(parameters: [Self.p("expression", .any)], result: .boolean, family: .logic, summary: "True when null")
        case .isNullOrEmpty:
            Info(
                parameters: [Self.p("expression", .any)], result: .boolean, family: .logic,
                summary: "True when null or empty")
        case .isPresent:
            Info(
                parameters: [Self.p("expression", .any)], result: .boolean, family: .logic,
                summary: "True when neither null nor empty")
        case .isString:
            Info(
                parameters: [Self.p("expression", .any)], result: .boolean, family: .logic,
                summary: "True when the value is text")
        case .item:
            Info(
                parameters: [Self.p("attribute", .multi), Self.p("index", .integer)], result: .text, family: .lists,
                summary: "the index-th value, from 1")
        case .join:
            Info(
                parameters: [Self.p("separator", .text), Self.p("source", .multi, optional: true, repeating: true)],
                result: .text, family: .text,
                summary: "the non-empty sources (every value of a list) with separator between")
        case .left:
            Info(
                parameters: [Self.p("String", .text), Self.p("NumChars", .integer)], result: .text, family: .text,
                summary: "the first NumChars characters (all when NumChars < 0)")
        case .len:
            Info(
                parameters: [Self.p("String", .text)], result: .integer, family: .text,
                summary: "the number of characters (0 for null)")
        case .mid:
            Info(
                parameters: [Self.p("source", .text), Self.p("start", .integer), Self.p("length", .integer)],
                result: .text, family: .text, summary: "length characters from position start (1-based)")
        case .normalizeDiacritics:
            Info(
                parameters: [Self.p("source", .text)], result: .text, family: .text,
                summary: "accents removed (Zoë → Zoe, ß → ss, ø → oe, æ → ae)")
        case .not:
            Info(
                parameters: [Self.p("source", .any)], result: .boolean, family: .logic,
                summary: "False when source is True, else True")
        case .now:
            Info(
                parameters: [], result: .date, family: .dates,
                summary: "the run's start time (UTC), the same for every row; PROVISION_NOW pins it")
        case .numFromDate:
            Info(
                parameters: [Self.p("value", .date)], result: .integer, family: .dates,
                summary: "the Active Directory number of a date (e.g. for accountExpires)")
        case .pCase:
            Info(
                parameters: [Self.p("source", .text), Self.p("wordSeparators", .text, optional: true)],
                result: .text, family: .text, summary: "first letter of each word upper case, the rest lower case")
        case .removeDuplicates:
            Info(
                parameters: [Self.p("attribute", .multi)], result: .list, family: .lists,
                summary: "the values with duplicates removed")
        case .replace:
            Info(
                parameters: [
                    Self.p("source", .text), Self.p("oldValue", .text, optional: true),
                    Self.p("regexPattern", .regex, optional: true),
                    Self.p("regexGroupName", .text, optional: true),
                    Self.p("replacementValue", .text, optional: true),
                    Self.p("replacementAttributeName", .text, optional: true),
                    Self.p("template", .text, optional: true),
                ],
                result: .text, family: .text, summary: "text or regular-expression replacement (see below)")
        case .selectUniqueValue:
            Info(
                parameters: [Self.p("candidate1", .text), Self.p("candidate2", .text, repeating: true)],
                result: .text, family: .text,
                summary: "the first candidate no one else uses: no other record of the file, no other person of the "
                    + "state and, with --directory, no other object of the tenant (Entra ID targets; see UNIQUE "
                    + "VALUES)")
        case .split:
            Info(
                parameters: [Self.p("source", .text), Self.p("delimiter", .text)], result: .list, family: .lists,
                summary: "the values between delimiters (each trimmed of spaces)")
        case .stripSpaces:
            Info(parameters: [Self.p("source", .text)], result: .text, family: .text, summary: "every space removed")
        case .switchCase:
            Info(
                parameters: [
                    Self.p("source", .text), Self.p("defaultValue", .any, optional: true),
                    Self.p("key, value", .any, repeating: true),
                ],
                result: .any, family: .logic,
                summary: "the value of the first key equal to source (case-sensitive), else defaultValue")
        case .toLower:
            Info(
                parameters: [Self.p("source", .text), Self.p("culture", .culture, optional: true)], result: .text,
                family: .text, summary: "lower case (invariant culture, or e.g. \"tr-TR\")")
        case .toUpper:
            Info(
                parameters: [Self.p("source", .text), Self.p("culture", .culture, optional: true)], result: .text,
                family: .text, summary: "upper case (invariant culture, or e.g. \"tr-TR\")")
        case .trim:
            Info(
                parameters: [Self.p("source", .text)], result: .text, family: .text,
                summary: "leading and trailing white space removed (provision's addition)")
        case .word:
            Info(
                parameters: [Self.p("String", .multi), Self.p("WordNumber", .integer), Self.p("delimiters", .text)],
                result: .text, family: .text, summary: "the WordNumber-th word, words split at any delimiter character")
        }
    }

    /// `Join(separator, source1, …)`.
    var signature: String {
        let names = info.parameters.map { $0.repeating ? "\($0.name), …" : $0.optional ? "[\($0.name)]" : $0.name }
        return "\(rawValue)(\(names.joined(separator: ", ")))"
    }
}
