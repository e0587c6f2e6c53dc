// libFuzzer: any byte string through FrameParser must neither crash nor break its invariants.

#include "massive/frameparser.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace tickstock::massive;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static FrameParser parser(1 << 20);
    static ParseResult result;
    parser.parse(std::string_view(reinterpret_cast<const char *>(data), size), result);

    // Every skipped event has an error; every data event has a ticker.
    if (static_cast<std::size_t>(result.invalidEvents + result.unknownEvents) > result.errors.size())
        std::abort();
    for (const Event &event : result.events) {
        if (kindOf(event) != EventKind::Status && symbolOf(event).empty())
            std::abort();
    }
    for (const ParseError &error : result.errors) {
        if (error.detail.empty() || error.toString().empty())
            std::abort();
    }
    return 0;
}
