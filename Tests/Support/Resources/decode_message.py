#!/usr/bin/env python3
"""Decodes one stored message with Python's email package and prints what a mail reader would see, as JSON.

usage: decode_message.py FILE [HEADER…]   (each HEADER is also decoded and printed under "headers")
"""
import email
import email.policy
import json
import sys

raw = open(sys.argv[1], "rb").read()
message = email.message_from_bytes(raw, policy=email.policy.default)
sender = message["from"].addresses[0]
recipients = message["to"].addresses
print(json.dumps({
    "subject": str(message["subject"]),
    "fromName": sender.display_name,
    "fromAddress": sender.addr_spec,
    "toNames": [a.display_name for a in recipients],
    "toAddresses": [a.addr_spec for a in recipients],
    "body": message.get_content(),
    "contentType": message.get_content_type(),
    "charset": message.get_content_charset(),
    "transferEncoding": str(message["content-transfer-encoding"]),
    "messageID": str(message["message-id"]),
    "date": str(message["date"]),
    "defects": [type(d).__name__ for d in message.defects]
               + [type(d).__name__ for name in message.keys() for d in getattr(message[name], "defects", [])],
    "headers": {name: str(message[name]) for name in sys.argv[2:] if message[name] is not None},
}, ensure_ascii=False))
