target_sources(tickstock_core PRIVATE
    # feed: connections and the manager (feed thread)
    ${CMAKE_CURRENT_LIST_DIR}/backoff.h ${CMAKE_CURRENT_LIST_DIR}/backoff.cpp
    ${CMAKE_CURRENT_LIST_DIR}/ratewindow.h ${CMAKE_CURRENT_LIST_DIR}/ratewindow.cpp
    ${CMAKE_CURRENT_LIST_DIR}/latencyhistogram.h ${CMAKE_CURRENT_LIST_DIR}/latencyhistogram.cpp
    ${CMAKE_CURRENT_LIST_DIR}/symbolindex.h ${CMAKE_CURRENT_LIST_DIR}/symbolindex.cpp
    ${CMAKE_CURRENT_LIST_DIR}/tickconsumer.h
    ${CMAKE_CURRENT_LIST_DIR}/batchmailbox.h ${CMAKE_CURRENT_LIST_DIR}/batchmailbox.cpp
    ${CMAKE_CURRENT_LIST_DIR}/feedconnection.h ${CMAKE_CURRENT_LIST_DIR}/feedconnection.cpp
    ${CMAKE_CURRENT_LIST_DIR}/connectionmanager.h ${CMAKE_CURRENT_LIST_DIR}/connectionmanager.cpp
    ${CMAKE_CURRENT_LIST_DIR}/feedservice.h ${CMAKE_CURRENT_LIST_DIR}/feedservice.cpp
    # status: snapshot and its JSON, and the plain values it holds
    ${CMAKE_CURRENT_LIST_DIR}/../status/connectionstate.h ${CMAKE_CURRENT_LIST_DIR}/../status/connectionstate.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../status/tickupdate.h
    ${CMAKE_CURRENT_LIST_DIR}/../status/statussnapshot.h ${CMAKE_CURRENT_LIST_DIR}/../status/statussnapshot.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../status/tickertable.h ${CMAKE_CURRENT_LIST_DIR}/../status/tickertable.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../status/snapshotstore.h ${CMAKE_CURRENT_LIST_DIR}/../status/snapshotstore.cpp
    ${CMAKE_CURRENT_LIST_DIR}/../status/statusjson.h ${CMAKE_CURRENT_LIST_DIR}/../status/statusjson.cpp
)
target_sources(tickstock_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/../runtime/monitorruntime.h ${CMAKE_CURRENT_LIST_DIR}/../runtime/monitorruntime.cpp)
