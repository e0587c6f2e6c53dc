# Feed simulator tests (included from tests/CMakeLists.txt): a socket-free unit test, then
# integration tests over real loopback sockets (and the tickstock-feedsim binary).
tickstock_add_test(tst_feedsim_config LABEL unit)
tickstock_add_test(tst_feedsim_handshake LABEL integration TIMEOUT 60)
tickstock_add_test(tst_feedsim_data LABEL integration TIMEOUT 90)
tickstock_add_test(tst_feedsim_faults LABEL integration TIMEOUT 90)
tickstock_add_test(tst_feedsim_firehose LABEL integration TIMEOUT 90)
tickstock_add_test(tst_feedsim_cli LABEL integration TIMEOUT 60)
add_dependencies(tst_feedsim_cli tickstock-feedsim)
