import Foundation
import JSONDocument

extension SynchronizationSchema {
    static let enterpriseURN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    /// The API source directory and object: the portal names the default object mapping "Provision API
    /// urn:ietf:params:scim:schemas:extension:enterprise:2.0:Users", i.e. directory `API`, that object name.
    static let apiDirectory = "API"
    static let apiObject = enterpriseURN
    static let entraDirectory = "Azure Active Directory"

    /// The schema a new "API-driven provisioning to Microsoft Entra ID" job starts with (version 1).
    static func apiToEntraDefault(jobID: String) -> SynchronizationSchema {
        do {
            return try SynchronizationSchema(document: defaultDocument, id: jobID, version: 1)
        } catch {
            preconditionFailure("the built-in default schema is invalid: \(error.message)")
        }
    }

    /// The API source attributes: the SCIM core User and enterprise User attributes the service processes by
    /// default, named as the schema names them (`name.givenName`, `emails[type eq "work"].value`,
    /// `urn:…:enterprise:2.0:User:department`). Only `work` entries of multi-valued attributes are processed.
    static let defaultSourceAttributes: [(name: String, type: String)] = {
        var list: [(String, String)] = [("externalId", "String"), ("userName", "String"), ("active", "Boolean")]
        for name in [
            "displayName", "nickName", "title", "userType", "preferredLanguage", "locale", "timezone",
            "profileUrl", "name.formatted", "name.familyName", "name.givenName", "name.middleName",
            "name.honorificPrefix", "name.honorificSuffix", #"emails[type eq "work"].value"#,
            #"phoneNumbers[type eq "work"].value"#,
        ] {
            list.append((name, "String"))
        }
        for part in ["formatted", "streetAddress", "locality", "region", "postalCode", "country"] {
            list.append((#"addresses[type eq "work"]."# + part, "String"))
        }
        for part in ["employeeNumber", "costCenter", "organization", "division", "department"] {
            list.append(("\(enterpriseURN):\(part)", "String"))
        }
        list.append(("\(enterpriseURN):manager", "Reference"))
        return list
    }()

    /// The Microsoft Entra ID User attributes the default mappings (and common custom ones) write.
    static let defaultTargetAttributes: [(name: String, type: String)] = [
        ("accountEnabled", "Boolean"), ("city", "String"), ("companyName", "String"), ("country", "String"),
        ("department", "String"), ("displayName", "String"), ("employeeHireDate", "DateTime"), ("employeeId", "String"),
        ("employeeLeaveDateTime", "DateTime"), ("employeeOrgData.costCenter", "String"),
        ("employeeOrgData.division", "String"), ("employeeType", "String"), ("givenName", "String"),
        ("jobTitle", "String"), ("mail", "String"), ("mailNickname", "String"), ("manager", "Reference"),
        ("mobile", "String"), ("physicalDeliveryOfficeName", "String"), ("postalCode", "String"),
        ("preferredLanguage", "String"), ("state", "String"), ("streetAddress", "String"), ("surname", "String"),
        ("telephoneNumber", "String"), ("usageLocation", "String"), ("userPrincipalName", "String"),
        ("userType", "String"),
    ]

    /// `accountEnabled` from `active`: `True` → `True`, `False` → `False`, and anything else, a missing `active`
    /// included, → the default `False`, which is why a record sent without `active` disables the account.
    static let accountEnabledExpression = MappingExpression.function(
        "Switch",
        [
            .init(key: "source", value: .attribute("active")), .init(key: "defaultValue", value: .constant("False")),
            .init(key: "key", value: .constant("True")), .init(key: "value", value: .constant("True")),
            .init(key: "key", value: .constant("False")), .init(key: "value", value: .constant("False")),
        ])

    /// The default attribute mappings: target ← source. `externalId` ↔ `employeeId` is the matching pair.
    static let defaultFlows: [(target: String, source: MappingExpression)] = [
        ("employeeId", .attribute("externalId")),
        ("userPrincipalName", .attribute("userName")),
        ("accountEnabled", accountEnabledExpression),
        ("displayName", .attribute("displayName")),
        ("givenName", .attribute("name.givenName")),
        ("surname", .attribute("name.familyName")),
        ("jobTitle", .attribute("title")),
        ("preferredLanguage", .attribute("preferredLanguage")),
        ("mail", .attribute(#"emails[type eq "work"].value"#)),
        ("telephoneNumber", .attribute(#"phoneNumbers[type eq "work"].value"#)),
        ("streetAddress", .attribute(#"addresses[type eq "work"].streetAddress"#)),
        ("city", .attribute(#"addresses[type eq "work"].locality"#)),
        ("state", .attribute(#"addresses[type eq "work"].region"#)),
        ("postalCode", .attribute(#"addresses[type eq "work"].postalCode"#)),
        ("country", .attribute(#"addresses[type eq "work"].country"#)),
        ("department", .attribute("\(enterpriseURN):department")),
        ("companyName", .attribute("\(enterpriseURN):organization")),
        ("employeeOrgData.costCenter", .attribute("\(enterpriseURN):costCenter")),
        ("employeeOrgData.division", .attribute("\(enterpriseURN):division")),
        ("manager", .attribute("\(enterpriseURN):manager")),
    ]

    static var defaultDocument: JSON {
        let source = defaultSourceAttributes.map { attribute in
            attributeDefinition(
                attribute.name, attribute.type, anchor: attribute.name == "externalId",
                referencedObject: attribute.type == "Reference" ? apiObject : nil)
        }
        let target = defaultTargetAttributes.map { attribute in
            attributeDefinition(
                attribute.name, attribute.type, anchor: false,
                referencedObject: attribute.type == "Reference" ? "User" : nil)
        }
        let mappings = defaultFlows.map { flow in
            JSON.object([
                "defaultValue": .null, "exportMissingReferences": false, "flowBehavior": "FlowWhenChanged",
                "flowType": "Always", "matchingPriority": flow.target == "employeeId" ? 1 : 0,
                "source": flow.source.json,
                "targetAttributeName": .string(flow.target),
            ])
        }
        let objectMapping = JSON.object([
            "attributeMappings": .array(mappings), "enabled": true, "flowTypes": "Add, Update, Delete", "metadata": [],
            "name": .string("Provision \(apiDirectory) \(apiObject)s"), "scope": .null,
            "sourceObjectName": .string(apiObject), "targetObjectName": "User",
        ])
        let rule = JSON.object([
            "containerFilter": .object(["includedContainers": []]), "editable": true,
            "groupFilter": .object(["includedGroups": []]), "id": "API2AAD.USER_INBOUND_USER", "metadata": [],
            "name": "USER_INBOUND_USER", "objectMappings": [objectMapping], "priority": 1,
            "sourceDirectoryName": .string(apiDirectory), "targetDirectoryName": .string(entraDirectory),
        ])
        return .object([
            "directories": [
                directoryDefinition(id: "API", name: apiDirectory, object: apiObject, attributes: source),
                directoryDefinition(
                    id: "AzureActiveDirectory", name: entraDirectory, object: "User", attributes: target),
            ],
            "synchronizationRules": [rule],
        ])
    }

    private static func directoryDefinition(id: String, name: String, object: String, attributes: [JSON]) -> JSON {
        .object([
            "id": .string(id), "name": .string(name), "discoverabilities": "None", "discoveryDateTime": .null,
            "readOnly": false, "version": .null,
            "objects": [
                .object([
                    "attributes": .array(attributes), "metadata": [], "name": .string(object), "supportedApis": [],
                ])
            ],
        ])
    }

    private static func attributeDefinition(
        _ name: String, _ type: String, anchor: Bool, referencedObject: String?
    ) -> JSON {
        let references: JSON =
            referencedObject.map {
                .array([.object(["referencedObjectName": .string($0), "referencedProperty": .null])])
            } ?? []
        return .object([
            "anchor": .bool(anchor), "apiExpressions": [], "caseExact": false, "defaultValue": .null,
            "flowNullValues": false, "metadata": [], "multivalued": false, "mutability": "ReadWrite",
            "name": .string(name), "referencedObjects": references, "required": .bool(anchor), "type": .string(type),
        ])
    }
}
