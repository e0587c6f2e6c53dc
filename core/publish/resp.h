#pragma once
// RESP2 command framing (https://redis.io/docs/reference/protocol-spec/): a command is an array of
// bulk strings. Written by hand so that a pipelined PUBLISH is one append into a reusable buffer.

#include <string>
#include <string_view>

namespace tickstock::publish {

void appendRespArrayHeader(std::string &out, int count); // *<count>\r\n
void appendRespBulk(std::string &out, std::string_view arg); // $<len>\r\n<arg>\r\n

// A whole command: *N then every argument as a bulk string.
void appendRespCommand(std::string &out, std::initializer_list<std::string_view> args);

} // namespace tickstock::publish
