# util: logging, signals, CPU check, secret masking, UTF-8 validation, TLS credentials, the RFC 6455 codec, the
# log rate limiter.
target_sources(tickstock_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/logging.h ${CMAKE_CURRENT_LIST_DIR}/logging.cpp
    ${CMAKE_CURRENT_LIST_DIR}/unixsignals.h ${CMAKE_CURRENT_LIST_DIR}/unixsignals.cpp
    ${CMAKE_CURRENT_LIST_DIR}/cpucheck.h ${CMAKE_CURRENT_LIST_DIR}/cpucheck.cpp
    ${CMAKE_CURRENT_LIST_DIR}/secretmasker.h ${CMAKE_CURRENT_LIST_DIR}/secretmasker.cpp
    ${CMAKE_CURRENT_LIST_DIR}/utf8validator.h ${CMAKE_CURRENT_LIST_DIR}/utf8validator.cpp
    ${CMAKE_CURRENT_LIST_DIR}/tlscredentials.h ${CMAKE_CURRENT_LIST_DIR}/tlscredentials.cpp
    ${CMAKE_CURRENT_LIST_DIR}/wscodec.h ${CMAKE_CURRENT_LIST_DIR}/wscodec.cpp
    ${CMAKE_CURRENT_LIST_DIR}/loglimiter.h ${CMAKE_CURRENT_LIST_DIR}/loglimiter.cpp
)
