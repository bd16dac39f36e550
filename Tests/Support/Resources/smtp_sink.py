#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd) for the Mail tests: stores every accepted message in a maildir.

It listens on 127.0.0.1, on --port (0 = a free port chosen by the kernel), and once it accepts
connections writes the port it got into --port-file (written to a temporary name, then renamed).

Stored messages get three extra header lines at the top, so tests can see the envelope:
    X-Sink-Mail-From: <address>
    X-Sink-Rcpt-To: <address>, <address>
    X-Sink-TLS: TLSv1.3        (or "none" on a plain connection)

Behaviour switches, for the failure tests:
    recipients whose local part starts with "temp-fail" are refused with 451,
    recipients whose local part starts with "perm-fail" are refused with 550;
    a recipient whose local part starts with "shutdown" gets 421 and the connection is closed;
    --exit-after N     exits the whole process (no reply) at the MAIL FROM after N stored messages;
    --pipelining       advertises PIPELINING in the EHLO reply;
    --auth USER:PASS   offers AUTH (PLAIN and LOGIN, over plain TCP too) and requires it;
    --exclude-auth M   does not offer mechanism M (e.g. PLAIN, to make clients use LOGIN);
    --tls-cert/--tls-key  offer STARTTLS with this certificate;
    --implicit-tls     with the certificate: TLS from the first byte (smtps);
    --discard          accept messages but store nothing (for throughput runs).
"""
import argparse
import asyncio
import mailbox
import os
import ssl
import sys

try:
    from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword
except ImportError:
    sys.stderr.write("smtp_sink.py: the Python package aiosmtpd is missing: run `pip install aiosmtpd`\n")
    sys.exit(3)


class Handler:
    def __init__(self, args):
        self.box = None if args.discard else mailbox.Maildir(args.maildir, create=True)
        self.stored = 0
        self.exit_after = args.exit_after
        self.pipelining = args.pipelining

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.pipelining:
            responses.insert(len(responses) - 1, "250-PIPELINING")
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.exit_after is not None and self.stored >= self.exit_after:
            os._exit(0)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("temp-fail"):
            return f"451 4.3.0 Temporary failure for <{address}>"
        if local.startswith("perm-fail"):
            return f"550 5.1.1 No such user <{address}>"
        if local.startswith("shutdown"):
            await server.push("421 4.3.2 Service shutting down")
            server.transport.close()
            return "421 4.3.2 Closed"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.stored += 1
        if self.box is None:
            return f"250 OK discarded {self.stored}"
        tls = server.transport.get_extra_info("ssl_object")
        top = (
            f"X-Sink-Mail-From: {envelope.mail_from}\r\n"
            f"X-Sink-Rcpt-To: {', '.join(envelope.rcpt_tos)}\r\n"
            f"X-Sink-TLS: {tls.version() if tls is not None else 'none'}\r\n"
        ).encode("ascii")
        key = self.box.add(top + envelope.original_content)
        return f"250 OK queued as {key}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--maildir", default=None)
    parser.add_argument("--exit-after", type=int, default=None)
    parser.add_argument("--pipelining", action="store_true")
    parser.add_argument("--auth", default=None)
    parser.add_argument("--exclude-auth", action="append", default=[])
    parser.add_argument("--tls-cert", default=None)
    parser.add_argument("--tls-key", default=None)
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--discard", action="store_true")
    args = parser.parse_args()
    if not args.discard and not args.maildir:
        parser.error("--maildir is required unless --discard is given")

    handler = Handler(args)
    tls = None
    if args.tls_cert:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(args.tls_cert, args.tls_key)

    options = dict(hostname="sink.test", ident="smtp-sink")
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword)
                  and auth_data.login == user.encode() and auth_data.password == password.encode())
            return AuthResult(success=ok, handled=False)

        options.update(authenticator=authenticator, auth_required=True, auth_require_tls=False,
                       auth_exclude_mechanism=args.exclude_auth)
    if tls is not None and not args.implicit_tls:
        options.update(tls_context=tls)

    async def serve():
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            lambda: SMTP(handler, loop=loop, **options), "127.0.0.1", args.port,
            ssl=tls if args.implicit_tls else None)
        port = server.sockets[0].getsockname()[1]
        temporary = args.port_file + ".tmp"
        with open(temporary, "w") as f:
            f.write(f"{port}\n")
        os.replace(temporary, args.port_file)
        async with server:
            await server.serve_forever()

    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
