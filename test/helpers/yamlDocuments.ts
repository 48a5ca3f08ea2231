// Generated YAML documents in the styles compose files and Kubernetes manifests are written in, for the property
// tests of the fast block YAML readers (unit/blockYaml.test.ts, unit/valuesOutline.test.ts).
import fc from 'fast-check';

/** Documents in the styles compose files and manifests use, comments and blank lines scattered in them. */
export function documentArbitrary(): fc.Arbitrary<string> {
  const key = fc.constantFrom('a', 'b', 'image', 'command', 'env', 'name', 'value', 'app.kubernetes.io/name', 'x-common', 'ports', '1a', 'on', 'Yes', 'x_1');
  const plain = fc.constantFrom(
    'v',
    'web',
    'a b',
    'gunicorn site.wsgi',
    'http://x:8000/y',
    '8000',
    '-1',
    '+2',
    '0x1F',
    '0o17',
    '1.0',
    '1.50',
    '.5',
    '1e3',
    '.inf',
    '-.Inf',
    '.nan',
    'true',
    'False',
    'yes',
    '~',
    'null',
    'NULL',
    '--workers=4',
    'a#b',
    '$HOME',
    '${X:-1}',
    '/srv/app',
    './manage.py',
    'a.b.c',
    '-x',
    'x-',
    'é',
    '2024-01-01',
  );
  const quoted = fc.constantFrom(
    '"q"',
    '"a: b"',
    '"x # y"',
    '""',
    '"esc \\" q"',
    '"tab\\tnew\\nline"',
    '"back\\\\slash"',
    "'s'",
    "'it''s'",
    "''",
    "'a: b'",
    '"8000:8000"',
    '"\\u00e9"',
  );
  const flow = fc.constantFrom(
    '[]',
    '[ ]',
    '[a]',
    '[a, b]',
    '["a", "b c", 3]',
    "['x', y]",
    '[a,b]',
    '{}',
    '{ }',
    '[a, b] # c',
    '[1, 2.0, true, null]',
    '[ a ]',
    '[ "a" , b  ]',
    '[a  ,"b"]',
    '[a, b,]',
    '[\n    "x",\n    y,\n  ]',
    '[a,\n    b]',
    '[\n  a\n  ]',
  );
  const comment = fc.constantFrom('', '', '', '', '', ' # note', '  # x: y');
  const inline = fc.oneof(plain, plain, quoted, flow);
  const blockScalar = fc.tuple(
    fc.constantFrom('|', '|-', '|', '>', '>-', '|+', '| # c'),
    fc.array(fc.constantFrom('line one', 'x: y', 'echo "$X"', 'last', 'last', '# not a comment', '  more indented', ''), { minLength: 1, maxLength: 4 }),
  );
  type Tree =
    | { kind: 'map'; entries: [string, Tree | string][] }
    | { kind: 'seq'; items: (Tree | string)[] }
    | { kind: 'block'; header: string; lines: string[] };
  const { tree } = fc.letrec<{ tree: Tree; value: Tree | string }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.array(fc.tuple(key, tie('value')), { minLength: 1, maxLength: 4 }).map((entries) => ({ kind: 'map' as const, entries })),
      fc.array(tie('value'), { minLength: 1, maxLength: 3 }).map((items) => ({ kind: 'seq' as const, items })),
    ),
    value: fc.oneof(
      { depthSize: 'small' },
      fc.tuple(inline, comment).map(([v, c]) => v + c),
      fc.constantFrom('', '', '', ' # empty'),
      blockScalar.map(([header, lines]) => ({ kind: 'block' as const, header, lines })),
      tie('tree'),
    ),
  }));
  const render = (node: Tree, indent: number, compactSeq: boolean): string[] => {
    const pad = ' '.repeat(indent);
    if (node.kind === 'block') return node.lines.map((line) => (line === '' ? '' : `${pad}${line}`));
    if (node.kind === 'map') {
      return node.entries.flatMap(([k, v]) => {
        if (typeof v === 'string') {
          // Now and then a value stands on the line below its key, as it may.
          if (v !== '' && !v.startsWith(' ') && k.length % 3 === 0) return [`${pad}${k}:`, `${pad}  ${v}`];
          return [`${pad}${k}:${v === '' ? '' : v.startsWith(' ') ? v : ` ${v}`}`];
        }
        if (v.kind === 'block') return [`${pad}${k}: ${v.header}`, ...render(v, indent + 2, false)];
        // A sequence under a key sits at the key's column or deeper, as files write it both ways.
        const childIndent = v.kind === 'seq' && compactSeq ? indent : indent + 2;
        return [`${pad}${k}:`, ...render(v, childIndent, !compactSeq)];
      });
    }
    return node.items.flatMap((item) => {
      if (typeof item === 'string') return [`${pad}-${item === '' ? '' : item.startsWith(' ') ? item : ` ${item}`}`];
      if (item.kind === 'block') return [`${pad}- ${item.header}`, ...render(item, indent + 2, false)];
      if (item.kind === 'map') {
        const [first, ...rest] = render(item, indent + 2, compactSeq);
        return [`${pad}- ${first.slice(indent + 2)}`, ...rest];
      }
      return [`${pad}-`, ...render(item, indent + 2, compactSeq)];
    });
  };
  const noise = fc.constantFrom('', '', '', '   ', '# comment', '  # comment', '    # comment', '      # deep');
  return fc
    .tuple(
      fc.constantFrom('', '---\n', '# header\n---\n'),
      tree,
      fc.boolean(),
      fc.array(fc.tuple(fc.nat(40), noise), { maxLength: 3 }),
      fc.boolean(),
      fc.boolean(),
    )
    .map(([start, root, compact, extra, second, finalNewline]) => {
      // A block cut out of a larger file keeps its indentation (Helm values are read that way).
      const indent = extra.length === 1 ? extra[0][0] % 3 : 0;
      const lines = render(root.kind === 'block' ? { kind: 'map', entries: [['a', root]] } : root, indent, compact);
      for (const [at, line] of extra) lines.splice(at % (lines.length + 1), 0, line);
      const body = lines.join('\n');
      return start + body + (second ? '\n---\nkind: Pod\nspec:\n  containers: []' : '') + (finalNewline ? '\n' : '');
    });
}

/**
 * What may follow `key:` or `-` on a line of random YAML, well-formed or not: scalars of every style, unclosed
 * quotes and flows, block scalar headers, anchors, aliases, tags and comments.
 */
export const LINE_TAILS = [
  '',
  ' v',
  ' "q"',
  " 'it''s'",
  ' "open',
  " 'open",
  ' [1, 2]',
  ' [1,',
  ' {}',
  ' {b: 1}',
  ' {b:',
  ' |',
  ' >-',
  ' |2',
  ' &anc',
  ' *anc',
  ' &anc v',
  ' !!str v',
  ' null',
  ' ~',
  ' 3',
  ' a: b',
  ' # note',
  ' v # note',
  ' -x',
  ' - y',
] as const;
