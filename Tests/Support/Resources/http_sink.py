#!/usr/bin/env python3
"""A real HTTP server for the webhook tests: records every POST it answers, one JSON line each.

It listens on 127.0.0.1, on --port (0 = a free port chosen by the kernel), and once it accepts
connections writes the port it got into --port-file (written to a temporary name, then renamed).

Each request is recorded in --log as {"path": ..., "headers": {...}, "body": "..."} and the file is
flushed and fsynced before the answer is sent, so what a test reads has really arrived.

The answer depends on the path, for the failure tests:
    /status/NNN/...    answers HTTP NNN with a small JSON body (500, 429, 404 ...);
    /errcode/NNN/...   answers HTTP 200 with {"errcode": NNN, "errmsg": "..."} as WeCom and DingTalk robots do;
    anything else      answers HTTP 200 with {"errcode": 0, "errmsg": "ok"}.
"""
import argparse
import json
import os
import re
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            record = {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                      "body": body.decode("utf-8", errors="replace")}
            with open(args.log, "a", encoding="utf-8") as f:
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
                f.flush()
                os.fsync(f.fileno())
            status, answer = 200, {"errcode": 0, "errmsg": "ok"}
            m = re.match(r"^/status/(\d{3})", self.path)
            if m:
                status, answer = int(m.group(1)), {"error": "as asked"}
            m = re.match(r"^/errcode/(-?\d+)", self.path)
            if m:
                answer = {"errcode": int(m.group(1)), "errmsg": "as asked"}
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    ThreadingHTTPServer.allow_reuse_address = True
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(tmp, args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
