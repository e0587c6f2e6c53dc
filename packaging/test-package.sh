#!/usr/bin/env bash
# Packaging test: builds the .deb, checks it with lintian, installs it, runs the installed
# binaries (--version, a 10-second headless demo that must reach streaming), verifies the systemd
# unit, purges the package and checks that nothing is left behind.
# Usage: packaging/test-package.sh BUILD_DIR      (as root or with sudo; changes the system)
set -euo pipefail
build="$(cd "${1:?usage: test-package.sh BUILD_DIR}" && pwd)"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

step "build the package"
rm -f "$build"/tickstock-monitor_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls "$build"/tickstock-monitor_*.deb)
echo "$deb"

step "lintian (errors fail the test)"
lintian --fail-on error --suppress-tags package-supports-alternative-init-but-no-init.d-script "$deb"

step "install"
if dpkg -s tickstock-monitor >/dev/null 2>&1; then $SUDO apt-get purge -y -qq tickstock-monitor >/dev/null; fi
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$deb" >/dev/null
for f in /usr/bin/tickstock-monitor /usr/bin/tickstock-feedsim /etc/tickstock-monitor/monitor.conf \
         /lib/systemd/system/tickstock-monitor.service /usr/share/applications/tickstock-monitor.desktop \
         /usr/share/icons/hicolor/256x256/apps/tickstock-monitor.png /usr/share/metainfo/io.github.tickstock.monitor.metainfo.xml \
         /usr/share/man/man1/tickstock-monitor.1.gz /usr/share/man/man1/tickstock-feedsim.1.gz \
         /usr/share/tickstock-monitor/universes.json /usr/share/doc/tickstock-monitor/copyright; do
    [[ -e "$f" ]] || fail "missing after install: $f"
done
getent passwd tickstock >/dev/null || fail "service user tickstock was not created"
[[ "$(stat -c '%U:%G %a' /etc/tickstock-monitor/monitor.conf)" == "root:tickstock 640" ]] \
    || fail "monitor.conf should be root:tickstock 640, is $(stat -c '%U:%G %a' /etc/tickstock-monitor/monitor.conf)"
grep -q "^/etc/tickstock-monitor/monitor.conf$" /var/lib/dpkg/info/tickstock-monitor.conffiles || fail "monitor.conf is not a conffile"

step "installed --version"
version=$(/usr/bin/tickstock-monitor --version)
echo "$version"
[[ "$version" == "tickstock-monitor $(dpkg-query -W -f='${Version}' tickstock-monitor) "* ]] || fail "version mismatch: $version"

step "installed headless demo reaches streaming within 10 s"
out=$(mktemp)
(cd / && timeout --preserve-status -s TERM 10 /usr/bin/tickstock-monitor --headless --demo --no-redis \
     --http-port 0 --status-interval 1 >"$out" 2>"$out.err") || true
streaming=$(grep -c '"phase":"streaming"' "$out" || true)
[[ "$streaming" -gt 0 ]] || { cat "$out.err" >&2; fail "no status line with a streaming connection"; }
grep -q "universe:market_leaders:top_50" "$out.err" || fail "the installed universes.json was not used"
echo "status lines with streaming connections: $streaming"
rm -f "$out" "$out.err"

step "systemd unit"
if command -v systemd-analyze >/dev/null; then
    systemd-analyze verify /lib/systemd/system/tickstock-monitor.service
    echo "systemd-analyze verify: ok"
else
    echo "systemd-analyze not available: skipped"
fi
[[ "$(systemctl is-enabled tickstock-monitor.service 2>/dev/null || true)" != "enabled" ]] || fail "the service must not be enabled automatically"

step "purge leaves nothing behind"
DEBIAN_FRONTEND=noninteractive $SUDO apt-get purge -y -qq tickstock-monitor >/dev/null
for f in /usr/bin/tickstock-monitor /usr/bin/tickstock-feedsim /etc/tickstock-monitor /usr/share/tickstock-monitor \
         /lib/systemd/system/tickstock-monitor.service /var/lib/tickstock-monitor /usr/share/doc/tickstock-monitor; do
    [[ ! -e "$f" ]] || fail "left behind after purge: $f"
done
! getent passwd tickstock >/dev/null || fail "user tickstock left behind after purge"
! dpkg -s tickstock-monitor >/dev/null 2>&1 || fail "package still known to dpkg"
echo "1 passed, 0 failed"
