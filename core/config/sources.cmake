# Configuration (README, Configuration), included from core/CMakeLists.txt.
target_sources(tickstock_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/monitorconfig.h
    ${CMAKE_CURRENT_LIST_DIR}/configkeys.h ${CMAKE_CURRENT_LIST_DIR}/configkeys.cpp
    ${CMAKE_CURRENT_LIST_DIR}/configvalues.h ${CMAKE_CURRENT_LIST_DIR}/configvalues.cpp
    ${CMAKE_CURRENT_LIST_DIR}/envfile.h ${CMAKE_CURRENT_LIST_DIR}/envfile.cpp
    ${CMAKE_CURRENT_LIST_DIR}/universes.h ${CMAKE_CURRENT_LIST_DIR}/universes.cpp
    ${CMAKE_CURRENT_LIST_DIR}/configreader.h ${CMAKE_CURRENT_LIST_DIR}/configreader.cpp
    ${CMAKE_CURRENT_LIST_DIR}/configlayers.h ${CMAKE_CURRENT_LIST_DIR}/configlayers.cpp
    ${CMAKE_CURRENT_LIST_DIR}/configsections.h ${CMAKE_CURRENT_LIST_DIR}/configsections.cpp
    ${CMAKE_CURRENT_LIST_DIR}/configslots.h ${CMAKE_CURRENT_LIST_DIR}/configslots.cpp
    ${CMAKE_CURRENT_LIST_DIR}/configloader.h ${CMAKE_CURRENT_LIST_DIR}/configloader.cpp
    ${CMAKE_CURRENT_LIST_DIR}/configdescription.h ${CMAKE_CURRENT_LIST_DIR}/configdescription.cpp
)
# Last-resort location of universes.json when running from the build tree (universes.h).
target_compile_definitions(tickstock_core PRIVATE TICKSTOCK_SOURCE_RESOURCES_DIR="${PROJECT_SOURCE_DIR}/resources")
