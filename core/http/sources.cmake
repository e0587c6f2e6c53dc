# The embedded HTTP status server (docs/http-api.md); included from core/CMakeLists.txt.
target_sources(tickstock_core PRIVATE
    # http: messages, parser, errors, security, routes (pure, no sockets)
    ${CMAKE_CURRENT_LIST_DIR}/httpmessage.h ${CMAKE_CURRENT_LIST_DIR}/httpmessage.cpp
    ${CMAKE_CURRENT_LIST_DIR}/httperror.h ${CMAKE_CURRENT_LIST_DIR}/httperror.cpp
    ${CMAKE_CURRENT_LIST_DIR}/requestparser.h ${CMAKE_CURRENT_LIST_DIR}/requestparser.cpp
    ${CMAKE_CURRENT_LIST_DIR}/addressprefix.h ${CMAKE_CURRENT_LIST_DIR}/addressprefix.cpp
    ${CMAKE_CURRENT_LIST_DIR}/auth.h ${CMAKE_CURRENT_LIST_DIR}/auth.cpp
    ${CMAKE_CURRENT_LIST_DIR}/routes.h ${CMAKE_CURRENT_LIST_DIR}/routes.cpp
    ${CMAKE_CURRENT_LIST_DIR}/dispatcher.h ${CMAKE_CURRENT_LIST_DIR}/dispatcher.cpp
    ${CMAKE_CURRENT_LIST_DIR}/httpcounters.h ${CMAKE_CURRENT_LIST_DIR}/httpcounters.cpp
    ${CMAKE_CURRENT_LIST_DIR}/streamevents.h ${CMAKE_CURRENT_LIST_DIR}/streamevents.cpp
    ${CMAKE_CURRENT_LIST_DIR}/wsframe.h ${CMAKE_CURRENT_LIST_DIR}/wsframe.cpp
    # http: transport on the HTTP thread
    ${CMAKE_CURRENT_LIST_DIR}/serveroptions.h
    ${CMAKE_CURRENT_LIST_DIR}/httpsession.h ${CMAKE_CURRENT_LIST_DIR}/httpsession.cpp
    ${CMAKE_CURRENT_LIST_DIR}/streamclient.h ${CMAKE_CURRENT_LIST_DIR}/streamclient.cpp
    ${CMAKE_CURRENT_LIST_DIR}/livestream.h ${CMAKE_CURRENT_LIST_DIR}/livestream.cpp
    ${CMAKE_CURRENT_LIST_DIR}/tlsserver.h ${CMAKE_CURRENT_LIST_DIR}/tlsserver.cpp
    ${CMAKE_CURRENT_LIST_DIR}/httpworker.h ${CMAKE_CURRENT_LIST_DIR}/httpworker.cpp
    ${CMAKE_CURRENT_LIST_DIR}/statusserver.h ${CMAKE_CURRENT_LIST_DIR}/statusserver.cpp
)
