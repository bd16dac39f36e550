#!/usr/bin/env python3
"""A TCP forwarder for the outage tests: listens on 127.0.0.1 (--port, 0 = a free port, written into --port-file)
and forwards every connection to --target HOST:PORT. Killing it drops every connection at once, as a database
server that went away would; starting it again on the same port brings the database back."""
import argparse
import asyncio
import os


async def pipe(reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except Exception:
        pass
    finally:
        try:
            writer.close()
        except Exception:
            pass


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--target", required=True)
    args = parser.parse_args()
    host, port = args.target.rsplit(":", 1)

    async def handle(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection(host, int(port))
        except Exception:
            client_writer.close()
            return
        await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer))

    server = await asyncio.start_server(handle, "127.0.0.1", args.port, reuse_address=True)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.sockets[0].getsockname()[1]))
    os.rename(tmp, args.port_file)
    async with server:
        await server.serve_forever()


asyncio.run(main())
