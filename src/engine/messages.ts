/** Fills "{name}" placeholders of a rule's message template from a finding's data. */
export function fillMessage(template: string, data: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in data ? String(data[name]) : whole));
}
