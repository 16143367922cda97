# Sourced by the benches that serve files from nginx on 127.0.0.1 (bench/daemon,
# bench/fetch): the Debian packages they need, a free port, and one nginx that
# keeps everything (pid, logs, temp files) under the bench's work dir, so it runs
# beside any system nginx and as any user.

# Installs what the benches use (nginx, curl, /usr/bin/time, bc) only if dpkg says
# it is missing; sets NGINX to the binary.
loopback_nginx_packages() {
  local need=() pkg sudo=""
  for pkg in nginx curl time bc; do dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg"); done
  if [ ${#need[@]} -gt 0 ]; then
    echo "installing: ${need[*]}" >&2
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  NGINX=$(command -v nginx || echo /usr/sbin/nginx)
}

# A port free on 127.0.0.1 now (the kernel's choice for port 0), for a server the
# bench must name before it starts (nginx cannot report the port it bound).
loopback_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# loopback_nginx_start WORK PORT PROBE MAIN HTTP SERVER
# Serves WORK/www on 127.0.0.1:PORT with nginx in the background, its files under
# WORK/nginx; returns once GET PROBE (a path) answers, or after 10 s of trying.
# MAIN, HTTP and SERVER are the bench's own directives for those contexts (e.g.
# "worker_processes 2;", "etag on;", "location /e/ { etag on; }").
# Sets LOOPBACK_NGINX_PID for the bench's cleanup to kill.
loopback_nginx_start() {
  local work=$1 port=$2 probe=$3 main=$4 http=$5 server=$6
  chmod 755 "$work"   # nginx's workers run as nobody when started by root
  chmod -R a+rX "$work/www"
  mkdir -p "$work/nginx/logs" "$work/nginx/tmp"
  cat >"$work/nginx/nginx.conf" <<NGINX
daemon off;
$main
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 8192; }
http {
    access_log off;
    sendfile on;
    keepalive_requests 1000000;
    gzip off;
    default_type application/rss+xml;
    client_body_temp_path $work/nginx/tmp/body;
    proxy_temp_path $work/nginx/tmp/proxy;
    fastcgi_temp_path $work/nginx/tmp/fastcgi;
    uwsgi_temp_path $work/nginx/tmp/uwsgi;
    scgi_temp_path $work/nginx/tmp/scgi;
$http
    server {
        listen 127.0.0.1:$port;
        root $work/www;
$server
    }
}
NGINX
  "$NGINX" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/logs/error.log" &
  LOOPBACK_NGINX_PID=$!
  local _
  for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$port$probe" && break; sleep 0.1; done
}
