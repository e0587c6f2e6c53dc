# Qt 6.4 (Debian 12), hiredis via pkg-config, simdjson, OpenSSL 3's libcrypto.
find_package(Qt6 6.4 REQUIRED COMPONENTS Core Network WebSockets Test)
if(TICKSTOCK_BUILD_UI)
    find_package(Qt6 6.4 REQUIRED COMPONENTS Gui Widgets Charts)
endif()
find_package(PkgConfig REQUIRED)
pkg_check_modules(HIREDIS REQUIRED IMPORTED_TARGET hiredis)
add_library(TickStock::hiredis ALIAS PkgConfig::HIREDIS)
find_package(simdjson REQUIRED)
# libcrypto checks that the status server's TLS key matches its certificate (core/util/tlscredentials.h):
# Qt has no API for that. Qt's TLS backend loads the same library at run time.
find_package(OpenSSL 3 REQUIRED COMPONENTS Crypto)
