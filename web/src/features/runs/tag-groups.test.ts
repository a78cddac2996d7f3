import { describe, expect, it } from 'vitest';
import { groupTags } from './tag-groups.js';

describe('groupTags', () => {
  it('puts system tags under Environment with friendly labels first, and leaves header tags out', () => {
    const groups = groupTags([
      { key: 'team', value: 'vision' },
      { key: 'keel.env.zz', value: '1' },
      { key: 'mlflow.source.git.commit', value: 'abc123' },
      { key: 'mlflow.runName', value: 'r1' },
      { key: 'keel.env.os', value: 'linux' },
    ]);
    expect(groups.user).toEqual([{ key: 'team', label: 'team', value: 'vision' }]);
    expect(groups.environment.map((r) => r.label)).toEqual(['Git commit', 'OS', 'keel.env.zz']);
  });
});
