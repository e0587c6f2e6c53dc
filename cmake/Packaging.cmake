# Install layout and the CPack DEB package `tickstock-monitor` (docs/operations.md).
#   cmake --build build --target package      → build/tickstock-monitor_<version>_<arch>.deb
include(GNUInstallDirs)

set(TS_RES "${PROJECT_SOURCE_DIR}/resources")
set(TS_PKG "${PROJECT_SOURCE_DIR}/packaging")

# Man pages and the changelog are installed gzip-compressed (-n: reproducible).
set(TS_GZ_DIR "${PROJECT_BINARY_DIR}/packaging")
set(TS_GZ_OUTPUTS)
foreach(src IN ITEMS man/tickstock-monitor.1 man/tickstock-feedsim.1 debian/changelog)
    get_filename_component(name "${src}" NAME)
    set(out "${TS_GZ_DIR}/${name}.gz")
    add_custom_command(OUTPUT "${out}"
        COMMAND ${CMAKE_COMMAND} -E make_directory "${TS_GZ_DIR}"
        COMMAND gzip -9n -c "${TS_PKG}/${src}" > "${out}"
        DEPENDS "${TS_PKG}/${src}" VERBATIM)
    list(APPEND TS_GZ_OUTPUTS "${out}")
endforeach()
add_custom_target(packaging_files ALL DEPENDS ${TS_GZ_OUTPUTS})

install(FILES "${TS_GZ_DIR}/tickstock-monitor.1.gz" "${TS_GZ_DIR}/tickstock-feedsim.1.gz"
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT runtime)
install(FILES "${TS_RES}/tickstock-monitor.desktop" DESTINATION ${CMAKE_INSTALL_DATADIR}/applications COMPONENT runtime)
install(FILES "${TS_RES}/io.github.tickstock.monitor.metainfo.xml" DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo
        COMPONENT runtime)
foreach(size IN ITEMS 48 128 256)
    install(FILES "${TS_RES}/icons/tickstock-monitor-${size}.png"
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps
            RENAME tickstock-monitor.png COMPONENT runtime)
endforeach()
install(FILES "${TS_RES}/icons/tickstock-monitor.svg" DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
        COMPONENT runtime)
install(FILES "${TS_RES}/universes.json" DESTINATION ${CMAKE_INSTALL_DATADIR}/tickstock-monitor COMPONENT runtime)
install(FILES "${TS_PKG}/debian/copyright" "${TS_GZ_DIR}/changelog.gz"
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/tickstock-monitor COMPONENT runtime)

# System files: absolute paths, as the package installs them.
option(TICKSTOCK_INSTALL_SYSTEM_FILES "Install /etc/tickstock-monitor and the systemd unit" ON)
if(TICKSTOCK_INSTALL_SYSTEM_FILES)
    install(FILES "${TS_RES}/monitor.conf" DESTINATION /etc/tickstock-monitor COMPONENT runtime)
    install(FILES "${TS_PKG}/tickstock-monitor.service" DESTINATION /lib/systemd/system COMPONENT runtime)
endif()

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "tickstock-monitor")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "TickStock")
set(CPACK_PACKAGE_CONTACT "TickStock Engineering <engineering@tickstock.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "monitor for Massive.com market-data WebSocket feeds")
set(CPACK_PACKAGE_DESCRIPTION
"TickStock Monitor holds several concurrent Massive.com (formerly Polygon.io)
WebSocket feed connections, each with its own ticker set, and shows each one
live in a desktop dashboard. Every tick is republished to Redis, and an
embedded HTTP server serves the status as JSON, Prometheus metrics, health
checks and a live event stream. It also runs headless as a systemd service.
A built-in Massive-compatible simulator (tickstock-feedsim) lets it run
offline with no API key.")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# dpkg-shlibdeps misses the platform plugin Qt loads at run time.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins, adduser")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "redis-server")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${TS_PKG}/debian/postinst;${TS_PKG}/debian/prerm;${TS_PKG}/debian/postrm;${TS_PKG}/debian/conffiles")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEB_COMPONENT_INSTALL OFF)
include(CPack)

# The packaging test installs and purges the .deb on this machine: opt-in (scripts/test turns it on
# under CI=true, or with TICKSTOCK_PACKAGE_TEST=1).
option(TICKSTOCK_PACKAGE_TEST "Register the packaging test (installs and purges the .deb; root or sudo)" OFF)
if(TICKSTOCK_PACKAGE_TEST AND TICKSTOCK_BUILD_TESTS)
    add_test(NAME tst_packaging COMMAND bash "${TS_PKG}/test-package.sh" "${PROJECT_BINARY_DIR}")
    set_tests_properties(tst_packaging PROPERTIES LABELS packaging TIMEOUT 900 RUN_SERIAL ON)
endif()
