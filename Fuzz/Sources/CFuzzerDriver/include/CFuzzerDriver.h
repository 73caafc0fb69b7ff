#ifndef CFUZZERDRIVER_H
#define CFUZZERDRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's entry for programs that keep their own `main` (LLVM 11 and later).
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

/// Runs libFuzzer on the target's `LLVMFuzzerTestOneInput` (each target defines it with `@_cdecl`);
/// every target's `<Name>_main` calls this, so the driver call is written once.
int KagamiFuzzerMain(int argc, char **argv);

#endif
