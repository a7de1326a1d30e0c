import Foundation

/// What the client knows of the SCIM User schema (RFC 7643 §4.1 core User and §4.3 enterprise extension): which
/// attributes exist, which are multi-valued or complex, and their types. Custom namespaces are open (docs/service.md,
/// "bulkUpload").
package enum SCIMSchema {
    package static let coreUser = "urn:ietf:params:scim:schemas:core:2.0:User"
    package static let enterpriseUser = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    /// The value type of an attribute; booleans are the only non-string core and enterprise types.
    package enum ValueType: String, Sendable, Equatable, CaseIterable {
        case string, boolean, integer, dateTime
    }

    package enum Shape: Sendable, Equatable {
        case simple(ValueType)
        /// A single complex attribute with these sub-attributes (e.g. `name`).
        case complex([String])
        /// A multi-valued complex attribute addressed as `attr[type eq "work"].sub`.
        case multiValued([String])
    }

    /// Core User attributes in the order they are serialised.
    package static let coreAttributes: [(name: String, shape: Shape)] = [
        ("externalId", .simple(.string)),
        ("userName", .simple(.string)),
        (
            "name",
            .complex(["formatted", "familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix"])
        ),
        ("displayName", .simple(.string)),
        ("nickName", .simple(.string)),
        ("profileUrl", .simple(.string)),
        ("title", .simple(.string)),
        ("userType", .simple(.string)),
        ("preferredLanguage", .simple(.string)),
        ("locale", .simple(.string)),
        ("timezone", .simple(.string)),
        ("active", .simple(.boolean)),
        ("emails", .multiValued(["value", "display", "type", "primary"])),
        ("phoneNumbers", .multiValued(["value", "display", "type", "primary"])),
        ("ims", .multiValued(["value", "display", "type", "primary"])),
        ("photos", .multiValued(["value", "display", "type", "primary"])),
        (
            "addresses",
            .multiValued([
                "type", "streetAddress", "locality", "region", "postalCode", "country", "formatted", "primary",
            ])
        ),
        ("entitlements", .multiValued(["value", "display", "type", "primary"])),
        ("roles", .multiValued(["value", "display", "type", "primary"])),
        ("x509Certificates", .multiValued(["value", "display", "type", "primary"])),
    ]

    package static let enterpriseAttributes: [(name: String, shape: Shape)] = [
        ("employeeNumber", .simple(.string)),
        ("costCenter", .simple(.string)),
        ("organization", .simple(.string)),
        ("division", .simple(.string)),
        ("department", .simple(.string)),
        ("manager", .complex(["value", "displayName", "$ref"])),
    ]

    /// Sub-attributes that hold booleans; every other known sub-attribute is a string.
    static let booleanSubAttributes: Set<String> = ["primary"]

    /// The attributes of a known schema, or nil for a custom namespace.
    package static func attributes(of schema: String?) -> [(name: String, shape: Shape)]? {
        guard let schema else { return coreAttributes }
        return schema.caseInsensitiveCompare(enterpriseUser) == .orderedSame ? enterpriseAttributes : nil
    }

    /// Every addressable path of the known schemas, for "did you mean" suggestions.
    package static let knownPaths: [String] = {
        var paths: [String] = []
        for (prefix, attributes) in [("", coreAttributes), (enterpriseUser + ":", enterpriseAttributes)] {
            for (name, shape) in attributes {
                switch shape {
                case .simple: paths.append(prefix + name)
                case .complex(let subs): paths += subs.map { "\(prefix)\(name).\($0)" }
                case .multiValued(let subs):
                    paths += subs.filter { $0 != "type" }.map { "\(prefix)\(name)[type eq \"work\"].\($0)" }
                }
            }
        }
        return paths
    }()
}
