/// An IPv4 or IPv6 network for Sigma's `cidr` modifier, and a test of textual addresses against it.
///
/// Decisions (each one a place where parsers differ):
/// - IPv4 parts are decimal, 0...255, with no leading zeros: `010.0.0.1` is refused rather than read as
///   octal (inet_aton) or decimal (some loggers); Python's `ipaddress`, which pySigma uses, refuses it
///   too. Exactly four parts; no `1.2.3` or integer forms.
/// - IPv6: RFC 4291 text forms, hex digits in either case, one `::`, an embedded dotted IPv4 tail
///   (`::ffff:1.2.3.4`, `64:ff9b::1.2.3.4`). In an event address, surrounding `[...]` and a `%zone`
///   suffix (`fe80::1%eth0`, `[fe80::1%25en0]`) are accepted; the zone is ignored.
/// - IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`, also written in hex) are the same host as the IPv4
///   address: they match IPv4 networks, and a plain IPv4 address matches an IPv6 network that contains
///   its mapped form (`::ffff:10.0.0.0/104` contains `10.1.2.3`). IPv4-compatible (`::a.b.c.d`),
///   NAT64 and 6to4 forms are not treated as IPv4.
/// - A network given with host bits set (`10.1.2.3/8`) is taken as its network (`10.0.0.0/8`), like
///   `ipaddress.ip_network(strict=False)`. Netmask forms (`/255.0.0.0`) are not accepted.
/// - No whitespace is trimmed; a value that is not exactly an address never matches. Nothing traps,
///   and nothing allocates when testing an address.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    public enum Family: Sendable, Hashable { case v4, v6 }

    public let family: Family
    public let prefixLength: Int
    /// The network address and mask as 128 bits; an IPv4 network is kept in its IPv4-mapped form
    /// (::ffff:a.b.c.d with a mask of 96 + prefix bits), so one comparison serves both families.
    let networkHigh: UInt64
    let networkLow: UInt64
    let maskHigh: UInt64
    let maskLow: UInt64

    /// Parses `address/prefix` or a bare address (a single host: /32 or /128). Nil when malformed.
    public init?(cidr: String) {
        var text = cidr
        let parsed: (family: Family, prefix: Int, high: UInt64, low: UInt64)? = text.withUTF8 { bytes in
            guard bytes.count <= IPAddressParser.maximumTextLength else { return nil }
            var slash = bytes.count
            for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "/") {
                slash = offset
                break
            }
            let raw = UnsafeRawBufferPointer(bytes)
            guard let address = IPAddressParser.parse(UnsafeRawBufferPointer(rebasing: raw[0..<slash]),
                                                      allowZone: false) else { return nil }
            let maximum = address.isV4 ? 32 : 128
            var prefix = maximum
            if slash < bytes.count {
                let digits = raw[(slash + 1)...]
                guard !digits.isEmpty, digits.count <= 3 else { return nil }
                prefix = 0
                for byte in digits {
                    guard byte &- 0x30 < 10 else { return nil }
                    prefix = prefix * 10 + Int(byte &- 0x30)
                }
                guard prefix <= maximum else { return nil }
            }
            let (high, low) = address.mapped
            return (address.isV4 ? .v4 : .v6, prefix, high, low)
        }
        guard let parsed else { return nil }
        family = parsed.family
        prefixLength = parsed.prefix
        let bits = parsed.family == .v4 ? 96 + parsed.prefix : parsed.prefix
        (maskHigh, maskLow) = IPNetwork.mask(bits: bits)
        networkHigh = parsed.high & maskHigh
        networkLow = parsed.low & maskLow
    }

    /// A 128-bit mask with the top `bits` set; IPv4 networks use 96 + prefix over the mapped form.
    static func mask(bits: Int) -> (UInt64, UInt64) {
        let high: UInt64 = bits >= 64 ? ~0 : (bits <= 0 ? 0 : ~0 << UInt64(64 - bits))
        let lowBits = bits - 64
        let low: UInt64 = lowBits >= 64 ? ~0 : (lowBits <= 0 ? 0 : ~0 << UInt64(64 - lowBits))
        return (high, low)
    }

    /// Whether the textual address in `address` (event bytes) lies in this network.
    public func contains(_ address: UnsafeRawBufferPointer) -> Bool {
        guard let parsed = IPAddressParser.parse(address, allowZone: true) else { return false }
        let (high, low) = parsed.mapped
        return (high & maskHigh) == networkHigh && (low & maskLow) == networkLow
    }

    /// Convenience for tests and tools (copies the bytes).
    public func contains(_ address: String) -> Bool {
        var text = address
        return text.withUTF8 { contains(UnsafeRawBufferPointer($0)) }
    }

    public var description: String {
        switch family {
        case .v4:
            let v = networkLow & 0xFFFF_FFFF
            return "\(v >> 24).\((v >> 16) & 255).\((v >> 8) & 255).\(v & 255)/\(prefixLength)"
        case .v6:
            var groups: [String] = []
            for index in 0..<8 {
                let word = index < 4 ? networkHigh >> UInt64(48 - 16 * index) : networkLow >> UInt64(48 - 16 * (index - 4))
                groups.append(String(word & 0xFFFF, radix: 16))
            }
            return groups.joined(separator: ":") + "/\(prefixLength)"
        }
    }
}

