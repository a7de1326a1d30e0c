import Testing

@testable import Expressions

/// Load-time errors: each names the 1-based column in the expression and, for names, the closest match.
@Suite struct ExpressionParserTests {
    static let header = ["FirstName", "LastName", "WorkerStatus", "HireDate"]

    func only(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> ExpressionDiagnostic? {
        let diagnostics = ExpressionHarness.diagnostics(text, header: Self.header)
        #expect(diagnostics.count == 1, "\(diagnostics)", sourceLocation: sourceLocation)
        return diagnostics.first
    }

    @Test(arguments: [
        ("Jion(\"@\", [FirstName])", 1, "unknown function 'Jion'; did you mean `Join`?"),
        ("ToLower(Jion(\"@\", [FirstName]))", 9, "did you mean `Join`?"),
        (
            "switch([WorkerStatus], \"a\", \"b\", \"c\")", 1,
            "did you mean `Switch`? (function names are case-sensitive)"
        ),
        (
            "Join(\".\", [FirstNme], [LastName])", 11,
            "column [FirstNme] is not in the file's header; did you mean `FirstName`?"
        ),
        (
            "Join(\".\", [firstname], [LastName])", 11,
            "did you mean `FirstName`? (column names are matched exactly, and only the case differs)"
        ),
        ("Join(\".\", [FirstName] [LastName])", 23, "unexpected [LastName] where ',' or ')' was expected"),
        ("Join(\".\", [FirstName]", 22, "the '(' at column 5 is never closed"),
        ("Join(\".\", \"open)", 11, "never closed with '\"'"),
        ("Join(\".\", [FirstName)", 11, "never closed with ']'"),
        ("Join('.', [FirstName])", 6, "strings are written in double quotes"),
        ("[FirstName] + [LastName]", 13, "'+' is not an operator"),
        ("IIF([WorkerStatus] == \"A\", \"x\", \"y\")", 20, "'==' is not an operator; compare with '='"),
        ("IIF([WorkerStatus] != \"A\", \"x\", \"y\")", 20, "'not equal' is '<>'"),
        ("Now", 1, "Now is a function: write Now(…)"),
        ("InStr(\"a\", \"b\", 1, vbTextCompar)", 20, "did you mean `vbTextCompare`?"),
        // SelectUniqueValue is evaluated here for Entra ID targets: with at least two candidates, as the whole value.
        (
            "SelectUniqueValue(Join(\"@\", [FirstName], \"x.com\"))", 1,
            "takes at least two candidates, tried in order (got 1)"
        ),
        ("ToLower(SelectUniqueValue([FirstName], [LastName]))", 9, "it must be the whole expression"),
        ("Guid()", 1, "Guid is not available client-side: it gives a new value on every run"),
        ("RandomString(6,3,0,0,3)", 1, "RandomString is not available client-side"),
        ("AppRoleAssignmentsComplex([appRoleAssignments])", 1, "is not available client-side"),
        ("SingleAppRoleAssignment([appRoleAssignments])", 1, "is not available client-side"),
        ("DefaultDomain()", 1, "DefaultDomain is not available client-side"),
        ("Redact([FirstName])", 1, "Redact is not available client-side"),
        ("Right([FirstName], 2)", 1, "Entra's expression language has no Right"),
        ("Left([FirstName])", 1, "Left(String, NumChars) takes 2 arguments (got 1)"),
        ("Left([FirstName], \"three\")", 19, "Left: NumChars must be a whole number, not \"three\""),
        ("Switch([WorkerStatus], \"x\", \"Active\")", 1, "an even number of arguments, at least 4 (got 3)"),
        ("DateAdd(\"mm\", 1, Now())", 9, "minutes are \"n\", months \"m\""),
        ("FormatDateTime([HireDate], \"AllowWhiteSpace\", \"yyyy\", \"yyyy\")", 28, "did you mean `AllowWhiteSpaces`?"),
        ("FormatDateTime([HireDate], , \"yyyy-MM-dd\", \"q\")", 44, "\"q\" is not a standard date format"),
        ("Replace([FirstName], , \"(unclosed\", , \"\", , )", 24, "is not a valid regular expression"),
        (
            "Replace([FirstName], , \"(?<a>x)\", \"b\", \"\", , )", 1,
            "the pattern has no group named \"b\" (it has \"a\")"
        ),
        ("Replace([FirstName], \"a\", , , , , )", 1, "oldValue needs a replacementValue or a template"),
        ("Replace([FirstName], , \"a\", , , [LastName], )", 1, "replacementAttributeName needs regexGroupName"),
        ("ToLower([FirstName], \"Turkish\")", 22, "not a culture name"),
        ("Left(, 2)", 1, "Left: String (argument 1) is required"),
        ("Join(\",\", IgnoreFlowIfNullOrEmpty([FirstName]))", 11, "must wrap the whole expression"),
        ("Left(Split([FirstName], \",\"), 1)", 6, "takes one value, but this gives several"),
        ("", 1, "the expression is empty"),
        ("Join(\".\", [FirstName]) [LastName]", 24, "after a complete expression"),
        ("IIF([FirstName] = \"a\" = \"b\", 1, 2)", 23, "comparisons cannot be chained"),
        ("Len(&H1FFFFFFFFFFFFFFFF)", 5, "1 to 16 hexadecimal digits"),
        ("Left([], 2)", 6, "'[]' names no column"),
        ("Now(1)", 1, "Now() takes 0 arguments (got 1)"),
        // No and/or in the language: the fix is nested IIF, not "unexpected name".
        (
            "IIF([FirstName] = \"a\" and [LastName] = \"b\", 1, 2)", 23,
            "no 'and': nest IIF instead, IIF(first, IIF(second, yes, no), no)"
        ),
        ("IIF([FirstName] = \"a\" Or [LastName] = \"b\", 1, 2)", 23, "no 'Or': nest IIF instead"),
        ("[FirstName] = \"a\" AND [LastName] = \"b\"", 19, "no 'AND': nest IIF instead"),
        ("IIF([FirstName] = \"a\" && [LastName] = \"b\", 1, 2)", 23, "no '&&': nest IIF instead"),
        ("IIF([FirstName] = \"a\" || [LastName] = \"b\", 1, 2)", 23, "no '||': nest IIF instead"),
        ("And([FirstName] = \"a\", [LastName] = \"b\")", 1, "no And; nest IIF instead"),
        // A three-argument FormatDateTime reads its input format as styles: say to leave the second one empty.
        (
            "FormatDateTime([HireDate], \"yyyyMMdd\", \"yyyy-MM-dd\")", 1,
            "leave the second argument empty for none: FormatDateTime(source, , inputFormat, outputFormat)"
        ),
    ])
    func errorsNameTheColumnAndTheFix(text: String, column: Int, fragment: String) throws {
        let diagnostic = try #require(only(text))
        #expect(diagnostic.column == column, "\(diagnostic)")
        #expect(diagnostic.message.contains(fragment), "\(diagnostic.message)")
    }

    @Test func selectUniqueValueIsTheJobsBusinessForAnActiveDirectoryTarget() throws {
        let text = "SelectUniqueValue(Join(\"@\", [FirstName], \"x.com\"), [LastName])"
        #expect(ExpressionHarness.diagnostics(text, header: Self.header).isEmpty)
        let diagnostics = ExpressionHarness.diagnostics(text, header: Self.header, directory: .activeDirectory)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1 && diagnostic.column == 1, "\(diagnostics)")
        #expect(
            diagnostic.message.contains("SelectUniqueValue is not available client-side")
                && diagnostic.message.contains("put SelectUniqueValue in the job's attribute mapping"),
            "\(diagnostic.message)")
    }

    @Test func everyUnknownNameInOneExpressionIsReported() {
        let diagnostics = ExpressionHarness.diagnostics(
            "Join(\"@\", Lower([First]), [Last], Tirm([WorkerStatus]))", header: Self.header)
        #expect(diagnostics.map(\.column) == [11, 17, 27, 35])
        #expect(diagnostics[0].message.contains("use ToLower"))
        #expect(diagnostics[1].message.contains("did you mean `FirstName`?"))
        #expect(diagnostics[2].message.contains("did you mean `LastName`?"))
        #expect(diagnostics[3].message.contains("did you mean `Trim`?"))
    }

    @Test func nestingAndLengthAreBounded() {
        let deep = String(repeating: "ToLower(", count: 200) + "\"a\"" + String(repeating: ")", count: 200)
        #expect(only(deep)?.message.contains("nested more than") == true)
        let long = "Join(\"" + String(repeating: "a", count: 10_001) + "\")"
        #expect(only(long)?.message.contains("Entra allows 10000") == true)
    }

    @Test func stringEscapesFollowEntra() throws {
        #expect(try ExpressionHarness.text("\"Company name: \\\"Contoso\\\"\"") == "Company name: \"Contoso\"")
        #expect(try ExpressionHarness.text("\"back\\\\slash\"") == "back\\slash")
        // Any other backslash stays, so "\d" and "\\d" are the same regular expression.
        #expect(try ExpressionHarness.text("Replace(\"a1\", , \"\\d\", , \"#\", , )") == "a#")
    }

    @Test func whitespaceAndLineBreaksBetweenTokensAreAllowed() throws {
        #expect(try ExpressionHarness.text("Join (\n  \".\" ,\t\"a\" ,\r\n \"b\" )") == "a.b")
        #expect(try ExpressionHarness.text("(\"x\")") == "x")
    }

    @Test func literalsOfEveryKind() throws {
        #expect(try ExpressionHarness.evaluate("-10") == .integer(-10))
        #expect(try ExpressionHarness.evaluate("&HFF") == .integer(255))
        #expect(try ExpressionHarness.evaluate("1.5") == .decimal(1.5))
        #expect(try ExpressionHarness.evaluate("vbTextCompare") == .integer(1))
    }
}
