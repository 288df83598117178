/**
 * The README's examples as a reader meets them: every fenced code block, in order, with the headings it
 * sits under and the prose just before it. Parsed by fences and headings only, so that rewording the
 * README does not break the walk-through runner.
 */
export interface ReadmeBlock {
  /** The fence's language (`bash`, `graphql`, `text`, ...; '' when none). */
  lang: string;
  code: string;
  /** Headings above the block, outermost first (e.g. ['The model catalog']). */
  headings: string[];
  /** The paragraph(s) between the previous block or heading and this block. */
  prose: string;
  /** 1-based line of the opening fence. */
  line: number;
}

export function readmeBlocks(readme: string): ReadmeBlock[] {
  const lines = readme.split('\n');
  const blocks: ReadmeBlock[] = [];
  const headings: string[] = [];
  let prose: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/.exec(lines[i]);
    if (fence) {
      const [, indent, marker, lang] = fence;
      const body: string[] = [];
      let j = i + 1;
      for (; j < lines.length && !lines[j].trimStart().startsWith(marker); j++) {
        body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
      }
      blocks.push({
        lang: lang.toLowerCase(),
        code: body.join('\n'),
        headings: [...headings],
        prose: prose.join('\n'),
        line: i + 1,
      });
      prose = [];
      i = j;
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(lines[i]);
    if (heading) {
      headings.length = Math.min(headings.length, heading[1].length - 1);
      while (headings.length < heading[1].length - 1) headings.push('');
      headings.push(heading[2]);
      prose = [];
      continue;
    }
    prose.push(lines[i]);
  }
  return blocks;
}

/** The JSON values a command printed one after another (`curl -s` ends none with a newline). */
export function jsonValues(output: string): unknown[] {
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < output.length; i++) {
    const c = output[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"' && depth > 0) inString = true;
    else if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if ((c === '}' || c === ']') && depth > 0) {
      depth--;
      if (depth === 0) {
        try {
          values.push(JSON.parse(output.slice(start, i + 1)));
        } catch {
          // Not JSON (a shell line that happens to hold brackets).
        }
      }
    }
  }
  return values;
}

/** Every value of `key` anywhere in a JSON value, in document order. */
export function valuesOf(value: unknown, key: string): unknown[] {
  const found: unknown[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (k === key) found.push(child);
        walk(child);
      }
    }
  };
  walk(value);
  return found;
}
