// SCIM module
