#!/usr/bin/env python3
"""A scripted OpenAI-compatible Chat Completions server for evermed-ops's tests (loopback only).

    scripts/fake-llm.py SCRIPT.json LOG.jsonl

Prints its port on the first line of stdout, then serves POST /v1/chat/completions: the Nth request gets the
Nth reply of SCRIPT (the last one repeats). Each request is appended to LOG as one JSON line:
{"path", "headers": {...}, "body": <the parsed JSON body>}.

A reply is an object:
  {"status": 200, "headers": {"Retry-After": "0"}, "json": {...}}            a whole body
  {"sse": ["{...}", "{...}", "[DONE]"], "delay": 0.1}                         a stream, one event per item
  {"sse": [...], "close_early": true}                                        the stream stops without [DONE]
  {"raw": "not json"}                                                         a body that is not JSON
  {"sleep": 30, "json": {...}}                                                waits before answering
Helpers are resolved by the server: {"text": "..."} (a whole completion with that content, streamed when the
request asks for a stream),
{"tool": "check", "arguments": {...}} (a completion that calls one tool), {"stream_text": ["a", "b"]}.
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

script = json.load(open(sys.argv[1]))
log_path = sys.argv[2]
lock = threading.Lock()
count = [0]


def completion(message, finish="stop"):
    return {"id": "cmpl-test", "object": "chat.completion", "model": "fake",
            "choices": [{"index": 0, "message": message, "finish_reason": finish}]}


def expand(reply):
    if "text" in reply:
        return {"json": completion({"role": "assistant", "content": reply["text"]})}
    if "tool" in reply:
        call = {"id": "call_%d" % count[0], "type": "function",
                "function": {"name": reply["tool"], "arguments": json.dumps(reply.get("arguments", {}))}}
        return {"json": completion({"role": "assistant", "content": None, "tool_calls": [call]}, "tool_calls")}
    if "stream_text" in reply:
        events = [json.dumps({"choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]})
                  for piece in reply["stream_text"]]
        events.append(json.dumps({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}))
        events.append("[DONE]")
        return dict(reply, sse=events)
    return reply


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw)
        except ValueError:
            body = raw.decode("utf-8", "replace")
        with lock:
            index = count[0]
            count[0] += 1
            with open(log_path, "a") as log:
                log.write(json.dumps({"path": self.path, "headers": dict(self.headers), "body": body}) + "\n")
        reply = script[min(index, len(script) - 1)]
        # A plain text reply to a request that asked to stream is streamed, as a real server would.
        if "text" in reply and isinstance(body, dict) and body.get("stream"):
            reply = {"stream_text": [reply["text"]]}
        reply = expand(reply)
        if reply.get("sleep"):
            time.sleep(reply["sleep"])
        status = reply.get("status", 200)
        if "sse" in reply:
            self.send_response(status)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            for i, event in enumerate(reply["sse"]):
                if reply.get("close_early") and i == len(reply["sse"]) - 1:
                    break
                self.wfile.write(("data: %s\n\n" % event).encode())
                self.wfile.flush()
                time.sleep(reply.get("delay", 0))
            self.close_connection = True
            return
        data = reply["raw"].encode() if "raw" in reply else json.dumps(reply.get("json", {})).encode()
        self.send_response(status)
        for k, v in reply.get("headers", {}).items():
            self.send_header(k, v)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
