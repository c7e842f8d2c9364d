#!/usr/bin/env bash
# Makes sure PostgreSQL, Redis and RabbitMQ answer on loopback (the scale-out tests use them).
# Starts any that is installed but down, with the same commands the CI machines use.
set -uo pipefail

up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_for() { for _ in $(seq 1 60); do up "$1" && return 0; sleep 1; done; echo "$2 did not start on port $1" >&2; return 1; }

status=0
if ! up 5432; then
  echo "Starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  wait_for 5432 PostgreSQL || status=1
fi
if ! up 6379; then
  echo "Starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  wait_for 6379 Redis || status=1
fi
if ! up 5672; then
  echo "Starting RabbitMQ"
  rabbitmq-server -detached || true
  wait_for 5672 RabbitMQ || status=1
fi
exit $status
