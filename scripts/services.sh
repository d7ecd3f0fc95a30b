#!/usr/bin/env bash
# Starts the services the tests use when they are not running:
# PostgreSQL on 127.0.0.1:5432 (trust auth, database "test").
set -euo pipefail

up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() {
	local name=$1 port=$2
	for _ in $(seq 1 60); do
		up "$port" && return 0
		sleep 0.5
	done
	echo "services: $name did not start on port $port" >&2
	return 1
}

if ! up 5432; then
	echo "services: starting PostgreSQL" >&2
	if command -v pg_ctlcluster >/dev/null; then
		pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
	else
		echo "services: PostgreSQL is not installed (apt-get install -y postgresql)" >&2
		exit 1
	fi
	wait_for PostgreSQL 5432
fi
