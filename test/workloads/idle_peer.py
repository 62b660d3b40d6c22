"""An idle connection through a middlebox, for test/workloads/idle-chain.test.ts. Standard library only.

  echo ADDR PORT                      a server that echoes what it receives; prints READY
  idle-send HOST PORT IDLE WAIT       connect with SO_KEEPALIVE (the kernel's tcp_keepalive_* apply:
                                      no per-socket override), stay idle IDLE s, send "ping", and
                                      wait up to WAIT s for the echo; prints "reply" or "no-reply"
"""
import socket
import sys
import threading
import time


def echo(addr, port):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((addr, port))
    server.listen(16)
    print("READY", flush=True)
    while True:
        conn, _ = server.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


def serve(conn):
    while True:
        data = conn.recv(4096)
        if not data:
            return
        conn.sendall(data)


def idle_send(host, port, idle, wait):
    conn = socket.create_connection((host, port))
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    time.sleep(idle)
    conn.sendall(b"ping\n")
    conn.settimeout(wait)
    try:
        data = conn.recv(4096)
        print("reply" if data else "closed", flush=True)
    except socket.timeout:
        print("no-reply", flush=True)
    except OSError as error:
        print("error %s" % error.errno, flush=True)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "echo":
        echo(sys.argv[2], int(sys.argv[3]))
    elif mode == "idle-send":
        idle_send(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]))
    else:
        sys.exit("unknown mode " + mode)
