# status: the immutable snapshot, the plain values it holds, and its views (status JSON, metrics,
# readiness). Depends on massive only.
target_sources(tickstock_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/connectionstate.h ${CMAKE_CURRENT_LIST_DIR}/connectionstate.cpp
    ${CMAKE_CURRENT_LIST_DIR}/tickupdate.h
    ${CMAKE_CURRENT_LIST_DIR}/oncecache.h
    ${CMAKE_CURRENT_LIST_DIR}/statussnapshot.h ${CMAKE_CURRENT_LIST_DIR}/statussnapshot.cpp
    ${CMAKE_CURRENT_LIST_DIR}/statusview.h ${CMAKE_CURRENT_LIST_DIR}/statusview.cpp
    ${CMAKE_CURRENT_LIST_DIR}/tickertable.h ${CMAKE_CURRENT_LIST_DIR}/tickertable.cpp
    ${CMAKE_CURRENT_LIST_DIR}/snapshotstore.h ${CMAKE_CURRENT_LIST_DIR}/snapshotstore.cpp
    ${CMAKE_CURRENT_LIST_DIR}/statusjson.h ${CMAKE_CURRENT_LIST_DIR}/statusjson.cpp
    ${CMAKE_CURRENT_LIST_DIR}/prometheus.h ${CMAKE_CURRENT_LIST_DIR}/prometheus.cpp
    ${CMAKE_CURRENT_LIST_DIR}/readiness.h ${CMAKE_CURRENT_LIST_DIR}/readiness.cpp
)
