import { describe, expect, it } from 'vitest';
import { normalizePath } from './router.js';
import { findSection } from './sections.js';

describe('findSection', () => {
  it('matches a section path exactly and its detail pages by prefix', () => {
    expect(findSection('/')?.id).toBe('overview');
    expect(findSection('/experiments')?.id).toBe('experiments');
    expect(findSection('/experiments/42')?.id).toBe('experiments');
  });

  it('does not let the root path swallow unknown pages', () => {
    expect(findSection('/nowhere')).toBeUndefined();
    expect(findSection('/experimentsx')).toBeUndefined();
  });
});

describe('normalizePath', () => {
  it('drops trailing slashes but keeps the root', () => {
    expect(normalizePath('/')).toBe('/');
    expect(normalizePath('/models/')).toBe('/models');
    expect(normalizePath('/models')).toBe('/models');
  });
});
