# Qt 6.4 (Debian 12), hiredis via pkg-config, simdjson.
find_package(Qt6 6.4 REQUIRED COMPONENTS Core Network WebSockets HttpServer Test)
if(TICKSTOCK_BUILD_UI)
    find_package(Qt6 6.4 REQUIRED COMPONENTS Gui Widgets Charts)
endif()
find_package(PkgConfig REQUIRED)
pkg_check_modules(HIREDIS REQUIRED IMPORTED_TARGET hiredis)
add_library(TickStock::hiredis ALIAS PkgConfig::HIREDIS)
find_package(simdjson REQUIRED)
