# A mail server for tests, on Debian's python3-aiosmtpd. Usage:
#   python3 smtpd.py DIR PORT
# Each message it accepts is written to DIR/NNNN.eml, the envelope
# recipients first as "X-Test-Rcpt:" lines. DIR/mode, read per message,
# changes its answer: "accept" (or no file), "refuse" (550 on RCPT TO) or
# "hang" (never answers the end of DATA). Prints READY once listening and
# stops when its standard input closes.
import asyncio
import os
import sys

from aiosmtpd.controller import Controller

directory, port = sys.argv[1], int(sys.argv[2])


def mode():
    try:
        with open(os.path.join(directory, "mode")) as f:
            return f.read().strip()
    except FileNotFoundError:
        return "accept"


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if mode() == "refuse":
            return "550 5.1.1 Mailbox unavailable (test)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if mode() == "hang":
            await asyncio.sleep(3600)
        n = len([f for f in os.listdir(directory) if f.endswith(".eml")])
        tmp = os.path.join(directory, "%04d.tmp" % n)
        with open(tmp, "wb") as f:
            for r in envelope.rcpt_tos:
                f.write(("X-Test-Rcpt: %s\r\n" % r).encode())
            f.write(envelope.original_content)
        os.rename(tmp, os.path.join(directory, "%04d.eml" % n))
        return "250 OK"


controller = Controller(Handler(), hostname="127.0.0.1", port=port)
controller.start()
print("READY", flush=True)
try:
    sys.stdin.read()
finally:
    controller.stop()
