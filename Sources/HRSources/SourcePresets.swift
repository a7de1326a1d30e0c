/// The HR systems `provision` knows, each a description (docs/hr-sources.md has the facts behind every value).
extension SourcePreset {
    package static let all: [SourcePreset] = [
        workday, bambooHR, bambooHRDirectory, successFactors, personio, adp, generic,
    ]

    /// docs/hr-sources.md, "Workday (reports as a service)": a custom report enabled as a web service, the whole
    /// report in one answer under `Report_Entry`; basic auth as the integration system user, or OAuth 2.0 with a
    /// refresh token at the tenant's token endpoint.
    package static let workday = SourcePreset(
        name: "workday", title: "Workday (reports as a service)",
        urlTemplate: "https://{host}/ccx/service/customreport2/{tenant}/{owner}/{report}",
        parameters: [
            Parameter("host", .host, "the tenant's web-services host, e.g. wd2-impl-services1.workday.com"),
            Parameter("tenant", .segment, "the Workday tenant name"),
            Parameter("owner", .segment, "the report owner's user name"),
            Parameter("report", .segment, "the report's name, with underscores for spaces"),
        ],
        query: [("format", "json")], recordsPath: "Report_Entry", paging: .none, auth: .basic,
        authStyles: [.basic, .bearer, .oauth2],
        tokenRequest: TokenRequest(
            urlTemplate: "{base}/ccx/oauth2/{tenant}/token", grantType: "refresh_token", clientAuthentication: .basic),
        documentation: "docs/hr-sources.md#workday-reports-as-a-service")

    /// docs/hr-sources.md, "BambooHR": a custom report of the fields asked for, every employee with leavers, in one
    /// answer under `employees`; the API key is the basic-auth user name.
    package static let bambooHR = SourcePreset(
        name: "bamboohr", title: "BambooHR (custom report)",
        urlTemplate: "https://api.bamboohr.com/api/gateway.php/{company}/v1/reports/custom",
        parameters: [
            Parameter("company", .segment, "the company domain, as in https://{company}.bamboohr.com"),
            Parameter(
                "fields", .list, "the report's fields, comma-separated",
                defaultValue:
                    "employeeNumber,firstName,lastName,preferredName,displayName,jobTitle,workEmail,workPhone,"
                    + "mobilePhone,department,division,location,country,status,hireDate,terminationDate,"
                    + "supervisorEId,employmentHistoryStatus"),
        ],
        query: [("format", "JSON")], method: "POST", bodyTemplate: #"{"title": "provision", "fields": {fields}}"#,
        headers: ["Accept": "application/json", "Content-Type": "application/json"], recordsPath: "employees",
        paging: .none, auth: .apiKeyAsUser, authStyles: [.apiKeyAsUser],
        documentation: "docs/hr-sources.md#bamboohr")

    /// docs/hr-sources.md, "BambooHR": the employee directory (current employees only: a sync sees no leavers
    /// through it).
    package static let bambooHRDirectory = SourcePreset(
        name: "bamboohr-directory", title: "BambooHR (employee directory; current employees only)",
        urlTemplate: "https://api.bamboohr.com/api/gateway.php/{company}/v1/employees/directory",
        parameters: [Parameter("company", .segment, "the company domain, as in https://{company}.bamboohr.com")],
        recordsPath: "employees", paging: .none, auth: .apiKeyAsUser, authStyles: [.apiKeyAsUser],
        documentation: "docs/hr-sources.md#bamboohr")

    /// docs/hr-sources.md, "SAP SuccessFactors (OData v2)": `User` with leavers (the `status` filter), server-side
    /// pages under `d.results` with an absolute `d.__next`; basic auth as `user@companyId`, or a bearer token.
    package static let successFactors = SourcePreset(
        name: "successfactors", title: "SAP SuccessFactors (OData v2)",
        urlTemplate: "https://{host}/odata/v2/User",
        parameters: [Parameter("host", .host, "the API server of the data center, e.g. api4.successfactors.com")],
        query: [("$format", "json"), ("$filter", "status in 't','f','T','F'")],
        recordsPath: "d.results",
        paging: SourcePaging(style: .nextLink, nextLinkPath: "d.__next", sizeParameter: "customPageSize"),
        pageSize: 1000, maxPageSize: 1000, auth: .basic, authStyles: [.basic, .bearer],
        documentation: "docs/hr-sources.md#sap-successfactors-odata-v2")

    /// docs/hr-sources.md, "Personio": `limit`/`offset` pages (at most 100) under `data`, a bearer token from
    /// `POST /v1/auth` (client id and secret in a JSON body, the token at `data.token`).
    package static let personio = SourcePreset(
        name: "personio", title: "Personio (v1 employees)", urlTemplate: "https://api.personio.de/v1/company/employees",
        recordsPath: "data",
        paging: SourcePaging(
            style: .offset, offsetParameter: "offset", sizeParameter: "limit", totalPath: "metadata.total_elements"),
        pageSize: 100, maxPageSize: 100, auth: .oauth2, authStyles: [.oauth2, .bearer],
        tokenRequest: TokenRequest(
            urlTemplate: "{base}/v1/auth", grantType: nil, encoding: .json, tokenPath: "data.token",
            expiresInPath: nil),
        documentation: "docs/hr-sources.md#personio")

    /// docs/hr-sources.md, "ADP Workforce Now": `$top`/`$skip` pages (at most 100) under `workers`, 204 past the end;
    /// OAuth 2.0 client credentials at accounts.adp.com. (ADP also requires mutual TLS, which this client does not
    /// do yet.)
    package static let adp = SourcePreset(
        name: "adp", title: "ADP Workforce Now (workers)", urlTemplate: "https://api.adp.com/hr/v2/workers",
        recordsPath: "workers",
        paging: SourcePaging(style: .offset, offsetParameter: "$skip", sizeParameter: "$top", endStatuses: [204]),
        pageSize: 100, maxPageSize: 100, auth: .oauth2, authStyles: [.oauth2, .bearer],
        tokenRequest: TokenRequest(urlTemplate: "https://accounts.adp.com/auth/oauth/v2/token"),
        documentation: "docs/hr-sources.md#adp-workforce-now")

    /// docs/hr-sources.md, "A generic REST source": everything given by the user; records under `data` and a
    /// `links.next` link by default, a bearer token by default.
    package static let generic = SourcePreset(
        name: "generic", title: "A generic JSON REST source", urlTemplate: nil, recordsPath: "data",
        paging: SourcePaging(style: .nextLink, nextLinkPath: "links.next", linkHeader: true), auth: .bearer,
        authStyles: SourceAuthStyle.allCases,
        tokenRequest: TokenRequest(urlTemplate: "{base}/oauth2/token"), apiKeyHeader: "X-API-Key",
        documentation: "docs/hr-sources.md#a-generic-rest-source")
}
