import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The embedding itself runs in packages/packaging-tests, installed from the packed tarballs against the
// simulators over HTTP; this checks that the README shows exactly that code.
const embeddingFile = new URL('../examples/express-embedding.ts', import.meta.url);

describe('the README embedding (an Express app of its own with the agent mounted)', () => {
  it('is the first code block of the agent README and of the root README, in 40 lines or fewer', () => {
    const code = readFileSync(embeddingFile, 'utf8').trim();
    const firstBlock = (readme: string): string | undefined =>
      /```ts\n([\s\S]*?)```/.exec(readme)?.[1]?.trim();

    expect(code.split('\n').length).toBeLessThanOrEqual(40);
    expect(firstBlock(readFileSync(new URL('../README.md', import.meta.url), 'utf8'))).toBe(code);
    expect(firstBlock(readFileSync(new URL('../../../README.md', import.meta.url), 'utf8'))).toBe(
      code,
    );
  });
});
