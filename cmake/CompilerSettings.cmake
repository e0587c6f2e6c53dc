# One INTERFACE target carries the language level, warnings and Qt defines for every target.
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_AUTOMOC ON)
if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
    set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

add_library(tickstock_settings INTERFACE)
add_library(TickStock::settings ALIAS tickstock_settings)
target_compile_features(tickstock_settings INTERFACE cxx_std_20)
# -Wpedantic and -Wold-style-cast: standard C++ only, and every cast says which kind it is.
target_compile_options(tickstock_settings INTERFACE -Wall -Wextra -Wpedantic -Wold-style-cast -fstack-protector-strong)
# Hardening as Debian builds packages: fortified libc calls (needs optimisation), full RELRO.
target_compile_definitions(tickstock_settings INTERFACE $<$<NOT:$<CONFIG:Debug>>:_FORTIFY_SOURCE=2>)
target_link_options(tickstock_settings INTERFACE -Wl,-z,relro -Wl,-z,now)
target_compile_definitions(tickstock_settings INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_USE_QSTRINGBUILDER
    TICKSTOCK_VERSION="${PROJECT_VERSION}")
