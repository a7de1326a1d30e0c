import Testing

@testable import Expressions

/// The date functions against Microsoft's examples; `Now()` is pinned to the reference's example time.
@Suite struct ExpressionDateFunctionTests {
    @Test(arguments: [
        Example("CDate([StatusHireDate])", ["StatusHireDate": "2020-03-16-07:00"], "3/16/2020 7:00:00 AM"),
        Example("CDate(\"2021-06-30+08:00\")", "6/29/2021 4:00:00 PM"),
        Example("CDate(\"2009-06-15T01:45:30-07:00\")", "6/15/2009 8:45:30 AM"),
        Example("CDate(\"2021-08-24\")", "8/24/2021 12:00:00 AM"),  // ours: no offset is UTC
        Example("CDate(\"8/25/2021 5:41:18 PM\")", "8/25/2021 5:41:18 PM"),  // ours: the functions' own text
        Example("CDate(\"2024-02-29T23:59:59.5Z\")", "2/29/2024 11:59:59 PM"),  // ours
    ])
    func cDate(example: Example) throws { try example.check() }

    @Test(arguments: [
        Example(
            "DateAdd(\"d\", 7, CDate([StatusHireDate]))", ["StatusHireDate": "2012-03-16-07:00"], "3/23/2012 7:00:00 AM"
        ),
        Example(
            "DateAdd(\"d\", -10, CDate([StatusHireDate]))", ["StatusHireDate": "2012-03-16-07:00"],
            "3/6/2012 7:00:00 AM"),
        Example(
            "DateAdd(\"ww\", 2, CDate([StatusHireDate]))", ["StatusHireDate": "2012-03-16-07:00"],
            "3/30/2012 7:00:00 AM"),
        Example(
            "DateAdd(\"m\", 10, CDate([StatusHireDate]))", ["StatusHireDate": "2012-03-16-07:00"],
            "1/16/2013 7:00:00 AM"),
        Example(
            "DateAdd(\"yyyy\", 2, CDate([StatusHireDate]))", ["StatusHireDate": "2012-03-16-07:00"],
            "3/16/2014 7:00:00 AM"),
        Example("DateAdd(\"m\", 1, CDate(\"2021-01-31\"))", "2/28/2021 12:00:00 AM"),  // ours: .NET clamps the day
        Example("DateAdd(\"n\", 90, CDate(\"2021-01-31T23:00:00Z\"))", "2/1/2021 12:30:00 AM"),  // ours
    ])
    func dateAdd(example: Example) throws { try example.check() }

    @Test(arguments: [
        Example("DateDiff(\"d\", CDate(\"2021-08-18+08:00\"), CDate(\"2021-08-31+08:00\"))", "13"),
        Example("DateDiff(\"d\", CDate(\"8/25/2021 5:41:18 PM\"), CDate(\"2012-03-16-07:00\"))", "-3449"),
        Example("DateDiff(\"ww\", CDate(\"8/25/2021 5:41:18 PM\"), CDate(\"2012-03-16-07:00\"))", "-493"),
        Example("DateDiff(\"m\", CDate(\"8/25/2021 5:41:18 PM\"), CDate(\"2012-03-16-07:00\"))", "-113"),
        Example("DateDiff(\"yyyy\", CDate(\"8/25/2021 5:41:18 PM\"), CDate(\"2012-03-16-07:00\"))", "-9"),
        Example("DateDiff(\"d\", CDate(\"2021-08-31+08:00\"), CDate(\"2021-08-31+08:00\"))", "0"),
        Example("DateDiff(\"h\", CDate(\"2021-08-24\"), CDate(\"2021-08-25\"))", "24"),
        Example("DateDiff(\"n\", CDate(\"2021-08-24\"), CDate(\"2021-08-25\"))", "1440"),
        Example("DateDiff(\"s\", CDate(\"2021-08-24\"), CDate(\"2021-08-25\"))", "86400"),
        Example("DateDiff(\"d\", \"2021-08-24\", \"2021-08-25\")", "1"),  // ours: date text is read as CDate reads it
    ])
    func dateDiff(example: Example) throws { try example.check() }

    /// Microsoft's Example 2: active only if the hire date is within the next five days (Now() is 2021-07-02).
    @Test(arguments: [("1", "2021-07-12", "False"), ("1", "2021-07-05", "True"), ("0", "2021-07-05", "False")])
    func dateDiffWithIIFAndNow(active: String, hire: String, output: String) throws {
        let expression =
            "Switch([Active], , \n  \"1\", IIF(DateDiff(\"d\", Now(), CDate([StatusHireDate])) > 5, "
            + "\"False\", \"True\"), \n  \"0\", \"False\")"
        try Example(expression, ["Active": active, "StatusHireDate": hire], output).check()
    }

