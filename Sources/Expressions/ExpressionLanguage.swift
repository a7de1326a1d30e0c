/// The expression language as reference text for `provision help mapping`, generated from the function library so
/// the help cannot drift from what is implemented.
package enum ExpressionLanguage {
    package struct Function: Sendable {
        package let signature: String
        package let summary: String
        /// Not in Microsoft's reference (provision's addition).
        package let isAddition: Bool
    }

    /// The functions by family ("Text", "Conditions and checks", "Dates", "Multi-valued"), alphabetical within one.
    package static var families: [(name: String, functions: [Function])] {
        ExpressionFunction.Family.allCases.map { family in
            let functions = ExpressionFunction.allCases.filter { $0.info.family == family }
                .sorted { $0.rawValue.lowercased() < $1.rawValue.lowercased() }
                .map { Function(signature: $0.signature, summary: $0.info.summary, isAddition: $0 == .trim) }
            return (family.rawValue, functions)
        }
    }

    /// Entra functions that a mapping cannot use, with why.
    package static var notAvailable: [(name: String, reason: String)] {
        ExpressionFunction.notAvailable.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The date intervals of DateAdd and DateDiff.
    package static var intervals: [String] { ExpressionFunction.intervals }
}
