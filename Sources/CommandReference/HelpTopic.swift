import CommandLineKit
import Expressions

/// `provision help TOPIC`: reference pages that are not commands. `mapping` is the mapping-file reference, with the
/// expression language's function list generated from the library itself.
package enum HelpTopic {
    static let topics: [(name: String, abstract: String)] = [
        ("mapping", "The mapping file: value forms, options and the expression language."),
        ("exit-codes", "What each exit status means."),
    ]

    package static var names: [String] { topics.map(\.name) }

    /// The overview's rows for the topics.
    static var overviewRows: String {
        topics.map { HelpFormatter.row("help \($0.name)", $0.abstract) }.joined()
    }

    package static func text(of name: String) -> String? {
        switch name {
        case "mapping": mapping
        case "exit-codes": ExitCodesHelp.text
        default: nil
        }
    }

    /// A paragraph wrapped at 100 columns, like the commands' help; lines after the first indented `hanging` more.
    private static func paragraph(_ text: String, indent: Int = 0, hanging: Int = 0) -> String {
        let lines = HelpFormatter.wrap(text, width: 100 - indent - hanging).split(separator: "\n")
        return lines.enumerated().map { index, line in
            String(repeating: " ", count: indent + (index == 0 ? 0 : hanging)) + line
        }.joined(separator: "\n") + "\n"
    }

    static var mapping: String {
        var text = "OVERVIEW: " + abstract + "\n\n"
        text += paragraph(
            "A mapping file (--mapping FILE) is a JSON object whose \"attributes\" object maps each SCIM attribute to "
                + "where its value comes from (\"description\" and \"$schema\" keys are allowed too). Keys are SCIM "
                + "attribute paths as the Entra admin center shows them: userName, name.givenName, "
                + "emails[type eq \"work\"].value, "
                + "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department, "
                + "or a custom namespace such as urn:ietf:params:scim:schemas:extension:contoso:1.0:User:HireDate.")
        text += """

              {
                "attributes": {
                  "externalId": "Worker_ID",
                  "userName": { "expression": "ToLower(Join(\\"@\\", [Login], \\"contoso.com\\"))" },
                  "active": { "column": "Status", "lookup": { "Active": true }, "default": false },
                  "emails[type eq \\"work\\"].primary": true
                }
              }

            VALUES:

            """
        text += HelpFormatter.row("\"Column\"", "The cell of that column. Names match exactly, case included.")
        text += HelpFormatter.row("true, false, 42", "A constant.")
        text += HelpFormatter.row("{\"column\": \"C\"}", "The cell of column C, with the options below.")
        text += HelpFormatter.row(
            "{\"constant\": \"work\"}", "A constant of any type (a bare string would be a column name).")
        text += HelpFormatter.row(
            "{\"template\": \"{First}.{Last}@contoso.com\"}",
            "Text with {Column} references ({{ and }} for literal braces); blank when any referenced cell is blank.")
        text += HelpFormatter.row(
            "{\"expression\": \"…\"}", "An expression in Entra's attribute-mapping language (see EXPRESSIONS).")
        text += "\nOPTIONS (of the object forms):\n"
        text += HelpFormatter.row(
            "\"transform\"",
            "trim, lower, upper or stripDiacritics (Zoë Øster → Zoe Oster): one or a list, applied in order. Not with "
                + "an expression, which has its own functions.")
        text += HelpFormatter.row(
            "\"lookup\", \"default\"",
            "A table from cell text (matched trimmed, in any case) to a value, and the value for anything else; "
                + "without \"default\" an unmatched cell is a row error. Not with an expression (use Switch).")
        text += HelpFormatter.row(
            "\"type\"",
            "For custom attributes: string (the default), boolean, integer or dateTime. Schema attributes have their "
                + "own type (active and primary are booleans, the rest strings); a \"type\" equal to it is allowed.")
        text += HelpFormatter.row(
            "\"format\"",
            "The input format of a dateTime value, e.g. MM/dd/yyyy; it is sent as ISO 8601 UTC. Without it ISO 8601 "
                + "input is expected.")
        text += "\n"
        text += paragraph(
            "A blank cell or result leaves the attribute out (--empty-as-null sends null instead). A column that is "
                + "not in the header, an unknown attribute or a bad expression stops the run with exit 65 before "
                + "anything is sent, and every such problem of the file is listed at once, each with the closest "
                + "match (\"did you mean `FirstName`?\", also when only the case differs).")
        text += "\nEXPRESSIONS:\n"
        text += paragraph(
            "The language of the provisioning app's own attribute mappings, as Microsoft's \"Reference for writing "
                + "expressions for attribute mappings in Microsoft Entra Application Provisioning\" describes it. It "
                + "is evaluated here, once per row, and the service receives the values.", indent: 2)
        for line in [
            "Functions are called by name, case-sensitive: Join(\", \", [LastName], [FirstName]); they nest.",
            "[Column] reads a cell (a blank cell is null); text is in double quotes, with \\\" for a quote and \\\\ "
                + "for a backslash; numbers are 12, -10, 1.5 or &HFF.",
            "Conditions compare with = <> < <= > >=; there is no and/or: nest IIF. Text compares case-sensitively; "
                + "a number on either side compares numerically; a blank cell compares as empty text.",
            "An argument can be left empty: Switch([Active], , \"1\", \"True\", \"0\", \"False\") has no default.",
            "In the JSON file the expression is itself a string, so each \" in it is written \\\" and each \\ is \\\\.",
            "Dates are UTC. Text is read as a date the way CDate reads it; a date becomes text as M/d/yyyy h:mm:ss tt, "
                + "or ISO 8601 for a dateTime attribute. FormatDateTime takes .NET formats (yyyy-MM-dd, M/d/yyyy "
                + "hh:mm:ss tt, zzz, K, and the one-letter standard formats such as o).",
            "Now() is the run's start time, the same for every row; PROVISION_NOW=2024-01-31T08:00:00Z pins it. A "
                + "value made from it changes every run (delta sync resends it), so a warning says so unless it is "
                + "compared with DateDiff.",
            "IgnoreFlowIfNullOrEmpty(…) wraps a whole expression: when the value is empty the attribute is not sent "
                + "at all, even with --empty-as-null.",
            "Types are checked when the mapping loads: Split where one value is expected, or a date for a boolean, "
                + "is an error; literal results that the attribute's type cannot read (\"Enabled\" for active) are a "
                + "warning naming them.",
            "Unlike Entra, an empty attribute in an IIF condition is empty text rather than a failed flow, and "
                + "Split trims spaces around each value (as Microsoft's example shows).",
            "Limits, so that a hostile cell cannot stall or exhaust a run: every value a function gives (and builds "
                + "on the way, as nested Replaces do) is at most 64 KB, and a row's expressions have 0.25 s of CPU "
                + "together (a regular expression is stopped mid-match when it is up). Past either, the row is an "
                + "error naming the attribute, and the run goes on.",
        ] {
            text += paragraph("- " + line, indent: 2, hanging: 2)
        }
        text += "\nFUNCTIONS (+ marks provision's addition to Microsoft's list):\n"
        for family in ExpressionLanguage.families {
            text += "  \(family.name)\n"
            for function in family.functions {
                text += paragraph(function.signature + (function.isAddition ? " +" : ""), indent: 4, hanging: 4)
                text += paragraph(function.summary, indent: 8)
            }
        }
        text += "\n  Replace has five forms (an empty argument is not given):\n"
        for form in [
            "Replace(source, oldValue, , , replacementValue, , ): every oldValue replaced",
            "Replace(source, oldValue, , , , , template): every oldValue in template replaced by source",
            "Replace(source, , regexPattern, , replacementValue, , ): every match replaced; $1, ${name}, $& and $$ "
                + "in replacementValue",
            "Replace(source, , regexPattern, regexGroupName, replacementValue, , ): the group's text in each match "
                + "replaced",
            "Replace(source, , regexPattern, regexGroupName, , replacementAttributeName, ): source if it has a value, "
                + "else the group's text in the first match of the other attribute",
        ] {
            text += paragraph(form, indent: 4, hanging: 4)
        }
        text += paragraph(
            "Regular expressions are ICU's (the same as .NET's for classes, quantifiers and named groups). A pattern "
                + "that repeats a group which itself repeats without bound, such as (x+x+)+ or (\\s*,)*, can take "
                + "exponential time on some input: it is refused when the mapping loads (one taken from a row is a "
                + "row error); make the inner repetition possessive (x++) or the group atomic ((?>…)). What this "
                + "check cannot see, such as (a|aa)+, is stopped by the row's time limit.", indent: 4)
        text += "\nUNIQUE VALUES (SelectUniqueValue, for jobs that provision to Microsoft Entra ID):\n"
        text += paragraph(
            "The service evaluates SelectUniqueValue only for on-premises Active Directory targets, so for Entra ID "
                + "provision evaluates it: each person gets the first candidate that no other record of the file, no "
                + "other person of the state and, with --directory, no other object of the tenant uses (as "
                + "userPrincipalName, mail, a proxy address or mailNickname: whichever the attribute flows to). It "
                + "must be the whole expression, with two candidates or more; use it for userName, "
                + "emails[type eq \"work\"].value or a custom attribute meant for mailNickname:", indent: 2)
        text += paragraph(
            "SelectUniqueValue(Join(\"@\", NormalizeDiacritics(ToLower(Join(\".\", [First], [Last]))), \"contoso.com\"), "
                + "Join(\"@\", NormalizeDiacritics(ToLower(Join(\".\", [First], [Last], [Id]))), \"contoso.com\"))",
            indent: 4, hanging: 2)
        text += paragraph(
            "The state (--state) keeps the value each person was given, so it is the same on every run and never "
                + "changes because someone else joins; an approved plan (upload --plan) sends the values it shows. "
                + "Without --directory, uniqueness is checked against the file and the state only, and provision says "
                + "so once. A record whose every candidate is taken is a row error naming the candidates tried. For "
                + "a job that provisions to on-premises Active Directory such a mapping does not load: put "
                + "SelectUniqueValue in the job's own attribute mapping, where the service evaluates it against AD.",
            indent: 2)
        text += "\nNOT AVAILABLE (a mapping that uses one does not load):\n"
        for function in ExpressionLanguage.notAvailable {
            text += "  \(function.name)\n" + paragraph(function.reason, indent: 6)
        }
        text += """

            EXAMPLES:
              # what each attribute of the record on line 3 gets
              provision mapping test mapping.json --row 3 export.csv
              # a starter mapping from an export's header
              provision mapping suggest export.csv > mapping.json

            """
        return text
    }

    private static var abstract: String { topics[0].abstract }
}
