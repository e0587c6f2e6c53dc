# runtime: wires feed, publish, http and the simulator into one monitor.
target_sources(tickstock_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/monitorruntime.h ${CMAKE_CURRENT_LIST_DIR}/monitorruntime.cpp
)