/// Textual IP addresses over bytes, without allocation.
enum IPAddressParser {
    /// Longer text is not an address (the longest IPv6 form with an IPv4 tail is 45 bytes; a zone
    /// and brackets add some). Bounds the work on hostile values.
    static let maximumTextLength = 128

    struct Address {
        var isV4: Bool
        /// IPv6: the 128 bits. IPv4: `low` holds the 32 bits, `high` is 0.
        var high: UInt64
        var low: UInt64

        /// The 128-bit form, IPv4 as ::ffff:a.b.c.d.
        var mapped: (UInt64, UInt64) { isV4 ? (0, 0xFFFF << 32 | low) : (high, low) }
    }

    static func parse(_ text: UnsafeRawBufferPointer, allowZone: Bool) -> Address? {
        guard !text.isEmpty, text.count <= maximumTextLength else { return nil }
        var start = 0
        var end = text.count
        var bracketed = false
        if text[0] == UInt8(ascii: "[") {
            guard allowZone, text[end - 1] == UInt8(ascii: "]"), end >= 2 else { return nil }
            start = 1
            end -= 1
            bracketed = true
        }
        if allowZone {
            // "%zone": only after an IPv6 address, and not empty.
            var offset = start
            while offset < end {
                if text[offset] == UInt8(ascii: "%") {
                    // A zone is printable ASCII without brackets, "/" or "%", and not empty.
                    guard offset + 1 < end else { return nil }
                    for zoneOffset in (offset + 1)..<end {
                        let byte = text[zoneOffset]
                        guard byte > 0x20, byte < 0x7F, byte != UInt8(ascii: "["), byte != UInt8(ascii: "]"),
                              byte != UInt8(ascii: "/"), byte != UInt8(ascii: "%") else { return nil }
                    }
                    end = offset
                    break
                }
                offset += 1
            }
        }
        let body = UnsafeRawBufferPointer(rebasing: text[start..<end])
        if let v4 = parseV4(body) {
            // An IPv4 address takes neither brackets nor a zone.
            guard !bracketed, end == text.count else { return nil }
            return Address(isV4: true, high: 0, low: UInt64(v4))
        }
        guard let (high, low) = parseV6(body) else { return nil }
        return Address(isV4: false, high: high, low: low)
    }

