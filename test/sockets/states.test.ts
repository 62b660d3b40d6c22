import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStateName, stateCodeOfWord, STATE_CODE, TCP_STATES } from '../../src/sockets/states.js';

test('every spelling of a state: netstat, ss, ss filters and what people type', () => {
  const cases: [string, string | undefined][] = [
    ['ESTABLISHED', 'ESTABLISHED'],
    ['established', 'ESTABLISHED'],
    ['ESTAB', 'ESTABLISHED'],
    ['time-wait', 'TIME_WAIT'],
    ['TIME_WAIT', 'TIME_WAIT'],
    ['TIME-WAIT', 'TIME_WAIT'],
    ['timewait', 'TIME_WAIT'],
    ['FIN-WAIT-1', 'FIN_WAIT1'],
    ['fin_wait1', 'FIN_WAIT1'],
    ['FIN_WAIT2', 'FIN_WAIT2'],
    ['SYN-RECV', 'SYN_RECV'],
    ['NEW_SYN_RECV', 'SYN_RECV'],
    ['UNCONN', 'CLOSE'],
    ['unconnected', 'CLOSE'],
    ['close-wait', 'CLOSE_WAIT'],
    ['LAST-ACK', 'LAST_ACK'],
    ['listening', 'LISTEN'],
    ['LISTEN', 'LISTEN'],
    ['CLOSING', 'CLOSING'],
    ['connected', undefined],
    ['ESTABLISHEDX', undefined],
    ['', undefined],
  ];
  for (const [text, state] of cases) assert.equal(parseStateName(text), state, text);
});

test('state codes follow include/net/tcp_states.h', () => {
  assert.deepEqual(
    TCP_STATES.map((s) => STATE_CODE[s]),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
  );
});

test('state words are recognised from bytes without strings, with no false positives', () => {
  const code = (word: string) => stateCodeOfWord(Buffer.from(word), 0, word.length);
  assert.equal(code('ESTAB'), 1);
  assert.equal(code('TIME-WAIT'), 6);
  assert.equal(code('FIN_WAIT2'), 5);
  assert.equal(code('UNCONN'), 7);
  assert.equal(code('UNKNOWN'), -1);
  assert.equal(code('BOUND-INACTIVE'), -1);
  for (const garbage of ['ESTABX', 'TIMEWAITS', 'users:(("x"', 'tcp', '0', 'LISTENLISTEN']) assert.equal(code(garbage), 0, garbage);
});
