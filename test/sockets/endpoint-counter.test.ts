import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EndpointCounter } from '../../src/sockets/endpoint-counter.js';

function counts(counter: EndpointCounter): Map<string, number> {
  const result = new Map<string, number>();
  counter.forEach((keys, offset, count) => result.set(Array.from(keys.subarray(offset, offset + 5)).join(','), count));
  return result;
}

test('counts are exact while the table has room, through growth', () => {
  const counter = new EndpointCounter(4096);
  for (let i = 0; i < 3000; i++) {
    for (let repeat = 0; repeat <= i % 3; repeat++) {
      counter.key.set([i, 0, 0, i * 7, 80]);
      counter.increment();
    }
  }
  assert.equal(counter.exact, true);
  assert.equal(counter.size, 3000);
  const all = counts(counter);
  for (let i = 0; i < 3000; i++) assert.equal(all.get(`${i},0,0,${i * 7},80`), (i % 3) + 1);
});

test('memory is bounded: distinct keys beyond the limit are reduced, heavy hitters stay within the undercount bound', () => {
  const limit = 1024;
  const counter = new EndpointCounter(limit);
  const heavy = [1, 2, 3];
  const truth = new Map<number, number>();
  let increments = 0;
  for (let i = 0; i < 200_000; i++) {
    const key = i % 10 < 3 ? heavy[i % 3]! : 1000 + i; // 30% heavy hitters, 70% distinct
    counter.key.set([0, 0, 0, key, 443]);
    counter.increment();
    increments++;
    truth.set(key, (truth.get(key) ?? 0) + 1);
  }
  assert.equal(counter.exact, false);
  assert.ok(counter.size <= limit, `size ${counter.size}`);
  assert.ok(counter.maxUndercount <= (2 * increments) / limit, `undercount bound ${counter.maxUndercount}`);
  const all = counts(counter);
  for (const key of heavy) {
    const counted = all.get(`0,0,0,${key},443`)!;
    assert.ok(
      counted <= truth.get(key)! && counted >= truth.get(key)! - counter.maxUndercount,
      `key ${key}: ${counted} vs ${truth.get(key)}`,
    );
  }
});
