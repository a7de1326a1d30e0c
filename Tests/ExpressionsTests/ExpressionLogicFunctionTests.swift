import Testing

@testable import Expressions

/// Conditions, checks and the multi-valued functions against Microsoft's examples (and "ours" where it has none).
@Suite struct ExpressionLogicFunctionTests {
    @Test(arguments: [Example("BitAnd(&HF, &HF7)", "7"), Example("BitAnd(12, \"10\")", "8")])
    func bitAnd(example: Example) throws { try example.check() }

    @Test(arguments: [
        Example("CBool([attribute1] = [attribute2])", ["attribute1": "a", "attribute2": "a"], "True"),
        Example("CBool([attribute1] = [attribute2])", ["attribute1": "a", "attribute2": "b"], "False"),
        Example("CBool(\"true\")", "True"), Example("CBool(0)", "False"), Example("CBool(\"2\")", "True"),  // ours
    ])
    func cBool(example: Example) throws { try example.check() }

    @Test(arguments: [
        Example(
            "Coalesce([mail],[userPrincipalName])", ["mail": "", "userPrincipalName": "John.Doe@contoso.com"],
            "John.Doe@contoso.com"),
        Example("Coalesce([mail],[userPrincipalName], \"none\")", ["mail": "", "userPrincipalName": ""], "none"),
        Example("Coalesce([mail],[userPrincipalName])", ["mail": "", "userPrincipalName": ""], nil),
    ])
    func coalesce(example: Example) throws { try example.check() }

    @Test(arguments: [
        Example("IIF([country]=\"USA\",[country],[department])", ["country": "USA", "department": "Sales"], "USA"),
        Example("IIF([country]=\"USA\",[country],[department])", ["country": "FR", "department": "Sales"], "Sales"),
        Example(
            "IIF([country]=\"USA\",IIF([state]=\"CA\",\"True\",\"False\"),\"False\")",
            ["country": "USA", "state": "CA"], "True"),
        Example(
            "IIF([country]=\"USA\",IIF([state]=\"CA\",\"True\",\"False\"),\"False\")",
            ["country": "USA", "state": "WA"], "False"),
        Example(
            "IIF([country]=\"USA\",\"True\",IIF([state]=\"CA\",\"True\",\"False\"))",
            ["country": "MX", "state": "CA"], "True"),
        Example(
            "IIF([country]=\"USA\",\"True\",IIF([state]=\"CA\",\"True\",\"False\"))",
            ["country": "MX", "state": "WA"], "False"),
        // Ours: Entra's IIF fails on an empty attribute; here an empty cell compares as empty text.
        Example("IIF([country]=\"\",\"Other\",[country])", ["country": ""], "Other"),
        Example("IIF([age] > 30, \"senior\", \"junior\")", ["age": "45"], "senior"),
        Example("IIF([code] = \"7\", \"same\", \"different\")", ["code": "007"], "different"),
        Example("IIF([a] <> [b], \"differ\", \"same\")", ["a": "x", "b": "X"], "differ"),
    ])
    func iif(example: Example) throws { try example.check() }

    @Test(arguments: [
        Example(
            "IgnoreFlowIfNullOrEmpty(Switch([prefix], \"\", \"3443\", \"Dr.\", \"3444\", \"Prof.\", \"3445\", "
                + "\"Prof. Dr.\"))", ["prefix": "3444"], "Prof."),
        Example(
            "IgnoreFlowIfNullOrEmpty(IIF([country]=\"USA\",[region],\"\"))", ["country": "USA", "region": "West"],
            "West"),
    ])
    func ignoreFlowIfNullOrEmpty(example: Example) throws { try example.check() }

