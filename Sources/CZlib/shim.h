// zlib (Debian zlib1g-dev): inflate for mail attachments (PDF streams, embedded storages) and gunzip of ATT&CK bundles.
#include <zlib.h>
