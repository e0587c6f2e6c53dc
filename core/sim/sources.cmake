# The feed simulator (docs/protocol.md), included from core/CMakeLists.txt.
target_sources(tickstock_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/simconfig.h ${CMAKE_CURRENT_LIST_DIR}/simconfig.cpp
    ${CMAKE_CURRENT_LIST_DIR}/simcounters.h ${CMAKE_CURRENT_LIST_DIR}/simcounters.cpp
    ${CMAKE_CURRENT_LIST_DIR}/wsserver.h ${CMAKE_CURRENT_LIST_DIR}/wsserver.cpp
    ${CMAKE_CURRENT_LIST_DIR}/marketlist.h ${CMAKE_CURRENT_LIST_DIR}/marketlist.cpp
    ${CMAKE_CURRENT_LIST_DIR}/marketmodel.h ${CMAKE_CURRENT_LIST_DIR}/marketmodel.cpp
    ${CMAKE_CURRENT_LIST_DIR}/eventwriter.h ${CMAKE_CURRENT_LIST_DIR}/eventwriter.cpp
    ${CMAKE_CURRENT_LIST_DIR}/feedsimulator.h ${CMAKE_CURRENT_LIST_DIR}/feedsimulator.cpp
    ${CMAKE_CURRENT_LIST_DIR}/simulatorthread.h ${CMAKE_CURRENT_LIST_DIR}/simulatorthread.cpp
)
