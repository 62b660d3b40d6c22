/**
 * The vocabulary of the embedded-format readers: sysctl settings found in files that are not
 * sysctl.conf (Ansible tasks, Kubernetes manifests, compose files, TuneD profiles, shell
 * scripts, Dockerfiles, Salt, Chef, Puppet, NixOS, cloud-init), each anchored at the exact
 * line and column of its key and of its value in the original file, with what applies it.
 *
 * Readers only read: they never judge a value. A value they cannot know without running
 * something (a Jinja expression, a shell variable, a loop over an inventory variable) is
 * recorded as unknown with the reason, never guessed.
 */

/** 1-based line, 1-based UTF-16 column (SARIF's default), in the original file. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export type EmbeddedFormat =
  | 'ansible'
  | 'kubernetes'
  | 'compose'
  | 'tuned'
  | 'shell'
  | 'dockerfile'
  | 'salt'
  | 'chef'
  | 'puppet'
  | 'nixos'
  | 'cloud-init'
  | 'sysctl-map'
  | 'sysctl-template';

/** How a YAML value was typed, where the format cares (the Kubernetes API wants strings). */
export type ScalarType = 'string' | 'integer' | 'float' | 'boolean' | 'null' | 'other';

/**
 * What applies an assignment, and the facts about that mechanism that change the outcome.
 * Plain sysctl.conf lines have none: procps and systemd-sysctl apply them.
 */
export type AppliedVia =
  /** An `ansible.posix.sysctl` task: the module rewrites `sysctlFile` as `k=v` lines, then (reload) runs `sysctl -p` on it. */
  | {
      readonly tool: 'ansible';
      /** The module name as written (`sysctl`, `ansible.posix.sysctl`). */
      readonly module: string;
      /** null: templated, not known without the inventory. */
      readonly sysctlFile: string | null;
      readonly reload: boolean | null;
      readonly ignoreErrors: boolean | null;
      readonly sysctlSet: boolean | null;
      /** The line of the task (its `- name:` or first key), in the file read. */
      readonly taskLine: number;
      /** The task's `name:`, when it has one. */
      readonly taskName?: string;
      /** The loop the value comes from, when it does (`with_dict: "{{ sysctl_config }}"`). */
      readonly loop?: string;
    }
  /** `spec.securityContext.sysctls` of a pod (or a workload's pod template): the kubelet and runc write it into the pod's namespaces. */
  | {
      readonly tool: 'kubernetes';
      /** `Deployment/web`, `Pod/x`, `CronJob/backup`. */
      readonly workload: string;
      readonly hostNetwork: boolean;
      readonly hostIPC: boolean;
      readonly valueType: ScalarType;
    }
  /** A compose service's `sysctls:`: the engine (runc) writes it into the container's namespaces at start. */
  | {
      readonly tool: 'compose';
      readonly service: string;
      /** `network_mode` as written (`host` makes net.* keys fail), or null. */
      readonly networkMode: string | null;
      readonly ipc: string | null;
      readonly valueType: ScalarType;
    }
  /** `docker run --sysctl k=v` (or podman): written into the new container's namespaces. */
  | { readonly tool: 'docker-run'; readonly networkMode: string | null; readonly ipc: string | null }
  /** A TuneD `[sysctl]` option: TuneD writes it when the profile is applied, then re-applies /run/sysctl.d, /etc/sysctl.d and /etc/sysctl.conf over it. */
  | {
      readonly tool: 'tuned';
      readonly section: string;
      /** `>` (only raise) or `<` (only lower), stripped from the value. */
      readonly modifier: '>' | '<' | null;
    }
  /** A shell command that writes the running kernel: `sysctl -w`, `echo v > /proc/sys/...`, a helper function. Not persistent. */
  | {
      readonly tool: 'shell';
      /** What runs it, as written: `sysctl -w`, `/sbin/sysctl`, `echo >`, `tee`, `sudo_overwrite`. */
      readonly command: string;
      /** Where the shell runs: a script, a Dockerfile RUN (build time only), a container command, cloud-init runcmd. */
      readonly context: ShellContext;
      /** `sysctl -w k=v1 v2`: the words after the value that the shell split off (procps writes only v1). */
      readonly strayWords?: readonly { readonly text: string; readonly position: Position }[];
      /** sysctl -e: unknown keys are ignored. */
      readonly ignoreUnknown: boolean;
      /** A shell function not defined in the file: assumed to write the value to the /proc/sys path it names. */
      readonly helper?: boolean;
    }
  /** A line in a sysctl file the source writes (here-document, write_files, echo >>): procps/systemd-sysctl apply it. */
  | {
      readonly tool: 'sysctl-file';
      /** The file written, e.g. /etc/sysctl.d/98-x.conf; null when only a variable names it. */
      readonly path: string | null;
      /** How: `here-document`, `echo >>`, `write_files`, `Dockerfile RUN`. */
      readonly writer: string;
      readonly append: boolean;
      readonly context: ShellContext;
    }
  /** An environment variable named after a sysctl (`net__ipv4__tcp_fin_timeout`), read by a tuner inside the container. */
  | { readonly tool: 'container-env'; readonly variable: string }
  /** Salt `sysctl.present`: sets the running value and persists it in `config` (default /etc/sysctl.d/99-salt.conf). */
  | { readonly tool: 'salt'; readonly config: string | null }
  /** Chef: the `sysctl` resource, or the sysctl cookbook's `node['sysctl']['params']` attributes. */
  | { readonly tool: 'chef'; readonly form: 'resource' | 'attribute' }
  /** Puppet `sysctl { 'key': value => ... }`. */
  | { readonly tool: 'puppet'; readonly target: string | null }
  /** NixOS `boot.kernel.sysctl`: written to /etc/sysctl.d/60-nixos.conf, applied by systemd-sysctl. */
  | { readonly tool: 'nixos' }
  /** A map of sysctl keys in a data file (Ansible role vars, Salt pillar, Helm values): applied by whatever consumes `variable`. */
  | { readonly tool: 'sysctl-map'; readonly variable: string };

