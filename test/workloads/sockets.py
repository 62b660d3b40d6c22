"""Small servers and clients for the workload tests (test/workloads/*.test.ts): the
misbehaving applications nginx and the load tools cannot play. Standard library only.

  listen ADDR PORT BACKLOG MODE   a listener; MODE:
      slow    accept() one connection every 0.2 s, then serve it as close does (too slow for its load)
      hold    accept() at once, read to end of stream, never close() (a CLOSE_WAIT leak)
      close   accept() at once, read to end of stream, then close() (a well-behaved server)
      never   never accept() (a hung application)
  connect-close HOST PORT N       N connections, each closed by us right away (the client closes
                                  first); prints "ok=K failed=F {errno: count}" on stdout
  connect-hold HOST PORT N        N non-blocking connect()s, held open (those a full queue drops
                                  stay in SYN_SENT); prints READY, runs until killed
Servers print READY once listening and run until killed.
"""
import errno
import socket
import sys
import threading
import time


def listen(addr, port, backlog, mode):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((addr, port))
    server.listen(backlog)
    print("READY", flush=True)
    held = []
    while mode == "never":
        time.sleep(1)
    while True:
        conn, _ = server.accept()
        if mode == "slow":
            threading.Thread(target=drain_and_close, args=(conn,), daemon=True).start()
            time.sleep(0.2)
        elif mode == "hold":
            held.append(conn)
        else:
            threading.Thread(target=drain_and_close, args=(conn,), daemon=True).start()


def drain_and_close(conn):
    try:
        while conn.recv(4096):
            pass
    finally:
        conn.close()


def connect_close(host, port, count):
    ok = 0
    failures = {}
    for _ in range(count):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.connect((host, port))
            ok += 1
        except OSError as error:
            name = errno.errorcode.get(error.errno, str(error.errno))
            failures[name] = failures.get(name, 0) + 1
        finally:
            sock.close()
    print("ok=%d failed=%d %r" % (ok, sum(failures.values()), failures), flush=True)


def connect_hold(host, port, count):
    held = []
    for _ in range(count):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        sock.connect_ex((host, port))
        held.append(sock)
    print("READY", flush=True)
    while True:
        time.sleep(1)


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "listen":
        listen(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    elif command == "connect-hold":
        connect_hold(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif command == "connect-close":
        connect_close(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit("unknown command %s" % command)
