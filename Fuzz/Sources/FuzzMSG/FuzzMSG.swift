import CFuzzerDriver
import KagamiMail
import MailFuzzChecks

/// SwiftPM links the executable with `--defsym main=FuzzMSG_main`; this is that symbol (see README.md).
@_cdecl("FuzzMSG_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    KagamiFuzzerMain(argc, argv)
}

/// Bytes as an Outlook `.msg`: the reader either throws a described failure or returns a message whose
/// nested messages are finite; every attachment is then analysed like the mail side would.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = MailFuzzChecks.bytes(data, size, prefixedWith: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
    do {
        let message = try OutlookMessageReader.read(bytes)
        MailFuzzChecks.check(message, depth: 0)
        // The mail side's view (headers built from MAPI properties and the recipient table) must read
        // back: every To/Cc mailbox it wrote has an address.
        let mail = MailMessage.fromOutlook(message)
        MailFuzzChecks.require(mail.attachments.count == message.attachments.count, "attachments lost in the mail view")
        for r in message.recipients where r.address != nil && (r.kind == .to || r.kind == .cc) {
            MailFuzzChecks.require(mail.headers.first("to") != nil || mail.headers.first("cc") != nil, "recipient with an address gave no header")
        }
    } catch let failure as OutlookMessageReader.Failure {
        MailFuzzChecks.require(!failure.description.isEmpty, "failure without a reason")
    } catch {
        MailFuzzChecks.require(false, "unexpected error type \(error)")
    }
    return 0
}
