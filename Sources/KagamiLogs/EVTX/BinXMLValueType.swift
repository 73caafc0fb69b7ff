/// BinXML value types (MS-EVEN6 2.2.18); `| 0x80` makes an array of the type.
enum BinXMLType {
    static let null: UInt8 = 0x00
    static let string: UInt8 = 0x01
    static let ansiString: UInt8 = 0x02
    static let int8: UInt8 = 0x03
    static let uint8: UInt8 = 0x04
    static let int16: UInt8 = 0x05
    static let uint16: UInt8 = 0x06
    static let int32: UInt8 = 0x07
    static let uint32: UInt8 = 0x08
    static let int64: UInt8 = 0x09
    static let uint64: UInt8 = 0x0A
    static let real32: UInt8 = 0x0B
    static let real64: UInt8 = 0x0C
    static let bool: UInt8 = 0x0D
    static let binary: UInt8 = 0x0E
    static let guid: UInt8 = 0x0F
    static let sizeT: UInt8 = 0x10
    static let fileTime: UInt8 = 0x11
    static let sysTime: UInt8 = 0x12
    static let sid: UInt8 = 0x13
    static let hex32: UInt8 = 0x14
    static let hex64: UInt8 = 0x15
    static let evtHandle: UInt8 = 0x20
    static let binXML: UInt8 = 0x21
    static let evtXML: UInt8 = 0x23
    static let array: UInt8 = 0x80

    /// Whether a type byte names a type at all (the reference rejects the others).
    static func isKnown(_ t: UInt8) -> Bool {
        let base = t & 0x7F
        if t & 0x80 != 0 { return base >= 0x01 && base <= 0x15 }
        return t <= 0x15 || t == evtHandle || t == binXML || t == evtXML
    }

    /// Byte width of fixed-size scalar types, 0 for variable-size ones.
    static func width(_ base: UInt8) -> Int {
        switch base {
        case int8, uint8: return 1
        case int16, uint16: return 2
        case int32, uint32, real32, bool, hex32: return 4
        case int64, uint64, real64, fileTime, hex64: return 8
        case guid, sysTime: return 16
        default: return 0
        }
    }

    static func name(_ t: UInt8) -> String {
        "0x" + String(t, radix: 16, uppercase: true)
    }
}