    @Test func ignoreFlowLeavesTheAttributeOutEvenWithEmptyAsNull() throws {
        #expect(try ExpressionHarness.evaluate("IgnoreFlowIfNullOrEmpty([department])", ["department": ""]) == .ignored)
        #expect(
            try ExpressionHarness.evaluate(
                "IgnoreFlowIfNullOrEmpty(Switch([prefix], \"\", \"3443\", \"Dr.\"))", ["prefix": "9"]) == .ignored)
    }

    @Test(arguments: [
        Example("IsNull([displayName])", ["displayName": ""], "True"),
        Example("IsNull([displayName])", ["displayName": "Ann"], "False"),
    ])
    func isNull(example: Example) throws { try example.check() }

    @Test(arguments: [
        Example("IsNullOrEmpty([displayName])", ["displayName": ""], "True"),
        Example("IsNullOrEmpty(\"\")", "True"), Example("IsNullOrEmpty(\"a\")", "False"),
    ])
    func isNullOrEmpty(example: Example) throws { try example.check() }

    @Test(arguments: [
        Example("IsPresent([directManager])", ["directManager": "1001"], "True"),
        Example("IsPresent([directManager])", ["directManager": ""], "False"),
    ])
    func isPresent(example: Example) throws { try example.check() }

    @Test(arguments: [
        Example("IsString([x])", ["x": "a"], "True"), Example("IsString(Len(\"a\"))", "False"),
        Example("IsString([x])", ["x": ""], "False"),
    ])
    func isString(example: Example) throws { try example.check() }

    @Test(arguments: [
        Example("Not(\"True\")", "False"), Example("Not(\"False\")", "True"),
        Example("Not(IsPresent([x]))", ["x": ""], "True"),
        Example("Not(\"anything else\")", "True"),  // "Otherwise, returns True"
    ])
    func not(example: Example) throws { try example.check() }

    @Test(arguments: [
        Example(
            "Switch([state], \"Australia/Sydney\", \"NSW\", \"Australia/Sydney\",\"QLD\", \"Australia/Brisbane\", "
                + "\"SA\", \"Australia/Adelaide\")", ["state": "QLD"], "Australia/Brisbane"),
        Example(
            "Switch([state], \"Australia/Sydney\", \"NSW\", \"Australia/Sydney\",\"QLD\", \"Australia/Brisbane\", "
                + "\"SA\", \"Australia/Adelaide\")", ["state": "WA"], "Australia/Sydney"),
        Example("Switch(ToLower([statusFlag]), \"0\", \"true\", \"1\", \"false\", \"0\")", ["statusFlag": "TRUE"], "1"),
        Example("Switch([statusFlag], \"Default Value\", \"true\", \"1\", \"\", \"0\")", ["statusFlag": ""], "0"),
        Example(
            "Switch([statusFlag], \"Default Value\", \"true\", \"1\", \"\", \"0\")", ["statusFlag": "True"],
            "Default Value"),  // case-sensitive
        Example("Switch([country],[country],\"\",\"Other\")", ["country": ""], "Other"),
        Example("Switch([country],[country],\"\",\"Other\")", ["country": "NZ"], "NZ"),
        Example(
            "IIF([companyName] = \"Company A\", \"A\", IIF([companyName] = \"Company B\", \"B\", \"External\"))",
            ["companyName": "Company B"], "B"),
        Example("Switch([Active], , \"1\", \"yes\", \"0\", \"no\")", ["Active": "2"], nil),  // an empty default
    ])
    func switchFunction(example: Example) throws { try example.check() }

    @Test(arguments: [
        Example("Count(Split([x], \",\"))", ["x": "a,b,c"], "3"), Example("Count([x])", ["x": "a"], "1"),
        Example("Count([x])", ["x": ""], "0"),  // ours
    ])
    func count(example: Example) throws { try example.check() }

    @Test(arguments: [
        Example(
            "Item(Split([proxyAddresses], \";\"), 1)", ["proxyAddresses": "SMTP:a@x.com;smtp:b@x.com"], "SMTP:a@x.com"),
        Example("Item(Split([proxyAddresses], \";\"), 3)", ["proxyAddresses": "a;b"], nil),  // ours
    ])
    func item(example: Example) throws { try example.check() }

    @Test(arguments: [
        Example("Join(\", \", \"\", [surname], [givenName])", ["givenName": "John", "surname": "Doe"], "Doe, John"),
        Example("Join(\"-\", Split([x], \",\"), \"z\")", ["x": "a,b"], "a-b-z"),  // every value of a list
    ])
    func join(example: Example) throws { try example.check() }

    @Test func removeDuplicates() throws {
        #expect(
            try ExpressionHarness.evaluate("RemoveDuplicates(Split([x], \",\"))", ["x": "a,b,a,c,b"])
                == .list(["a", "b", "c"]))
    }

    @Test func split() throws {
        #expect(
            try ExpressionHarness.evaluate(
                "Split([extensionAttribute5], \",\")",
                ["extensionAttribute5": "PermissionSetOne, PermissionSetTwo"])
                == .list(["PermissionSetOne", "PermissionSetTwo"]))
        let proxy =
            "Split(Join(\",\", Append(\"smtp:\", Join(\"@\", NormalizeDiacritics(StripSpaces(Join(\".\", "
            + "[givenName], [surname]))), \"contoso.onmicrosoft.com\")), Append(\"SMTP:\", Join(\"@\", "
            + "NormalizeDiacritics(StripSpaces(Join(\".\", [givenName], [surname]))), \"contoso.com\"))), \",\")"
        #expect(
            try ExpressionHarness.evaluate(proxy, ["givenName": "John", "surname": "Doe"])
                == .list(["smtp:John.Doe@contoso.onmicrosoft.com", "SMTP:John.Doe@contoso.com"]))
    }
}
