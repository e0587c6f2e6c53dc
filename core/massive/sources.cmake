# massive: the feed protocol codec (docs/protocol.md). Depends on nothing else in core.
target_sources(tickstock_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/events.h ${CMAKE_CURRENT_LIST_DIR}/events.cpp
    ${CMAKE_CURRENT_LIST_DIR}/frameparser.h ${CMAKE_CURRENT_LIST_DIR}/frameparser.cpp
    ${CMAKE_CURRENT_LIST_DIR}/clientmessages.h ${CMAKE_CURRENT_LIST_DIR}/clientmessages.cpp
    ${CMAKE_CURRENT_LIST_DIR}/ticknormaliser.h ${CMAKE_CURRENT_LIST_DIR}/ticknormaliser.cpp
)
