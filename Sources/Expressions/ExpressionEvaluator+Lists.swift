/// Split, Join, Count, Item, RemoveDuplicates: the multi-valued functions. A cell is one value; `Split` makes several.
extension ExpressionEvaluator {
    func lists(_ call: ExpressionCall) throws(ExpressionFailure) -> ExpressionValue {
        switch call.function {
        case .split:
            guard let source = try text(call, 0) else { return .null }
            let delimiter = try text(call, 1) ?? ""
            guard !delimiter.isEmpty else { return .list([source]) }
            // Microsoft's example splits "PermissionSetOne, PermissionSetTwo" at "," into two names without the
            // space: each value is trimmed of spaces.
            return .list(TextOperations.split(source, at: delimiter).map { $0.trimmingCharacters(in: [" "]) })
        case .join:
            // Empty sources are skipped: Microsoft's `Join(", ", "", [surname], [givenName])` gives "Doe, John".
            let separator = try text(call, 0) ?? ""
            var joined = ""
            var first = true
            // Built within the value limit: a long separator between many Split items would otherwise take gigabytes.
            func add(_ item: String) throws(ExpressionFailure) {
                guard !item.isEmpty else { return }
                if !first { joined += separator }
                joined += item
                first = false
                if joined.utf8.count > budget.limits.maxValueBytes {
                    throw fail(call, budget.sizeMessage("the result"))
                }
            }
            for index in 1..<max(call.arguments.count, 1) {
                switch try argument(call, index) {
                case .null, .ignored: continue
                case .text(let text): try add(text)
                case .list(let items): for item in items { try add(item) }
                case let value: if let text = value.text { try add(text) }
                }
            }
            return first ? .null : .text(joined)
        case .count:
            return .integer(Int64(try argument(call, 0).items.count))
        case .item:
            let items = try argument(call, 0).items
            guard let index = try integer(call, 1) else { return .null }
            guard index >= 1, index <= items.count else { return .null }
            return .text(items[Int(index - 1)])
        case .removeDuplicates:
            var seen: Set<String> = []
            let value = try argument(call, 0)
            if value.isNull { return .null }
            return .list(value.items.filter { seen.insert($0).inserted })
        default:
            preconditionFailure("not a list function: \(call.function)")
        }
    }
}
