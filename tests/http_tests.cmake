# HTTP status server tests (core/http, core/status/prometheus, core/status/readiness).
tickstock_add_test(tst_httpparser)
tickstock_add_test(tst_httproutes)
tickstock_add_test(tst_httpserver LABEL integration TIMEOUT 120)
tickstock_add_test(tst_httplivestream LABEL integration TIMEOUT 120)
tickstock_add_test(tst_httphardening LABEL integration TIMEOUT 180)
tickstock_add_test(tst_httpwsprotocol LABEL integration TIMEOUT 120)
tickstock_add_test(tst_httptls LABEL integration TIMEOUT 120)
