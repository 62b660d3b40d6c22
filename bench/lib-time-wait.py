"""
Makes N TCP sockets in TIME_WAIT on loopback for bench/states-live.ts, then exits (TIME_WAIT
outlives its process: the kernel keeps each one 60 s). Run it ONLY inside `unshare --net` with lo
up: it refuses to run in the initial network namespace, because it raises tcp_max_tw_buckets
there.

How: listeners on ports below 1024 (root only), so that no client port can collide with them;
for each listener, clients bind explicit ports 1024..65535 and connect, the server accepts, and
the client closes first, so the client's 4-tuple enters TIME_WAIT. An explicit bind() skips the
kernel's ephemeral-port search, which slows to a crawl once most ports hold TIME_WAIT sockets
(300,000 sockets took 64 s that way, about 10 s like this). SO_REUSEADDR lets a port that
already has a TIME_WAIT socket (towards another listener) be bound again. Loops are bounded by N.

Usage: python3 lib-time-wait.py N [FIRST_LISTENER_PORT]; prints "made N in S s" on stdout.
Several makers can run at once (one per core) when each gets its own listener ports.
"""
import os, socket, sys, time

if os.path.exists('/proc/sys/net/ipv4/tcp_max_orphans'):
    sys.exit('lib-time-wait.py: refusing to run in the initial network namespace; use unshare --net')

N = int(sys.argv[1])
FIRST_LISTENER = int(sys.argv[2]) if len(sys.argv) > 2 else 900
PORTS_PER_LISTENER = 65535 - 1024 + 1
LISTENER_PORTS = [FIRST_LISTENER + i for i in range((N + PORTS_PER_LISTENER - 1) // PORTS_PER_LISTENER)]
if N < 1 or FIRST_LISTENER < 1 or LISTENER_PORTS[-1] > 1023:
    sys.exit('lib-time-wait.py: N must be at least 1, and listener ports stay within 1..1023 (clients use 1024..65535)')

# The default cap is ehash/2 (131072 on a 24 GiB host); past it a closing socket skips TIME_WAIT.
# One fixed value far above any size the benchmark makes, so that makers running at once agree.
with open('/proc/sys/net/ipv4/tcp_max_tw_buckets', 'w') as f:
    f.write('4000000')

started = time.monotonic()
made = 0
for listener_port in LISTENER_PORTS:
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(('127.0.0.1', listener_port))
    server.listen(128)
    for client_port in range(1024, 65536):
        if made == N:
            break
        client = socket.socket()
        client.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        client.bind(('127.0.0.1', client_port))
        client.connect(('127.0.0.1', listener_port))
        accepted, _ = server.accept()
        client.close()
        accepted.close()
        made += 1
    server.close()
print(f'made {made} in {time.monotonic() - started:.1f} s', flush=True)
