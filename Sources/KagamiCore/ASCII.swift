/// ASCII case folding by table. Sigma is case-insensitive by default; like the SQL engines it is
/// compared against (SQLite `LIKE`), folding is ASCII-only, which keeps it a byte-for-byte map.
public enum ASCII {
    @inlinable public static func lower(_ byte: UInt8) -> UInt8 {
        (byte &- 0x41) < 26 ? byte | 0x20 : byte
    }

    @inlinable public static func upper(_ byte: UInt8) -> UInt8 {
        (byte &- 0x61) < 26 ? byte & ~0x20 : byte
    }

    public static func lowered(_ bytes: some Sequence<UInt8>) -> [UInt8] { bytes.map(lower) }

    public static func lowered(_ string: String) -> [UInt8] { string.utf8.map(lower) }

    @inlinable public static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    @inlinable public static func isDigit(_ byte: UInt8) -> Bool { (byte &- 0x30) < 10 }
}
