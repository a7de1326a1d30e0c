// EntraEmulator module
