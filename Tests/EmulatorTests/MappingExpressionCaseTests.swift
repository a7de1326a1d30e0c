import Testing

@testable import EntraEmulator

/// The emulator evaluates ToUpper and ToLower as the service does: each character to exactly one.
@Suite struct MappingExpressionCaseTests {
    func evaluate(_ function: String, _ value: String, culture: String? = nil) -> String? {
        var parameters = [MappingExpression.Parameter(key: "source", value: .attribute("x"))]
        if let culture { parameters.append(.init(key: "culture", value: .constant(culture))) }
        return MappingExpression.function(function, parameters).evaluate { $0 == "x" ? value : nil }
    }

    @Test func oneCharacterToOne() {
        #expect(evaluate("ToUpper", "straße") == "STRAßE")
        #expect(evaluate("ToUpper", "ﬁle") == "ﬁLE")
        #expect(evaluate("ToLower", "İSTANBUL") == "istanbul")
        #expect(evaluate("ToLower", "ΟΔΟΣ") == "οδοσ")
        #expect(evaluate("ToUpper", "istanbul", culture: "tr-TR") == "İSTANBUL")
        #expect(evaluate("ToLower", "ISTANBUL", culture: "tr-TR") == "ıstanbul")
        #expect(evaluate("ToLower", "Zoë") == "zoë")
    }
}
