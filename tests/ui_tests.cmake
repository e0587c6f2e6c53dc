# Desktop dashboard tests: models, formatter and widgets offscreen (unit), the real app under Xvfb
# (integration). Skipped when the UI is not built (-DTICKSTOCK_BUILD_UI=OFF).
if(NOT TARGET tickstock_ui)
    return()
endif()
tickstock_add_test(tst_formatter LIBS TickStock::ui)
tickstock_add_test(tst_tickertablemodel LIBS TickStock::ui)
tickstock_add_test(tst_eventlogmodel LIBS TickStock::ui)
tickstock_add_test(tst_connectioncolumn LIBS TickStock::ui)
tickstock_add_test(tst_dashboard LIBS TickStock::ui TickStock::uiprobe)
tickstock_add_test(tst_uiprobe LIBS TickStock::uiprobe)
tickstock_add_test(tst_desktop_e2e LABEL integration TIMEOUT 180 LIBS TickStock::ui)
add_dependencies(tst_desktop_e2e tickstock-monitor)
