import { expect } from 'vitest';
import { spendKey } from '../../src/domains/llm/limits/key-limiter.js';
import { periodWindow } from '../../src/domains/llm/limits/budget-period.js';
import { CALL_COST_USD, PRICE, statusOf, type UsageFixture } from './gateway-usage-fixture.js';

/** max_tokens of every call in the race: with the prompt's headroom, it bounds one call's reservation. */
const MAX_TOKENS = 20;

/**
 * The Done-when scenario: 200 concurrent calls through the openai SDK on one key
 * with a budget. Reserving each call's maximum cost before it runs means the
 * spend may never pass the budget by more than one reservation (here: not at
 * all, as every reservation covers its call); then calls one at a time use the
 * rest, to show the budget was not just refused wholesale.
 */
export async function runBudgetRace(f: UsageFixture): Promise<void> {
  const budgetUsd = 0.05;
  const { client, keyId } = await f.clientWith({ budget: { usd: budgetUsd, period: 'day' } });
  // The prompt counts 8 tokens; a reservation is at most (8 × 1.1 + 16 + a few) prompt tokens and MAX_TOKENS completion tokens.
  const oneReservationUsd = (30 * PRICE.inputPer1M + MAX_TOKENS * PRICE.outputPer1M) / 1e6;
  const call = () => client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hello' }], max_tokens: MAX_TOKENS });

  const results = await Promise.allSettled(Array.from({ length: 200 }, call));
  const ok = results.filter((r) => r.status === 'fulfilled').length;
  const refused = results.flatMap((r) => (r.status === 'rejected' ? [statusOf(r.reason)] : []));
  expect(ok).toBeGreaterThan(0);
  expect(refused.length).toBeGreaterThan(0);
  expect(refused.every((r) => r.status === 429 && r.code === 'budget_exceeded')).toBe(true);

  // Then one at a time until refused: the rest of the budget is usable.
  let more = 0;
  for (;;) {
    await f.keel.services.gatewayUsage.drain();
    try {
      await call();
      more++;
    } catch (err) {
      expect(statusOf(err)).toMatchObject({ status: 429, code: 'budget_exceeded' });
      break;
    }
    expect(more).toBeLessThan(1_000);
  }
  await f.keel.services.gatewayUsage.drain();

  const counter = Number(await f.keel.adapters.kv.get(spendKey(keyId, periodWindow('day', Date.now()).id)));
  const spentUsd = counter / 1e6;
  const calls = ok + more;
  expect(spentUsd).toBeCloseTo(calls * CALL_COST_USD, 9);
  expect(spentUsd).toBeLessThanOrEqual(budgetUsd + oneReservationUsd);
  expect(spentUsd).toBeLessThanOrEqual(budgetUsd);
  expect(spentUsd).toBeGreaterThan(budgetUsd - oneReservationUsd);

  // The request log agrees with the counter: every answered call, priced.
  const usage = await f.api<{ totals: { group: string; requests: number; costUsd: number }[] }>(`/api/v1/gateway/usage?groupBy=key&key=${keyId}`);
  expect(usage.totals).toHaveLength(1);
  expect(usage.totals[0]?.requests).toBe(200 + more + 1);
  expect(usage.totals[0]?.costUsd).toBeCloseTo(spentUsd, 9);
}
