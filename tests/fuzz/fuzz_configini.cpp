// libFuzzer entry: the INI config file through the loader.
// The checks live in check_config.h, shared with the corpus replay test (tst_fuzzcorpus).

#include "check_config.h"

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    tickstock::fuzz::silenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    tickstock::fuzz::checkConfigIni(data, size);
    return 0;
}
