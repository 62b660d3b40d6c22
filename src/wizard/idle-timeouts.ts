/**
 * Idle timeouts of common middleboxes, offered as choices. Each number is the vendor's
 * documented default; a deployment may have changed it, so "custom" is always there.
 * Deliberately not listed: AWS ALB (60 s), because it is an HTTP proxy that closes connections
 * without application data, and TCP keepalive probes carry none — kernel keepalive cannot help
 * there; and Google Cloud, whose figures we could not confirm in Google's own documentation.
 */
export interface IdleTimeoutChoice {
  readonly id: string;
  readonly name: string;
  /** null: no middlebox idle timeout on the path; undefined: the user types it. */
  readonly seconds: number | null | undefined;
  readonly source?: string;
}

export const IDLE_TIMEOUT_CHOICES: readonly IdleTimeoutChoice[] = [
  { id: 'none', name: 'None on the path, or not known', seconds: null },
  {
    id: 'f5',
    name: 'F5 BIG-IP virtual server: 300 s (TCP / Fast L4 profile default)',
    seconds: 300,
    source: 'F5 BIG-IP AS3 schema reference, L4_Profile idleTimeout (default 300), clouddocs.f5.com',
  },
  {
    id: 'aws-nlb',
    name: 'AWS Network Load Balancer: 350 s (TCP listener default)',
    seconds: 350,
    source: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/update-idle-timeout.html',
  },
  {
    id: 'azure-lb',
    name: 'Azure Load Balancer: 240 s (rule default, 4 minutes)',
    seconds: 240,
    source: 'https://learn.microsoft.com/azure/load-balancer/load-balancer-tcp-idle-timeout',
  },
  { id: 'custom', name: 'Another value (seconds)', seconds: undefined },
];

/** The choice a known number of seconds corresponds to ("custom" when no vendor default matches). */
export function idleTimeoutChoiceFor(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return 'none';
  return IDLE_TIMEOUT_CHOICES.find((choice) => choice.seconds === seconds)?.id ?? 'custom';
}

export function idleTimeoutSeconds(choiceId: string, custom: number | undefined): number | null {
  const choice = IDLE_TIMEOUT_CHOICES.find((c) => c.id === choiceId);
  if (!choice) throw new Error(`internal: unknown idle-timeout choice ${choiceId}`);
  if (choice.seconds !== undefined) return choice.seconds;
  if (custom === undefined) throw new Error('internal: custom idle timeout without a value');
  return custom;
}
