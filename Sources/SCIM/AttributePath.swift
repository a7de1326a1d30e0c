/// A SCIM attribute path in RFC 7644 §3.10 notation, the notation the Entra admin center shows:
/// `userName`, `name.givenName`, `emails[type eq "work"].value`, or an extension path such as
/// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`.
package struct AttributePath: Hashable, Sendable, CustomStringConvertible {
    /// The extension schema URN; nil for the core User schema.
    package let schema: String?
    package let attribute: String
    /// The `type` of a multi-valued entry (`work`, `mobile`, …).
    package let entryType: String?
    package let subAttribute: String?
    /// The value type the schema gives the addressed value (custom attributes default to string).
    package let valueType: SCIMSchema.ValueType

    package var isCustom: Bool { schema != nil && SCIMSchema.attributes(of: schema) == nil }

    /// The canonical spelling, e.g. `emails[type eq "work"].value`.
    package var description: String {
        var text = schema.map { $0 + ":" } ?? ""
        text += attribute
        if let entryType { text += "[type eq \"\(entryType)\"]" }
        if let subAttribute { text += "." + subAttribute }
        return text
    }

    package init(
        schema: String?, attribute: String, entryType: String? = nil, subAttribute: String? = nil,
        valueType: SCIMSchema.ValueType
    ) {
        self.schema = schema
        self.attribute = attribute
        self.entryType = entryType
        self.subAttribute = subAttribute
        self.valueType = valueType
    }

    /// Whether this path writes the value at `schema:attribute.subAttribute` (no entry type), as `SCIMUser` stores it.
    package func addresses(schema: String?, attribute: String, subAttribute: String?) -> Bool {
        self.schema == schema && self.attribute == attribute && entryType == nil && self.subAttribute == subAttribute
    }

    /// The same path with another value type (custom attributes get theirs from the mapping file).
    package func with(valueType: SCIMSchema.ValueType) -> AttributePath {
        AttributePath(
            schema: schema, attribute: attribute, entryType: entryType, subAttribute: subAttribute, valueType: valueType
        )
    }
}

/// Why a column header or mapping key is not a usable attribute path.
package enum AttributePathError: Error, Sendable, Equatable, CustomStringConvertible {
    case syntax(path: String, reason: String)
    case unknown(path: String, suggestion: String?)
    case needsTypeFilter(path: String, suggestion: String)
    case needsSubAttribute(path: String, suggestion: String)
    case notMultiValued(path: String, suggestion: String)

    /// The path to write instead, when there is a likely one.
    package var suggestion: String? {
        switch self {
        case .syntax: nil
        case .unknown(_, let suggestion): suggestion
        case .needsTypeFilter(_, let suggestion), .needsSubAttribute(_, let suggestion),
            .notMultiValued(_, let suggestion):
            suggestion
        }
    }

    package var description: String {
        switch self {
        case .syntax(let path, let reason):
            return "\"\(path)\" is not a SCIM attribute path: \(reason)"
        case .unknown(let path, let suggestion):
            let hint =
                suggestion.map { "; did you mean `\($0)`?" }
                ?? "; custom attributes need a schema URN prefix such as "
                + "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:\(path)"
            return "\"\(path)\" is neither a core nor an enterprise User attribute\(hint)"
        case .needsTypeFilter(let path, let suggestion):
            return "\"\(path)\" is multi-valued: address one entry with a type filter, e.g. `\(suggestion)`"
        case .needsSubAttribute(let path, let suggestion):
            return "\"\(path)\" is complex: name a sub-attribute, e.g. `\(suggestion)`"
        case .notMultiValued(let path, let suggestion):
            return "\"\(path)\" is not multi-valued and takes no [type eq …] filter; use `\(suggestion)`"
        }
    }
}