    @Test(arguments: [
        Example("DateFromNum(129699324000000000)", "1/1/2012 11:00:00 PM"),
        Example(
            "DateFromNum([lastLogonTimestamp])", ["lastLogonTimestamp": "129699324000000000"], "1/1/2012 11:00:00 PM"),
    ])
    func dateFromNum(example: Example) throws { try example.check() }

    @Test(arguments: [
        Example(
            "FormatDateTime([extensionAttribute1], , \"yyyyMMddHHmmss.fZ\", \"yyyy-MM-dd\")",
            ["extensionAttribute1": "20150123105347.1Z"], "2015-01-23"),
        Example("FormatDateTime([d], , \"yyyy-MM-ddzzz\", \"yyyy-MM-dd\")", ["d": "2020-12-31-08:00"], "2020-12-31"),
        Example(
            "FormatDateTime([d], , \"M/d/yyyy hh:mm:ss tt\", \"yyyy-MM-dd\")", ["d": "12/31/2020 10:00:00 AM"],
            "2020-12-31"),
        // Ours: named months, standard formats, styles, and a date argument that needs no parsing.
        Example(
            "FormatDateTime([d], , \"dd MMM yyyy\", \"dddd, MMMM d, yyyy\")", ["d": "05 Mar 2021"],
            "Friday, March 5, 2021"),
        Example(
            "FormatDateTime([d], \"AllowWhiteSpaces\", \"M/d/yyyy\", \"o\")", ["d": " 3/5/2021 "],
            "2021-03-05T00:00:00.0000000Z"),
        Example(
            "FormatDateTime(CDate(\"2021-03-05T10:20:30Z\"), , \"ignored\", \"yyyyMMdd'T'HHmmss\")",
            "20210305T102030"),
    ])
    func formatDateTime(example: Example) throws { try example.check() }

    @Test func nowIsTheRunsStartTime() throws {
        #expect(try ExpressionHarness.text("Now()") == "7/2/2021 3:33:38 PM")
        #expect(try ExpressionHarness.text("FormatDateTime(Now(), , \"o\", \"yyyy-MM-dd\")") == "2021-07-02")
    }

    @Test(arguments: [
        Example(
            "NumFromDate(Join(\"\", FormatDateTime([ContractEndDate], ,\"yyyy-MM-ddzzz\", \"yyyy-MM-dd\"), "
                + "\" 23:59:59-08:00\"))", ["ContractEndDate": "2020-12-31-08:00"], "132539615990000000"),
        Example(
            "NumFromDate(Join(\"\",FormatDateTime([endDate], ,\"M/d/yyyy hh:mm:ss tt\",\"yyyy-MM-dd\"),"
                + "\" 23:59:59-08:00\"))", ["endDate": "12/31/2020 10:00:00 AM"], "132539615990000000"),
        Example("NumFromDate(DateFromNum(129699324000000000))", "129699324000000000"),  // ours: the inverse
    ])
    func numFromDate(example: Example) throws { try example.check() }

    @Test(arguments: [
        ("CDate([d])", "not a date"), ("DateAdd(\"d\", [d], \"2021-01-01\")", "not a whole number"),
        ("FormatDateTime([d], , \"yyyy-MM-dd\", \"yyyy\")", "does not match the input format \"yyyy-MM-dd\""),
        ("DateAdd(\"yyyy\", 9000, \"2021-01-01\")", "outside the dates 0001 to 9999"),
    ])
    func badDatesAreRowErrors(expression: String, fragment: String) throws {
        let error = #expect(throws: ExpressionFailure.self) {
            _ = try ExpressionHarness.evaluate(expression, ["d": "31/12/2020ſ"])
        }
        #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "no error")")
    }

    @Test func civilArithmeticRoundTrips() throws {
        for days in stride(from: -719_162, through: 2_932_896, by: 997) {
            let civil = ExpressionDate.civilFromDays(days)
            #expect(ExpressionDate.daysFromCivil(year: civil.year, month: civil.month, day: civil.day) == days)
        }
        #expect(ExpressionDate(year: 1970, month: 1, day: 1)?.ticks == ExpressionDate.unixEpochTicks)
        #expect(ExpressionDate(year: 1601, month: 1, day: 1)?.ticks == ExpressionDate.fileTimeEpochTicks)
        #expect(ExpressionDate(year: 2021, month: 2, day: 29) == nil)
        #expect(ExpressionDate(year: 2021, month: 7, day: 4)?.fields.weekday == 0)  // a Sunday
    }
}
