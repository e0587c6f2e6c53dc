# feed: connections, the manager and the feed thread (docs/architecture.md).
target_sources(tickstock_core PRIVATE
    # feed: connections and the manager (feed thread)
    ${CMAKE_CURRENT_LIST_DIR}/backoff.h ${CMAKE_CURRENT_LIST_DIR}/backoff.cpp
    ${CMAKE_CURRENT_LIST_DIR}/ratewindow.h ${CMAKE_CURRENT_LIST_DIR}/ratewindow.cpp
    ${CMAKE_CURRENT_LIST_DIR}/latencyhistogram.h ${CMAKE_CURRENT_LIST_DIR}/latencyhistogram.cpp
    ${CMAKE_CURRENT_LIST_DIR}/symbolindex.h ${CMAKE_CURRENT_LIST_DIR}/symbolindex.cpp
    ${CMAKE_CURRENT_LIST_DIR}/tickconsumer.h
    ${CMAKE_CURRENT_LIST_DIR}/batchmailbox.h ${CMAKE_CURRENT_LIST_DIR}/batchmailbox.cpp
    ${CMAKE_CURRENT_LIST_DIR}/subscriptiontracker.h ${CMAKE_CURRENT_LIST_DIR}/subscriptiontracker.cpp
    ${CMAKE_CURRENT_LIST_DIR}/feedconnection.h ${CMAKE_CURRENT_LIST_DIR}/feedconnection.cpp
    ${CMAKE_CURRENT_LIST_DIR}/connectionmanager.h ${CMAKE_CURRENT_LIST_DIR}/connectionmanager.cpp
    ${CMAKE_CURRENT_LIST_DIR}/feedcontrol.h
    ${CMAKE_CURRENT_LIST_DIR}/feedservice.h ${CMAKE_CURRENT_LIST_DIR}/feedservice.cpp
)
