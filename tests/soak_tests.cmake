# The 1-minute soak (scripts/soak --smoke, docs/testing.md "Soak"), included from tests/CMakeLists.txt:
# the real monitor, tickstock-feedsim and redis-server as separate processes, a fault every few
# seconds, then every counter reconciled. It fails when the monitor crashes or hangs, leaks fds or
# threads, or a counter does not reconcile; the RSS slope is only reported at this length.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND AND TARGET tickstock-monitor AND TARGET tickstock-feedsim)
    add_test(NAME tst_soak_smoke
             COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/soak --smoke --seed 1
                     --build-dir ${PROJECT_BINARY_DIR} --out ${PROJECT_BINARY_DIR}/soak-smoke)
    set_tests_properties(tst_soak_smoke PROPERTIES
        LABELS "integration;soak"
        TIMEOUT 150
        ENVIRONMENT "QT_LOGGING_RULES=*.debug=false")
endif()
