/**
 * The README's fenced examples, as the tests that run them read them: each block with its
 * language, the `##`/`###` heading it is under and its line number, so that a failure names
 * the example a reader sees.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

export interface Block {
  lang: string;
  /** The nearest `##` or `###` heading above the block, without the hashes. */
  section: string;
  /** 1-based line of the opening fence. */
  line: number;
  code: string;
}

export function blocks(markdown = README): Block[] {
  const found: Block[] = [];
  const lines = markdown.split('\n');
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] as string;
    const heading = /^#{2,3} (.+)$/.exec(text);
    if (heading) section = heading[1] as string;
    const fence = /^```(\w*)\s*$/.exec(text);
    if (!fence) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] as string); i++) {
      body.push(lines[i] as string);
    }
    found.push({
      lang: fence[1] as string,
      section,
      line: start + 1,
      code: `${body.join('\n')}\n`,
    });
  }
  return found;
}

/** The blocks under `section` (exactly), in `lang` when given. */
export function blocksIn(section: string, lang?: string, markdown = README): Block[] {
  return blocks(markdown).filter((b) => b.section === section && (!lang || b.lang === lang));
}

/** The README's address for 127.0.0.1:3000 and localhost:3000, moved to `hostPort`. */
export const movePort = (text: string, hostPort: string) =>
  text.replace(/\b(127\.0\.0\.1|localhost):3000\b/g, hostPort);

/** One shell command of a block (continuation lines joined) and the `#` lines right under it. */
export interface Command {
  text: string;
  /** The comment lines that follow the command, `# ` removed: what it prints. */
  shows: string[];
  line: number;
}

export function commands(block: Block): Command[] {
  const lines = block.code.split('\n');
  const found: Command[] = [];
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i] as string;
    if (!first.trim() || first.trimStart().startsWith('#')) continue;
    const line = block.line + 1 + i;
    let text = first;
    while (text.endsWith('\\') && i + 1 < lines.length) text = `${text}\n${lines[++i]}`;
    const shows: string[] = [];
    while (i + 1 < lines.length && /^#( |$)/.test(lines[i + 1] as string)) {
      shows.push((lines[++i] as string).replace(/^# ?/, ''));
    }
    found.push({ text, shows, line });
  }
  return found;
}

/**
 * A pattern for what a comment shows: literal text, where `…` stands for anything. Anchored:
 * the whole of what is matched must be shown.
 */
export function shownPattern(shown: string): RegExp {
  const parts = shown.split('…').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[\\s\\S]*?')}$`);
}
