import Foundation

/// A mail built around one file, shaped like the lures of `domain/MIRRORFACE.md`: a short covering text,
/// the file as a base64 attachment under its own name, and for a protected archive the password written
/// in the body. The text names no lure topic and the sender is no free-mail address, so whatever makes
/// the verdict comes from the attachment (the clean twins wrapped the same way stay clean).
enum LureMail {
    static let boundary = "=_kagami_lure_7f3a9c"

    static func build(fileName: String, bytes: [UInt8], passwords: [String]) -> [UInt8] {
        var body = "Dear colleague,\r\n\r\nPlease find attached the file we discussed on the phone.\r\n"
        // One password a line, the way lures state them ("the password is X").
        for p in passwords { body += "The password is \(p)\r\n" }
        body += "\r\nBest regards,\r\nKenji Sato\r\n"
        var text = """
            From: Kenji Sato <k.sato@research-institute.example.org>\r
            To: analyst@kagami.example\r
            Subject: The file we discussed\r
            Date: Mon, 02 Sep 2024 09:15:00 +0900\r
            Message-ID: <lure-\(fileName.count)@research-institute.example.org>\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="\(boundary)"\r
            \r
            --\(boundary)\r
            Content-Type: text/plain; charset=us-ascii\r
            Content-Transfer-Encoding: 7bit\r
            \r
            \(body)\r
            --\(boundary)\r
            Content-Type: application/octet-stream; name="\(fileName)"\r
            Content-Disposition: attachment; filename="\(fileName)"\r
            Content-Transfer-Encoding: base64\r
            \r

            """
        text += Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        text += "\r\n--\(boundary)--\r\n"
        return Array(text.utf8)
    }
}
