// Helpers for test/workloads/idle-chain.test.ts, run with node inside the test's namespace.
//   relay LISTEN_HOST PORT TARGET_HOST DELAY_MS   a TCP relay that delivers every chunk and every
//       close DELAY_MS late: the one-way latency of a network between a proxy and its backend,
//       which loopback lacks (this kernel has no netem). Prints READY.
//   load HOST PORT ROUNDS PAUSE_MS   ROUNDS GET requests, each on a new client connection, PAUSE_MS
//       apart; prints {"ok":N,"errors":N,"codes":{...}} on stdout.
import http from 'node:http';
import net from 'node:net';

const [mode, ...args] = process.argv.slice(2);

if (mode === 'relay') {
  const [listenHost, port, targetHost, delay] = [args[0], Number(args[1]), args[2], Number(args[3])];
  const later = (action) => setTimeout(action, delay);
  net
    .createServer((front) => {
      const back = net.connect(port, targetHost);
      front.on('data', (chunk) => later(() => back.writable && back.write(chunk)));
      back.on('data', (chunk) => later(() => front.writable && front.write(chunk)));
      front.on('end', () => later(() => back.end()));
      back.on('end', () => later(() => front.end()));
      // A reset from either side crosses as a reset, as late as the data.
      back.on('error', () => later(() => front.resetAndDestroy()));
      front.on('error', () => later(() => back.resetAndDestroy()));
    })
    .listen(port, listenHost, () => console.log('READY'));
} else if (mode === 'load') {
  const [host, port, rounds, pause] = [args[0], Number(args[1]), Number(args[2]), Number(args[3])];
  const result = { ok: 0, errors: 0, codes: {} };
  const count = (code) => {
    result.codes[code] = (result.codes[code] ?? 0) + 1;
    if (code === 200) result.ok++;
    else result.errors++;
  };
  const get = () =>
    new Promise((resolve) => {
      const request = http.get({ host, port, path: '/', agent: false }, (response) => {
        response.resume();
        response.on('end', () => resolve(count(response.statusCode)));
      });
      request.on('error', (error) => resolve(count(error.code ?? 'error')));
    });
  for (let i = 0; i < rounds; i++) {
    await get();
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
  console.log(JSON.stringify(result));
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
