// Mapping module
