import CArchive

/// Lists and extracts archive members through libarchive (ZIP incl. ZipCrypto and WinZip AES, 7z, RAR,
/// RAR5, ISO 9660, CAB, tar, gzip...), trying candidate passwords one at a time so the report can say
/// which password opened which member.
///
/// Limits are ours: member count, bytes per member, total bytes and expansion ratio; passing one stops
/// extraction and is reported as a bomb, never allocated.
struct ArchiveReader {
    struct Limits {
        var maxEntries = 4096
        var maxEntryBytes = 64 << 20
        var maxTotalBytes = 256 << 20
        /// Uncompressed/compressed ratio above which an archive (larger than `ratioFloor`) is a bomb.
        var maxRatio = 200
        var ratioFloor = 8 << 20
    }

    struct Member {
        var path: String
        var size: Int64?
        var isDirectory: Bool
        var encrypted: Bool
        /// The extracted bytes, nil when the member could not be read (then `error` says why).
        var data: [UInt8]?
        var error: String?
        /// The candidate password that opened it (nil for an unencrypted member).
        var password: String?
    }

    struct Listing {
        var format: String = ""
        var members: [Member] = []
        var encrypted = false
        var bomb: String?
        var errors: [String] = []
    }

    let limits: Limits
    /// Also accept a compressed stream that is not an archive (a `.gz` of one file), as one member.
    let rawStreams: Bool

    init(limits: Limits = Limits(), rawStreams: Bool = false) {
        self.limits = limits
        self.rawStreams = rawStreams
    }

    /// Reads every member; encrypted members that the plain pass could not read are retried with each
    /// password in turn (at most 16 candidates).
    func read(_ bytes: [UInt8], passwords: [String]) -> Listing {
        var listing = pass(bytes, password: nil, only: nil)
        guard listing.bomb == nil else { return listing }
        var candidates = [String]()
        for p in passwords where !p.isEmpty && !candidates.contains(p) && candidates.count < 16 { candidates.append(p) }
        for password in candidates {
            let missing = Set(listing.members.indices.filter { listing.members[$0].data == nil && listing.members[$0].encrypted && !listing.members[$0].isDirectory })
            if missing.isEmpty && !(listing.members.isEmpty && listing.encrypted) { break }
            let retry = pass(bytes, password: password, only: listing.members.isEmpty ? nil : missing)
            if listing.members.isEmpty {
                // Encrypted headers (7z): nothing was listed without a password.
                if !retry.members.isEmpty {
                    listing.members = retry.members.map { var m = $0; if m.data != nil { m.password = password }; return m }
                    listing.errors = retry.errors
                    listing.bomb = retry.bomb
                }
                continue
            }
            for (i, m) in retry.members.enumerated() where i < listing.members.count && missing.contains(i) && m.data != nil {
                listing.members[i].data = m.data
                listing.members[i].error = nil
                listing.members[i].password = password
            }
            if retry.bomb != nil { listing.bomb = retry.bomb; break }
        }
        return listing
    }

    /// One pass over the archive with at most one passphrase; `only` restricts extraction to member indices.
    private func pass(_ bytes: [UInt8], password: String?, only: Set<Int>?) -> Listing {
        var listing = Listing()
        guard let a = archive_read_new() else { listing.errors.append("libarchive could not start"); return listing }
        defer { archive_read_free(a) }
        archive_read_support_filter_all(a)
        archive_read_support_format_all(a)
        if rawStreams { archive_read_support_format_raw(a) }
        if let password { archive_read_add_passphrase(a, password) }
        var total = 0
        return bytes.withUnsafeBytes { raw -> Listing in
            guard archive_read_open_memory(a, raw.baseAddress, raw.count) == ARCHIVE_OK else {
                listing.errors.append(Self.message(a, "open"))
                return listing
            }
            var entry: OpaquePointer?
            var index = 0
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let status = archive_read_next_header(a, &entry)
                if status == ARCHIVE_EOF { break }
                if status == ARCHIVE_FATAL || entry == nil {
                    if index == 0, archive_read_has_encrypted_entries(a) > 0 { listing.encrypted = true }
                    listing.errors.append(Self.message(a, "member \(index)"))
                    break
                }
                if listing.format.isEmpty, let f = archive_format_name(a) { listing.format = String(cString: f) }
                guard index < limits.maxEntries else {
                    listing.bomb = "more than \(limits.maxEntries) members"
                    break
                }
                let path = archive_entry_pathname_utf8(entry).map { String(cString: $0) }
                    ?? archive_entry_pathname(entry).map { String(cString: $0) } ?? "member-\(index)"
                let isDir = (archive_entry_filetype(entry) & 0o170000) == 0o040000
                let size: Int64? = archive_entry_size_is_set(entry) != 0 ? archive_entry_size(entry) : nil
                let encrypted = archive_entry_is_encrypted(entry) != 0
                if encrypted { listing.encrypted = true }
                var member = Member(path: path, size: size, isDirectory: isDir, encrypted: encrypted)
                if !isDir && (only == nil || only!.contains(index)) {
                    var data = [UInt8]()
                    var failed: String?
                    while true {
                        let n = buffer.withUnsafeMutableBytes { archive_read_data(a, $0.baseAddress, $0.count) }
                        if n == 0 { break }
                        if n < 0 { failed = Self.message(a, path); break }
                        data.append(contentsOf: buffer[0..<n])
                        total += n
                        if data.count > limits.maxEntryBytes {
                            listing.bomb = "member \(path) expands past \(limits.maxEntryBytes) bytes"
                            break
                        }
                        if total > limits.maxTotalBytes {
                            listing.bomb = "members expand past \(limits.maxTotalBytes) bytes in total"
                            break
                        }
                        if total > limits.ratioFloor && total / Swift.max(bytes.count, 1) > limits.maxRatio {
                            listing.bomb = "expansion ratio above \(limits.maxRatio):1 (\(total) bytes from \(bytes.count))"
                            break
                        }
                    }
                    if listing.bomb != nil { listing.members.append(member); break }
                    if let failed { member.error = failed } else { member.data = data }
                } else {
                    archive_read_data_skip(a)
                }
                listing.members.append(member)
                index += 1
            }
            return listing
        }
    }

    private static func message(_ a: OpaquePointer, _ context: String) -> String {
        let text = archive_error_string(a).map { String(cString: $0) } ?? "unreadable"
        return "\(context): \(text)"
    }
}
