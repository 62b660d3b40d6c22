/**
 * review of 1,000 files in the formats pull requests change (YAML-heavy: Kubernetes manifests,
 * Ansible task files, compose files, plus TuneD profiles, shell scripts and sysctl.d files),
 * named on the command line, timed beside Debian's `yamllint` on the same files (a YAML linter
 * reads every file once: the cost of looking at them at all). Target: review ≤ 1 × yamllint.
 * Without yamllint the review is timed alone and the target is reported as not measured.
 * Run: node dist/bench/review-mixed.js [--runs N] [--files N]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_BIN as CLI } from './lib-bin.js';
import { interleaved, median, reportTargets, type Contender } from './lib-timing.js';

const option = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(name) + 1]) || fallback;
const RUNS = option('--runs', 5);
const FILES = option('--files', 1000);

function manifest(i: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  labels:
    app: app-${i}
    tier: backend
spec:
  replicas: ${1 + (i % 5)}
  selector:
    matchLabels:
      app: app-${i}
  template:
    metadata:
      labels:
        app: app-${i}
    spec:
      securityContext:
        sysctls:
          - name: net.ipv4.ip_local_port_range
            value: "1024 65000"
          - name: net.core.somaxconn
            value: "${i % 3 === 0 ? 4096 : 1024}"
          - name: net.ipv4.tcp_keepalive_time
            value: ${i % 7 === 0 ? 600 : '"600"'}
      containers:
        - name: app
          image: registry.example/app:${i}
          ports:
            - containerPort: 8080
          resources:
            limits:
              cpu: 500m
              memory: 256Mi
          readinessProbe:
            httpGet:
              path: /health
              port: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: app-${i}
spec:
  selector:
    app: app-${i}
  ports:
    - port: 80
      targetPort: 8080
`;
}

function tasks(i: number): string {
  const keys = [
    'net.core.somaxconn',
    'net.ipv4.tcp_fin_timeout',
    'net.ipv4.tcp_tw_reuse',
    'net.ipv4.tcp_keepalive_time',
    'net.ipv4.tcp_max_syn_backlog',
    'vm.swappiness',
  ];
  const blocks = keys.map(
    (key, k) =>
      `- name: Set ${key}\n  ansible.posix.sysctl:\n    name: ${key}\n    value: ${(i + k) % 4 === 0 ? '"1"' : 100 + k}\n    sysctl_file: /etc/sysctl.d/90-app.conf\n    reload: true\n`,
  );
  return `---\n${blocks.join('\n')}\n- name: Keepalive\n  sysctl:\n    name: "{{ item.key }}"\n    value: "{{ item.value }}"\n  with_dict:\n    net.ipv4.tcp_keepalive_intvl: 30\n    net.ipv4.tcp_keepalive_probes: 5\n${i % 10 === 0 ? '\n- name: Old\n  sysctl: name=net.ipv4.tcp_tw_recycle value=0\n' : ''}`;
}

function compose(i: number): string {
  return `services:\n  web:\n    image: web:${i}\n    ports:\n      - "80:8080"\n    sysctls:\n      net.core.somaxconn: 1024\n      net.ipv4.tcp_syncookies: 1\n  worker:\n    image: worker:${i}\n    sysctls:\n      - net.ipv4.tcp_fin_timeout=30\n      - net.ipv4.ip_local_port_range=10240 65000\n`;
}

function script(i: number): string {
  return `#!/bin/sh\n# tuning ${i}\nset -e\nsysctl -w net.core.somaxconn=4096\nsysctl -w "net.ipv4.ip_local_port_range=1024 65000"\necho 1 > /proc/sys/net/ipv4/tcp_tw_reuse\ncat > /etc/sysctl.d/90-tune-${i}.conf <<'EOF'\nnet.ipv4.tcp_fin_timeout = 30\nnet.ipv4.tcp_keepalive_time = 600\nEOF\nsysctl --system\n`;
}

function tuned(i: number): string {
  return `[main]\nsummary=Profile ${i}\ninclude=throughput-performance\n\n[sysctl]\nnet.core.somaxconn=>4096\nnet.ipv4.tcp_keepalive_time=120 # seconds\nnet.ipv4.tcp_rmem="4096 131072 6291456"\nvm.swappiness=10\n\n[vm]\ntransparent_hugepages=never\n`;
}

function sysctlConf(i: number): string {
  return `# drop-in ${i}\nnet.core.somaxconn = 4096\nnet.ipv4.tcp_syncookies = 1\nnet.ipv4.tcp_fin_timeout = 30\nnet.ipv4.tcp_tw_reuse = 1\nnet.ipv4.ip_local_port_range = 1024 65535\n`;
}

/** 40% manifests, 25% Ansible, 10% compose: 75% YAML; the rest TuneD, shell, sysctl.d. */
const MIX: readonly { share: number; name: (i: number) => string; text: (i: number) => string }[] = [
  { share: 40, name: (i) => `${i}-deployment.yaml`, text: manifest },
  { share: 25, name: (i) => `${i}-tasks.yml`, text: tasks },
  { share: 10, name: (i) => `${i}-compose.yaml`, text: compose },
  { share: 10, name: (i) => `${i}-tune.sh`, text: script },
  { share: 8, name: (i) => `${i}-tuned.conf`, text: tuned },
  { share: 7, name: (i) => `${i}-sysctl.conf`, text: sysctlConf },
];

const dir = mkdtempSync(join(tmpdir(), 'sa-bench-mixed-'));
try {
  const names: string[] = [];
  for (let i = 0; i < FILES; i++) {
    let slot = i % 100;
    const kind = MIX.find((k) => (slot -= k.share) < 0)!;
    const name = kind.name(i);
    writeFileSync(join(dir, name), kind.text(i));
    names.push(name);
  }
  const review: Contender = {
    name: 'review',
    command: process.execPath,
    args: [CLI, 'review', ...names.map((n) => join(dir, n)), '--format', 'json', '--fail-on', 'none'],
  };
  const yamllint = spawnSync('yamllint', ['--version'], { encoding: 'utf8' });
  const contenders: Contender[] = [review];
  if (yamllint.status === 0)
    contenders.push({
      name: 'yamllint',
      command: 'yamllint',
      args: ['-f', 'parsable', '-d', 'relaxed', ...names.map((n) => join(dir, n))],
    });
  const times = interleaved(contenders, RUNS);
  const reviewMs = median(times.get('review')!);
  process.stdout.write(`review of ${FILES} mixed-format files (75% YAML), median of ${RUNS} runs: ${reviewMs.toFixed(1)} ms\n`);
  if (yamllint.status !== 0) {
    process.stdout.write('SKIP  review ≤ 1 × yamllint: yamllint is not installed (Debian: apt install yamllint)\n');
  } else {
    const lintMs = median(times.get('yamllint')!);
    process.stdout.write(`${yamllint.stdout.trim()} on the same files: ${lintMs.toFixed(1)} ms\n`);
    process.exitCode = reportTargets([
      { label: 'review of 1,000 mixed-format files vs yamllint', value: reviewMs / lintMs, limit: 1, unit: '×' },
    ])
      ? 0
      : 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
