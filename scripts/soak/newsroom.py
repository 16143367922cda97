#!/usr/bin/env python3
"""The soak's news sites: FEEDS RSS feeds on 127.0.0.1 whose items change every
PERIOD seconds, with ETag/Last-Modified so unchanged polls are answered 304,
and a webhook receiver that answers 200 and counts idempotency keys.

    newsroom.py FEEDS PERIOD FEED_PORT HOOK_PORT

Each generation adds one item to every feed (about 1 in 20 mentions
"DeepSeek" and "distillation", so the soak's rule fires); a feed keeps its
last 20 items. Only the Python standard library is used.
"""
import hashlib
import http.server
import random
import sys
import threading
import time

FEEDS, PERIOD, FEED_PORT, HOOK_PORT = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
KEEP = 20
START = time.time()
WORDS = ("harbour council budget river senate tariff grain pipeline festival courthouse railway drought vaccine "
         "election satellite quarry lender orchard refinery glacier ministry shipyard tribunal harvest telescope "
         "bakery museum stadium airline brewery parliament factory coastline reservoir lighthouse monastery").split()


def generation():
    return int((time.time() - START) // PERIOD)


def item(feed, n):
    rnd = random.Random(feed * 1_000_003 + n)
    words = [rnd.choice(WORDS) for _ in range(60)]
    text = " ".join(words)
    if rnd.random() < 0.05:
        text += ". Analysts say DeepSeek relied on knowledge distillation of rival models."
    guid = f"f{feed}-g{n}"
    return (f"<item><guid>{guid}</guid><title>{words[0].capitalize()} {words[1]} {words[2]} {n}</title>"
            f"<link>https://soak.test/{guid}</link><description>{text}</description></item>")


def feed_document(feed, gen):
    items = "".join(item(feed, n) for n in range(gen, max(-1, gen - KEEP), -1))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Soak feed {feed}</title>'
            f"<link>https://soak.test/{feed}</link>{items}</channel></rss>").encode()


class Feeds(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        try:
            feed = int(self.path.strip("/").split(".")[0].split("-")[1])
        except (IndexError, ValueError):
            self.send_error(404)
            return
        gen = generation()
        etag = f'"{feed}-{gen}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = feed_document(feed, gen)
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Hook(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    keys = set()
    lock = threading.Lock()

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with Hook.lock:
            Hook.keys.add(self.headers.get("Idempotency-Key", ""))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024


if __name__ == "__main__":
    for handler, port in ((Feeds, FEED_PORT), (Hook, HOOK_PORT)):
        threading.Thread(target=Server(("127.0.0.1", port), handler).serve_forever, daemon=True).start()
    print(f"newsroom: {FEEDS} feeds on 127.0.0.1:{FEED_PORT}, a new item each every {PERIOD:g} s; hook on :{HOOK_PORT}", flush=True)
    while True:
        time.sleep(3600)
