// libFuzzer entry: the feed's JSON frame parser.
// The checks live in check_frameparser.h, shared with the corpus replay test (tst_fuzzcorpus).

#include "check_frameparser.h"

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    tickstock::fuzz::silenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    tickstock::fuzz::checkFrameParser(data, size);
    return 0;
}
