// libFuzzer entry: the server's reader of client WebSocket frames.
// The checks live in check_wsframe.h, shared with the corpus replay test (tst_fuzzcorpus).

#include "check_wsframe.h"

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    tickstock::fuzz::silenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    tickstock::fuzz::checkWsFrameReader(data, size);
    return 0;
}