    /// Dotted quad, decimal, four parts 0...255, no leading zeros.
    static func parseV4(_ text: UnsafeRawBufferPointer) -> UInt32? {
        guard text.count >= 7, text.count <= 15 else { return nil }
        var value: UInt32 = 0
        var parts = 0
        var part: UInt32 = 0
        var digits = 0
        var firstDigit: UInt8 = 0
        for byte in text {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, parts < 3 else { return nil }
                value = value << 8 | part
                parts += 1
                part = 0
                digits = 0
            } else if byte &- 0x30 < 10 {
                if digits == 0 { firstDigit = byte }
                // A second digit after a leading "0" would be a leading zero.
                guard digits < 3, !(digits >= 1 && firstDigit == UInt8(ascii: "0")) else { return nil }
                part = part * 10 + UInt32(byte &- 0x30)
                guard part <= 255 else { return nil }
                digits += 1
            } else {
                return nil
            }
        }
        guard parts == 3, digits > 0 else { return nil }
        return value << 8 | part
    }

    /// RFC 4291 section 2.2 text forms.
    static func parseV6(_ text: UnsafeRawBufferPointer) -> (UInt64, UInt64)? {
        guard text.count >= 2, text.count <= 45 else { return nil }
        var groups: (UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16) = (0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0          // groups written
        var gap = -1           // index in groups where "::" stands
        var offset = 0
        let n = text.count

        func setGroup(_ index: Int, _ value: UInt16) {
            withUnsafeMutableBytes(of: &groups) { raw in
                raw.storeBytes(of: value, toByteOffset: index * 2, as: UInt16.self)
            }
        }

        if text[0] == UInt8(ascii: ":") {
            guard n >= 2, text[1] == UInt8(ascii: ":") else { return nil }
            gap = 0
            offset = 2
            if offset == n { return (0, 0) }  // "::"
        }
        while offset < n {
            // One group: hex digits, or an IPv4 tail when a "." follows the digits.
            var cursor = offset
            var value: UInt32 = 0
            var digits = 0
            while cursor < n, let digit = hexValue(text[cursor]) {
                value = value << 4 | UInt32(digit)
                digits += 1
                cursor += 1
                if digits > 4 { break }
            }
            if cursor < n && text[cursor] == UInt8(ascii: ".") {
                // The IPv4 tail takes the last two groups and must end the text.
                guard count <= 6, let v4 = parseV4(UnsafeRawBufferPointer(rebasing: text[offset..<n])) else { return nil }
                setGroup(count, UInt16(v4 >> 16))
                setGroup(count + 1, UInt16(v4 & 0xFFFF))
                count += 2
                offset = n
                break
            }
            guard digits >= 1, digits <= 4, count < 8 else { return nil }
            setGroup(count, UInt16(value))
            count += 1
            offset = cursor
            if offset == n { break }
            guard text[offset] == UInt8(ascii: ":") else { return nil }
            offset += 1
            if offset < n && text[offset] == UInt8(ascii: ":") {
                guard gap < 0 else { return nil }  // a second "::"
                gap = count
                offset += 1
                if offset == n { break }
            } else if offset == n {
                return nil  // a trailing single ":"
            }
        }
        if gap >= 0 {
            // "::" stands for at least one zero group.
            guard count <= 7 else { return nil }
            let shift = 8 - count
            var index = count - 1
            while index >= gap {
                let value = withUnsafeBytes(of: &groups) { $0.load(fromByteOffset: index * 2, as: UInt16.self) }
                setGroup(index + shift, value)
                index -= 1
            }
            for zero in gap..<(gap + shift) { setGroup(zero, 0) }
        } else {
            guard count == 8 else { return nil }
        }
        var high: UInt64 = 0
        var low: UInt64 = 0
        withUnsafeBytes(of: &groups) { raw in
            for index in 0..<4 { high = high << 16 | UInt64(raw.load(fromByteOffset: index * 2, as: UInt16.self)) }
            for index in 4..<8 { low = low << 16 | UInt64(raw.load(fromByteOffset: index * 2, as: UInt16.self)) }
        }
        return (high, low)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        if byte &- 0x30 < 10 { return byte &- 0x30 }
        let lower = byte | 0x20
        if lower &- 0x61 < 6 { return lower &- 0x61 + 10 }
        return nil
    }
}
