#!/usr/bin/env python3
"""Writes the EVTX fuzz seeds: the file header and chunk 0, cut at its free-space offset, of a few
files of ../shared/corpus/evtx (never a whole corpus file). Run from this folder."""
import struct

BASE = "../../../../shared/corpus/evtx/evtx-crate-samples/"


def cut(src, chunk, dst):
    d = open(BASE + src, "rb").read()
    c = d[4096 + chunk * 65536:4096 + (chunk + 1) * 65536]
    free = struct.unpack_from("<I", c, 48)[0]
    open(dst, "wb").write(d[:4096] + (c[:free] if 512 <= free <= 65536 else c))


cut("security.evtx", 0, "security-chunk0.evtx")
cut("E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx", 0, "capi2-chunk0.evtx")
cut("sample-with-zero-data-size-event.evtx", 0, "zero-size-record-chunk0.evtx")
