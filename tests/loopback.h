#pragma once
// A blocking TCP socket connected to 127.0.0.1:port, for the raw-socket clients of tests and
// benchmarks (no Qt). Returns the descriptor, or -1 (errno set) when the connect fails.

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>

namespace loopback {

// receiveBuffer > 0 sets SO_RCVBUF before connecting; noDelay sets TCP_NODELAY.
inline int connectTo(std::uint16_t port, int receiveBuffer = 0, bool noDelay = false)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    if (receiveBuffer > 0)
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, sizeof receiveBuffer);
    if (noDelay) {
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

} // namespace loopback
