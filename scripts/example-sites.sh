#!/usr/bin/env bash
# Serves the example vendors' endpoints with a real nginx on 127.0.0.1, for the demo and the
# end-to-end tests:
#   bash scripts/example-sites.sh start DIR   make a test CA and certificates, start nginx; writes
#                                              DIR/ports ("vendor https_port http_port" lines)
#                                              and DIR/pki/ca.crt
#   bash scripts/example-sites.sh stop DIR    stop that nginx by its pid file
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cmd=${1:?start|stop}
dir=$(mkdir -p "${2:?DIR}" && cd "$2" && pwd)

stop() {
  if [[ -s $dir/nginx.pid ]] && kill -0 "$(cat "$dir/nginx.pid")" 2>/dev/null; then
    local pid; pid=$(cat "$dir/nginx.pid")
    kill -TERM "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$dir/nginx.pid"
}
if [[ $cmd == stop ]]; then stop; exit 0; fi

stop
mkdir -p "$dir/pki" "$dir/logs" "$dir/tmp"
pki=$dir/pki
if [[ ! -s $pki/server.crt ]]; then
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$pki/ca.key" -out "$pki/ca.crt" -days 3650 \
    -sha256 -subj "/CN=checker demo CA" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$pki/leaf.ext"
  openssl req -newkey rsa:2048 -nodes -keyout "$pki/server.key" -out "$pki/server.csr" \
    -subj "/CN=127.0.0.1" 2>/dev/null
  openssl x509 -req -in "$pki/server.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
    -out "$pki/server.crt" -days 397 -sha256 -extfile "$pki/leaf.ext" 2>/dev/null
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
expires=$(date -u -d '+180 days' +%Y-%m-%dT%H:%M:%SZ)
servers=""
: >"$dir/ports"
for conf in "$here"/examples/*/site.conf; do
  vendor=$(basename "$(dirname "$conf")")
  https=$(free_port); http=$(free_port)
  root=$dir/sites/$vendor
  mkdir -p "$root"
  cp -r "$here/examples/$vendor/site/." "$root/"
  if [[ -f $here/examples/$vendor/security-contact ]]; then  # security.txt, expiring in 180 days
    printf 'Contact: %s\nExpires: %s\nPreferred-Languages: ja, en\n' \
      "$(<"$here/examples/$vendor/security-contact")" "$expires" >"$root/security.txt"
  fi
  servers+=$(sed -e "s|@HTTPS_PORT@|$https|g" -e "s|@HTTP_PORT@|$http|g" -e "s|@CERT@|$pki/server.crt|g" \
    -e "s|@KEY@|$pki/server.key|g" -e "s|@ROOT@|$root|g" "$conf")$'\n'
  echo "$vendor $https $http" >>"$dir/ports"
done
cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 256; }
http {
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
$servers
}
CONF
nginx_bin=${CHECKER_NGINX:-/usr/sbin/nginx}
"$nginx_bin" -p "$dir/" -c "$dir/nginx.conf" 2>"$dir/logs/start.log" || { cat "$dir/logs/start.log" "$dir/logs/error.log" >&2; exit 1; }
while read -r _ https http; do
  for port in "$https" "$http"; do
    for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
  done
done <"$dir/ports"