export type ShellContext = 'script' | 'dockerfile-run' | 'container-command' | 'cloud-init' | 'ansible-task';

export type AppliedTool = AppliedVia['tool'];

/** Settings a container runtime writes into the container's namespaces (runc), so its checks apply. */
export type ContainerVia = Extract<AppliedVia, { tool: 'kubernetes' | 'compose' | 'docker-run' }>;

export function isContainerVia(via: AppliedVia | undefined): via is ContainerVia {
  return via?.tool === 'kubernetes' || via?.tool === 'compose' || via?.tool === 'docker-run';
}

/** One sysctl setting found in an embedded file. */
export interface EmbeddedAssignment {
  /** The key as written (dots or slashes; `/proc/sys/` removed). */
  readonly key: string;
  readonly keyPosition: Position;
  /** What reaches the kernel, as far as the file says; undefined when it is not known (template, variable). */
  readonly value: string | undefined;
  /** The value as written in the file (quotes and modifiers included), for messages. */
  readonly valueText: string;
  readonly valuePosition: Position;
  /** Why the value is unknown (`Jinja expression {{ item.value }}`), when it is. */
  readonly unknownValue?: string;
  readonly via: AppliedVia;
  /** The application unit (a pod, a service, a script): assignments in one unit meet, others do not. */
  readonly unit: string;
  /** `state: absent` (Ansible, Salt `sysctl.absent`): the line is removed from the file, the running value stays. */
  readonly absent?: boolean;
  /**
   * The file the setting is written in, when it is not the file read (a TuneD profile it
   * includes, the role defaults an Ansible loop takes its items from): its path as the reader
   * was given it. The positions are in that file.
   */
  readonly origin?: string;
}

/** A line of sysctl-file content (here-document body, write_files content) that procps calls invalid. */
export interface EmbeddedInvalidLine {
  readonly line: number;
  readonly text: string;
  readonly reason: string;
  readonly unit: string;
}

/** Something a file does to sysctl files other than setting a key. */
export interface FileOperation {
  readonly kind: 'delete';
  /** The command as written, e.g. `rm -rf /etc/sysctl.d/*`. */
  readonly command: string;
  /** The sysctl paths it names. */
  readonly targets: readonly string[];
  readonly position: Position;
  readonly unit: string;
}

/** A place where the reader saw sysctl settings it cannot read without running something. */
export interface NotChecked {
  readonly position: Position;
  readonly reason: string;
  /** The file the position is in, when it is not the file read (see EmbeddedAssignment.origin). */
  readonly origin?: string;
}

/** One application unit: assignments that meet in one set of namespaces, in the order they are applied. */
export interface EmbeddedUnit {
  readonly id: string;
  /** How findings name it: `pod of Deployment/web`, `service app`, `the script`. */
  readonly label: string;
}

export interface Extraction {
  readonly format: EmbeddedFormat;
  /** The format as users call it: `Ansible tasks`, `Kubernetes manifest`, `TuneD profile`. */
  readonly label: string;
  readonly units: readonly EmbeddedUnit[];
  /** In application order within each unit. */
  readonly assignments: readonly EmbeddedAssignment[];
  readonly invalidLines: readonly EmbeddedInvalidLine[];
  readonly operations: readonly FileOperation[];
  readonly notChecked: readonly NotChecked[];
}
