import Crypto

/// Opens an attachment by its content and reports what it is and what in it is suspicious.
///
/// The entry point the mail side calls. `passwords` are candidates found in the message body, tried on
/// encrypted archives. `location` names the part (`2`, `2/1`) so findings can point back into the mail.
public struct AttachmentAnalyzer: Sendable {
    public init() {}

    public func analyze(_ bytes: [UInt8], name: String?, declaredType: String?, passwords: [String],
                        location: String) -> AttachmentReport {
        AttachmentReport(name: name, size: bytes.count,
                         md5: Self.hex(Insecure.MD5.hash(data: bytes)),
                         sha1: Self.hex(Insecure.SHA1.hash(data: bytes)),
                         sha256: Self.hex(SHA256.hash(data: bytes)),
                         contentType: "unknown")
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
