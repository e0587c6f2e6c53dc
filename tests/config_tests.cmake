# Configuration tests (README, Configuration), included from tests/CMakeLists.txt. Hermetic: unit.
tickstock_add_test(tst_config)
tickstock_add_test(tst_config_envfile)
tickstock_add_test(tst_config_universes)
