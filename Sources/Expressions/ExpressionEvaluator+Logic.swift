/// IIF, Switch, Coalesce, IgnoreFlowIfNullOrEmpty, Not, CBool, IsNull, IsNullOrEmpty, IsPresent, IsString, BitAnd.
/// IIF, Switch and Coalesce evaluate only the arguments they need; SelectUniqueValue alone gives its first candidate.
extension ExpressionEvaluator {
    func logic(_ call: ExpressionCall) throws(ExpressionFailure) -> ExpressionValue {
        switch call.function {
        case .iif:
            let condition = try argument(call, 0)
            let holds: Bool
            switch condition {
            case .null, .ignored: holds = false
            default:
                guard let flag = condition.boolean else {
                    throw fail(call, "the condition is \(condition.quoted), which is neither True nor False")
                }
                holds = flag
            }
            return try argument(call, holds ? 1 : 2)
        case .switchCase:
            // Entra compares text, case-sensitively; a null source matches the key "".
            let source = try argument(call, 0).text ?? ""
            var index = 2
            while index + 1 < call.arguments.count {
                if try argument(call, index).text ?? "" == source { return try argument(call, index + 1) }
                index += 2
            }
            return try argument(call, 1)
        case .coalesce, .selectUniqueValue:
            // SelectUniqueValue on its own (mapping test): its first candidate; the allocation picks among them.
            for index in call.arguments.indices {
                let value = try argument(call, index)
                if !value.isNullOrEmpty { return value }
            }
            return .null
        case .ignoreFlowIfNullOrEmpty:
            let value = try argument(call, 0)
            return value.isNullOrEmpty ? .ignored : value
        case .not:
            // Microsoft: "If source value is True, returns False. Otherwise, returns True."
            return .boolean(try argument(call, 0).boolean != true)
        case .cBool:
            let value = try argument(call, 0)
            if value.isNull { return .boolean(false) }
            guard let flag = value.boolean else {
                throw fail(call, "\(value.quoted) is neither True, False nor a number")
            }
            return .boolean(flag)
        case .isNull:
            return .boolean(try argument(call, 0).isNull)
        case .isNullOrEmpty:
            return .boolean(try argument(call, 0).isNullOrEmpty)
        case .isPresent:
            return .boolean(!(try argument(call, 0).isNullOrEmpty))
        case .isString:
            if case .text = try argument(call, 0) { return .boolean(true) }
            return .boolean(false)
        case .bitAnd:
            guard let first = try integer(call, 0), let second = try integer(call, 1) else { return .null }
            return .integer(first & second)
        default:
            preconditionFailure("not a logic function: \(call.function)")
        }
    }
}
