#!/bin/sh
# Debian packages the test suite needs. Installs the missing ones when run as root;
# otherwise says what to install.
set -e
missing=""
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing="$missing postgresql"
command -v msgfmt >/dev/null 2>&1 || missing="$missing gettext"
[ -x /usr/bin/chromium ] || missing="$missing chromium"  # tests/browser
command -v wrk >/dev/null 2>&1 || missing="$missing wrk"  # bench/ page serving
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
else
  echo "The tests need these Debian packages: $missing (sudo apt-get install$missing)" >&2
  exit 1
fi
