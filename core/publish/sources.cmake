# publish: Redis output (docs/redis.md), included from core/CMakeLists.txt.
target_sources(tickstock_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/tick.h ${CMAKE_CURRENT_LIST_DIR}/tick.cpp
    ${CMAKE_CURRENT_LIST_DIR}/tickmessage.h ${CMAKE_CURRENT_LIST_DIR}/tickmessage.cpp
    ${CMAKE_CURRENT_LIST_DIR}/tickqueue.h ${CMAKE_CURRENT_LIST_DIR}/tickqueue.cpp
    ${CMAKE_CURRENT_LIST_DIR}/resp.h ${CMAKE_CURRENT_LIST_DIR}/resp.cpp
    ${CMAKE_CURRENT_LIST_DIR}/qtredisadapter.h ${CMAKE_CURRENT_LIST_DIR}/qtredisadapter.cpp
    ${CMAKE_CURRENT_LIST_DIR}/redisworker.h ${CMAKE_CURRENT_LIST_DIR}/redisworker.cpp
    ${CMAKE_CURRENT_LIST_DIR}/redispublisher.h ${CMAKE_CURRENT_LIST_DIR}/redispublisher.cpp
    ${CMAKE_CURRENT_LIST_DIR}/redisuniverses.h ${CMAKE_CURRENT_LIST_DIR}/redisuniverses.cpp
)
