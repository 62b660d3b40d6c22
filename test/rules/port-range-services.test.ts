import { portRangeServices } from '../../src/rules/port-range-services.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(portRangeServices, {
  valid: [
    { name: 'the default range', facts: { config: [{ key: 'net.ipv4.ip_local_port_range', value: '32768 60999' }] } },
    { name: 'a range starting above 8080', facts: { config: [{ key: 'net.ipv4.ip_local_port_range', value: '10000 65000' }] } },
    {
      name: 'service ports reserved',
      facts: {
        config: [
          { key: 'net.ipv4.ip_local_port_range', value: '1024 65000' },
          { key: 'net.ipv4.ip_local_reserved_ports', value: '3306,5432,6379,8000-8100' },
        ],
      },
    },
    {
      name: 'a range the kernel rejects is left to invalid-value',
      facts: { config: [{ key: 'net.ipv4.ip_local_port_range', value: '1000 65535' }] },
    },
  ],
  invalid: [
    {
      name: 'starting at 1024: every service port',
      facts: { config: [{ key: 'net.ipv4.ip_local_port_range', value: '1024 65000' }] },
      findings: [
        {
          messageId: 'overlaps',
          message:
            /^ip_local_port_range = 1024 65000 takes in service ports up to 8080: start it above 8080 or reserve them\nThe range holds 3306 \(MySQL\), 5432 \(PostgreSQL\), 6379 \(Redis\), 8080 \(HTTP alternate\)\. connect\(\) picks/,
          severity: 'warning',
          evidence: { low: 1024, high: 65000, ports: '3306,5432,6379,8080' },
        },
      ],
    },
    {
      name: 'starting at 8000: 8080 only, others reserved',
      facts: {
        config: [
          { key: 'net.ipv4.ip_local_port_range', value: '2000 65535' },
          { key: 'net.ipv4.ip_local_reserved_ports', value: '3306, 5432,6379' },
        ],
      },
      findings: [
        {
          messageId: 'overlaps',
          message: /takes in service ports up to 8080: start it above 8080 or reserve them\nThe range holds 8080 \(HTTP alternate\)\./,
        },
      ],
    },
  ],
  skipped: [{ name: 'no config files read', facts: { live: {} }, reason: /no config files were read/ }],
});
