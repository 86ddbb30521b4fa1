#!/usr/bin/env bash
# Runs the whole test suite (unit, parity, headless SciJava, ImageJ 1 macros under Xvfb, end-to-end demo), then packages
# the plugin, installs it into fresh Fiji and ImageJ folders and runs it there (InstallIT): hence verify, not test.
set -euo pipefail
cd "$(dirname "$0")"
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null 2>&1; then
	exec xvfb-run -a -s "-screen 0 1280x1024x24" mvn -B verify "$@"
fi
exec mvn -B verify "$@"
