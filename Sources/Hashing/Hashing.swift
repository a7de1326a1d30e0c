// Hashing module
