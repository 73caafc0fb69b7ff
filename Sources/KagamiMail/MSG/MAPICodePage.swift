/// 8-bit MAPI strings (type 001E) are in the message's code page (PR_INTERNET_CPID 0x3FDE, else
/// PR_MESSAGE_CODEPAGE 0x3FFD): Windows-1252 is decoded by `Text.ansi`, other code pages (932 Shift_JIS,
/// 936 GBK, 949, 950 Big5, 1251...) through the MIME decoder `Charset` (iconv). Undecodable input falls back to
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
        // Strict: a string the code page cannot decode cleanly is read as Windows-1252 instead.
        guard let text = Charset.iconvDecode(bytes, from: name), !text.unicodeScalars.contains("\u{FFFD}") else { return Text.ansi(bytes) }
        return text
    }
}
