#!/bin/sh
# Installs the external programs the test suite runs against (promtool, Prometheus,
# Alertmanager, node_exporter, VictoriaMetrics, InfluxDB, kubectl, Chromium, openssl,
# systemd-journal-remote) from Debian/Ubuntu
# packages when they are missing and this user may run apt-get. Otherwise it says what is missing: those tests then skip, except
# under CI=true, where they fail.
set -e
missing=""
command -v promtool >/dev/null 2>&1 || missing="$missing prometheus"
command -v prometheus-alertmanager >/dev/null 2>&1 || command -v alertmanager >/dev/null 2>&1 || missing="$missing prometheus-alertmanager"
command -v prometheus-node-exporter >/dev/null 2>&1 || command -v node_exporter >/dev/null 2>&1 || missing="$missing prometheus-node-exporter"
command -v openssl >/dev/null 2>&1 || missing="$missing openssl"
command -v victoria-metrics >/dev/null 2>&1 || missing="$missing victoria-metrics"
command -v influxd >/dev/null 2>&1 || missing="$missing influxdb"
command -v kubectl >/dev/null 2>&1 || missing="$missing kubernetes-client"
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing="$missing chromium"
[ -x /lib/systemd/systemd-journal-remote ] || [ -x /usr/lib/systemd/systemd-journal-remote ] || missing="$missing systemd-journal-remote"
[ -z "$missing" ] && exit 0

if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    SUDO=""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    SUDO="unavailable"
  fi
  if [ "$SUDO" != unavailable ]; then
    echo "installing test tools:$missing"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    exit 0
  fi
fi
echo "test tools not installed:$missing (apt-get install$missing); the tests that need them will skip" >&2
