import { randomInt } from 'node:crypto';

/** Readable default run names in MLflow's style (`bold-heron-417`), so a list of runs is easy to talk about. */
const ADJECTIVES = [
  'able', 'amazing', 'bold', 'brave', 'bright', 'calm', 'clever', 'crisp', 'curious', 'dapper', 'eager', 'fancy', 'fearless', 'gentle', 'glowing',
  'honest', 'humble', 'jolly', 'keen', 'kind', 'lively', 'lucky', 'merry', 'nimble', 'polite', 'proud', 'quiet', 'rare', 'sharp', 'shy', 'silent',
  'smiling', 'spry', 'stately', 'steady', 'sunny', 'swift', 'tidy', 'upbeat', 'vivid', 'warm', 'wise', 'witty', 'zealous',
];
const NOUNS = [
  'ant', 'auk', 'bass', 'bat', 'bear', 'bee', 'bird', 'carp', 'cat', 'colt', 'crab', 'crane', 'deer', 'dove', 'eel', 'elk', 'finch', 'fox', 'frog',
  'goat', 'gull', 'hare', 'hawk', 'heron', 'hog', 'ibis', 'jay', 'kite', 'lark', 'lynx', 'mole', 'moth', 'newt', 'owl', 'panda', 'quail', 'ram',
  'robin', 'seal', 'shrew', 'snail', 'stork', 'swan', 'toad', 'trout', 'vole', 'wasp', 'whale', 'wolf', 'wren', 'yak',
];

export function generateRunName(pick: (max: number) => number = randomInt): string {
  return `${ADJECTIVES[pick(ADJECTIVES.length)] ?? 'able'}-${NOUNS[pick(NOUNS.length)] ?? 'ant'}-${pick(1000)}`;
}
