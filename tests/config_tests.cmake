# Configuration tests, included from tests/CMakeLists.txt. Hermetic: unit (tst_config_tls runs the
# openssl CLI for its certificates: integration).
tickstock_add_test(tst_config)
tickstock_add_test(tst_config_envfile)
tickstock_add_test(tst_config_universes)
tickstock_add_test(tst_config_tls LABEL integration)
