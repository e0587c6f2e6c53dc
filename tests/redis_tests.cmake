# Redis output tests (docs/redis.md), included from tests/CMakeLists.txt.
# unit: hermetic; integration: each starts its own redis-server on a free port (tests/redisfixture.h).
tickstock_add_test(tst_tickmessage)
tickstock_add_test(tst_ticknormaliser)
tickstock_add_test(tst_tickqueue)
tickstock_add_test(tst_redispublisher LABEL integration TIMEOUT 120 LIBS TickStock::hiredis)
tickstock_add_test(tst_redisfeed LABEL integration TIMEOUT 120 LIBS TickStock::hiredis)
tickstock_add_test(tst_redisuniverses LABEL integration TIMEOUT 120 LIBS TickStock::hiredis)
