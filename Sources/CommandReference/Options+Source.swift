import CommandLineKit
import HRSources
import Mapping

/// Where the records come from when they are not a CSV file: JSON records (`--format`, `--records-path`), and an HR
/// system's API read into a snapshot (`--source`, `--source-preset` and the `source-*` options, which a config file's
/// `source` block gives under their names without `source-`). Secrets never come from flags or config files: each
/// has a file option (readable by its owner only) and an environment variable.
extension Options {
    // JSON records.

    package static let format: Option<InputFormat> = Option(
        "format", valueName: "csv|json|ndjson",
        .converting(InputFormat.init(rawValue:)) { "takes 'csv', 'json' or 'ndjson', not '\($0)'" },
        help: "What the input is: csv, json (an array of objects, or an object with them under --records-path) or "
            + "ndjson (one object a line). Default: told from the content ('[' or '{' first is JSON).")
    package static let recordsPath = Option(
        "records-path", valueName: "path",
        .text,
        help: "Where a JSON document (or a source's answer) holds its records: keys joined with dots, e.g. "
            + "Report_Entry, d.results, employees; '' for a top-level array.")

    // HR sources.

    package static let source = Option(
        "source", valueName: "url", .text, environment: "PROVISION_SOURCE_URL",
        help: "Read the records from an HR system's API (https; plain http only for loopback) instead of a file: the "
            + "first page's URL. Its path fills the preset's placeholders. Env: PROVISION_SOURCE_URL. A config file "
            + "may hold a \"source\" block instead (README, HR sources).")
    package static let sourcePreset = Option(
        "source-preset", valueName: "name",
        .converting({ SourcePreset.named($0)?.name }) {
            "takes \(SourcePreset.all.map(\.name).joined(separator: ", ")), not '\($0)'"
        },
        help: "The HR system: " + SourcePreset.all.map(\.name).joined(separator: ", ")
            + " (default generic). It fills in the records path, paging and auth style (docs/hr-sources.md).")
    package static let sourceParameter = Option(
        "source-parameter", valueName: "name=value",
        .converting({ text -> String? in text.contains("=") ? text : nil }) {
            "takes NAME=VALUE (e.g. tenant=contoso), not '\($0)'"
        },
        repeatable: true,
        help: "A value of the preset's URL (host, tenant, owner, report, company, fields), when no --source URL "
            + "is given (repeatable).")
    package static let sourceAuth: Option<SourceAuthStyle> = Option(
        "source-auth", valueName: "style",
        .converting(SourceAuthStyle.init(rawValue:)) {
            "takes \(SourceAuthStyle.allCases.map(\.rawValue).joined(separator: ", ")), not '\($0)'"
        },
        help: "How to authenticate to the source: none, bearer, basic, api-key, api-key-as-user or oauth2 "
            + "(client credentials; default: the preset's).")
    package static let sourceUser = Option(
        "source-user", valueName: "name", .text, environment: "PROVISION_SOURCE_USER",
        help: "The basic-auth user name (Workday: ISU@tenant; SuccessFactors: user@companyId). Env: "
            + "PROVISION_SOURCE_USER.")
    package static let sourcePasswordFile = Option(
        "source-password-file", valueName: "file", .text, role: .input,
        help: "The basic-auth password, from a file readable by its owner only. Env alternative: "
            + "PROVISION_SOURCE_PASSWORD.")
    package static let sourceTokenFile = Option(
        "source-token-file", valueName: "file", .text, role: .input,
        help: "A bearer token, from a file readable by its owner only. Env alternative: PROVISION_SOURCE_TOKEN.")
    package static let sourceAPIKeyFile = Option(
        "source-api-key-file", valueName: "file", .text, role: .input,
        help: "An API key (BambooHR's, or one sent in --source-api-key-header), from a file readable by its owner "
            + "only. Env alternative: PROVISION_SOURCE_API_KEY.")
    package static let sourceAPIKeyHeader = Option(
        "source-api-key-header", valueName: "name", .text,
        help: "The header an api-key source reads its key from (default X-API-Key).")
    package static let sourceClientID = Option(
        "source-client-id", valueName: "id", .text, environment: "PROVISION_SOURCE_CLIENT_ID",
        help: "The OAuth client id (oauth2). Env: PROVISION_SOURCE_CLIENT_ID.")
    package static let sourceClientSecretFile = Option(
        "source-client-secret-file", valueName: "file", .text, role: .input,
        help: "The OAuth client secret, from a file readable by its owner only. Env alternative: "
            + "PROVISION_SOURCE_CLIENT_SECRET.")
    package static let sourceRefreshTokenFile = Option(
        "source-refresh-token-file", valueName: "file", .text, role: .input,
        help: "Workday's refresh token for the integration user (oauth2), from a file readable by its owner only. Env "
            + "alternative: PROVISION_SOURCE_REFRESH_TOKEN.")
    package static let sourceTokenURL = Option(
        "source-token-url", valueName: "url", .text,
        help: "The OAuth token endpoint, when it is not the preset's (on the source's host unless --allow-host names "
            + "its host).")
    package static let sourceScope = Option(
        "source-scope", valueName: "scope", .text, help: "The scope asked for with OAuth client credentials.")
    package static let sourcePaging: Option<SourcePaging.Style> = Option(
        "source-paging", valueName: "style",
        .converting(SourcePaging.Style.init(rawValue:)) {
            "takes \(SourcePaging.Style.allCases.map(\.rawValue).joined(separator: ", ")), not '\($0)'"
        },
        help: "How the source pages (default: the preset's): none, next-link (--source-next-link, or a Link header), "
            + "offset or page (--source-page-parameter), cursor (--source-cursor-path and --source-page-parameter).")
    package static let sourceNextLink = Option(
        "source-next-link", valueName: "path", .text,
        help: "Where an answer names the next page's URL, e.g. links.next, @odata.nextLink, d.__next.")
    package static let sourcePageParameter = Option(
        "source-page-parameter", valueName: "name", .text,
        help: "The query parameter paging sets: the first record's offset (offset), the page number (page) or the "
            + "cursor (cursor).")
    package static let sourceCursorPath = Option(
        "source-cursor-path", valueName: "path", .text, help: "Where an answer has the next cursor (cursor paging).")
    package static let sourceSizeParameter = Option(
        "source-size-parameter", valueName: "name", .text,
        help: "The query parameter asking for a page size (limit, $top, per_page).")
    package static let sourceTotalPath = Option(
        "source-total-path", valueName: "path", .text,
        help: "Where an answer has the total of records (offset paging) or of pages (page paging).")
    package static let sourcePageSize = Option(
        "source-page-size", valueName: "n", .integer(in: 1...100_000),
        help: "Records to ask for per page (capped at the preset's most).")
    package static let sourceMaxMB = Option(
        "source-max-mb", valueName: "n", .integer(in: 1...1_048_576),
        help: "The most a source's records may take in the snapshot, in MB (default 4096): a source that keeps "
            + "sending fails (exit 65) before it fills the disk.")
    package static let snapshot = Option(
        "snapshot", valueName: "file", .text, role: .output,
        help: "Where the records read from a source (or stdin) are kept, as NDJSON (mode 0600), for the run to read "
            + "and for --resume and status --failed (default: next to the journal; for validate and plan, "
            + "~/.local/state/provision/).")

    /// The environment variables holding a source's secrets (never flags or config keys), by secret.
    package static let sourceSecretVariables: [SourceSecret: String] = [
        .password: "PROVISION_SOURCE_PASSWORD", .token: "PROVISION_SOURCE_TOKEN", .apiKey: "PROVISION_SOURCE_API_KEY",
        .clientSecret: "PROVISION_SOURCE_CLIENT_SECRET", .refreshToken: "PROVISION_SOURCE_REFRESH_TOKEN",
    ]

    /// The file option of each secret.
    package static let sourceSecretFiles: [SourceSecret: Option<String>] = [
        .password: sourcePasswordFile, .token: sourceTokenFile, .apiKey: sourceAPIKeyFile,
        .clientSecret: sourceClientSecretFile, .refreshToken: sourceRefreshTokenFile,
    ]
}
