/**
 * The Kubernetes collector (docs/fleet/collector-daemonset.yaml) cannot run here (no cluster in
 * the test suite); its YAML is parsed and the fields that make it collect the node, not the pod,
 * are checked: hostNetwork, hostPID, the node's root read-only, the collector script from its ConfigMap.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '../helpers/cli.js';

interface Mount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
}

test('the collector DaemonSet runs the collector script in the node network namespace with the node root read-only', () => {
  const documents = parseAllDocuments(readFileSync(join(REPO_ROOT, 'docs', 'fleet', 'collector-daemonset.yaml'), 'utf8'));
  assert.equal(documents.length, 1);
  assert.deepEqual(documents[0]!.errors, []);
  const daemonSet = documents[0]!.toJS() as {
    apiVersion: string;
    kind: string;
    spec: {
      selector: { matchLabels: Record<string, string> };
      template: {
        metadata: { labels: Record<string, string> };
        spec: {
          hostNetwork: boolean;
          hostPID: boolean;
          tolerations: { operator: string }[];
          containers: { command: string[]; volumeMounts: Mount[]; securityContext: { allowPrivilegeEscalation: boolean } }[];
          volumes: { name: string; hostPath?: { path: string }; configMap?: { name: string }; emptyDir?: object }[];
        };
      };
    };
  };
  assert.equal(daemonSet.apiVersion, 'apps/v1');
  assert.equal(daemonSet.kind, 'DaemonSet');
  assert.deepEqual(daemonSet.spec.selector.matchLabels, daemonSet.spec.template.metadata.labels);
  const pod = daemonSet.spec.template.spec;
  assert.equal(pod.hostNetwork, true);
  assert.equal(pod.hostPID, true);
  assert.ok(pod.tolerations.some((t) => t.operator === 'Exists'));
  assert.equal(pod.containers.length, 1);
  const container = pod.containers[0]!;
  assert.equal(container.securityContext.allowPrivilegeEscalation, false);
  const volume = (mount: string) => pod.volumes.find((v) => v.name === container.volumeMounts.find((m) => m.mountPath === mount)?.name);
  assert.deepEqual(volume('/host')?.hostPath, { path: '/', type: 'Directory' });
  assert.equal(container.volumeMounts.find((m) => m.mountPath === '/host')?.readOnly, true);
  // Every hostPath volume is mounted read-only: nothing on the node is written.
  for (const v of pod.volumes.filter((v) => v.hostPath))
    assert.equal(container.volumeMounts.find((m) => m.name === v.name)?.readOnly, true, v.name);
  assert.equal(volume('/collector')?.configMap?.name, 'sysctl-advisor-collector');
  const script = container.command.join(' ');
  assert.match(script, /sh \/collector\/collect\.sh \/work\/bundle/);
  assert.ok(volume('/work')?.emptyDir);
  // The archive goes out between the markers docs/fleet.md's loop cuts at.
  const guide = readFileSync(join(REPO_ROOT, 'docs', 'fleet.md'), 'utf8');
  assert.match(script, /echo "---- sysctl-advisor bundle of \$NODE_NAME \(base64 tar\.gz\) ----"/);
  assert.match(guide, /sed -n '\/\^---- sysctl-advisor bundle\/,\/\^---- end\/p'/);
  assert.match(script, /echo "---- end of sysctl-advisor bundle ----"/);
});
