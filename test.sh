#!/usr/bin/env bash
# Runs every test of EnergySom. Installs the Debian packages the integration tests need when they are
# missing (idempotent; through sudo when not root), then runs `dotnet test` on the solution.
# The tests start their own servers (InfluxDB, VictoriaMetrics, PostgreSQL, Modbus peers) on loopback,
# on free ports, in temporary folders, and stop them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

packages=(
  influxdb influxdb-client     # InfluxDB 1.x: line protocol /write and InfluxQL /query
  victoria-metrics             # a second real server for the v2 /api/v2/write path
  postgresql                   # ledger and contract store beyond one machine
  python3-pymodbus             # pymodbus meter simulator (Modbus peer)
  libmodbus-dev gcc pkg-config # libmodbus server built by the test setup (Modbus peer)
  mbpoll                       # reference Modbus master
  socat                        # virtual serial line for RTU
  curl
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "test.sh: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

dotnet test EnergySom.sln -c Release --nologo "$@"
