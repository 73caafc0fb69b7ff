#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// 8-bit MAPI strings (type 001E) are in the message's code page (PR_INTERNET_CPID 0x3FDE, else
/// PR_MESSAGE_CODEPAGE 0x3FFD): Windows-1252 is decoded by `Text.ansi`, other code pages (932 Shift_JIS,
/// 936 GBK, 949, 950 Big5, 1251...) through the C library's iconv. Undecodable input falls back to
/// Windows-1252 so nothing is refused.
enum MAPICodePage {
    static func decode(_ bytes: [UInt8], codePage: Int?) -> String {
        guard let codePage, codePage != 1252, codePage != 20127, !bytes.allSatisfy({ $0 < 0x80 }) else { return Text.ansi(bytes) }
        let name: String
        switch codePage {
        case 65001: return String(decoding: bytes, as: UTF8.self)
        case 50220, 50221, 50222: name = "ISO-2022-JP"
        case 51932: name = "EUC-JP"
        case 20932: name = "EUC-JP"
        case 28591...28599: name = "ISO-8859-\(codePage - 28590)"
        default: name = "CP\(codePage)"
        }
        return convert(bytes, from: name) ?? Text.ansi(bytes)
    }

    private static func convert(_ bytes: [UInt8], from charset: String) -> String? {
        let cd = iconv_open("UTF-8", charset)
        guard let cd, cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 4 + 16)
        let ok: Bool = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress
                var outLeft = outBuf.count
                let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                return r != -1 || inLeft == 0
            }
        }
        guard ok, let end = output.firstIndex(of: 0) else { return nil }
        return String(decoding: output[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
