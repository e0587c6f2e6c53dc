#include "publish/resp.h"

#include <charconv>

namespace tickstock::publish {
namespace {

void appendDecimal(std::string &out, std::size_t value)
{
    char buffer[24];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    (void)ec;
    out.append(buffer, static_cast<std::size_t>(end - buffer));
}

} // namespace

void appendRespArrayHeader(std::string &out, int count)
{
    out.push_back('*');
    appendDecimal(out, static_cast<std::size_t>(count));
    out.append("\r\n", 2);
}

void appendRespBulk(std::string &out, std::string_view arg)
{
    out.push_back('$');
    appendDecimal(out, arg.size());
    out.append("\r\n", 2);
    out.append(arg);
    out.append("\r\n", 2);
}

void appendRespCommand(std::string &out, std::initializer_list<std::string_view> args)
{
    appendRespArrayHeader(out, static_cast<int>(args.size()));
    for (std::string_view arg : args)
        appendRespBulk(out, arg);
}

} // namespace tickstock::publish
