// libFuzzer entry: the HTTP request parser, whole and in chunks.
// The checks live in check_requestparser.h, shared with the corpus replay test (tst_fuzzcorpus).

#include "check_requestparser.h"

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    tickstock::fuzz::silenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    tickstock::fuzz::checkRequestParser(data, size);
    return 0;
}
