// A chart's values.yaml is read one block at a time when its outline is clear (valuesOutline.ts): every lookup
// must give what parsing the whole file gives, on well-formed files and on broken ones.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { valuesLookup } from '../../server/src/service/deploy/readers/kubernetes';
import { ValuesOutline } from '../../server/src/service/deploy/readers/valuesOutline';
import { FileText, mapGet, parseYaml, scalarText, stringList } from '../../server/src/service/deploy/text';
import { LINE_TAILS } from '../helpers/yamlDocuments';

/** The lookup as it was before the outline: the whole file parsed. */
function wholeFileLookup(source: string, dotted: string): string[] | string | undefined {
  const doc = parseYaml(new FileText('values.yaml', source)).documents[0];
  if (!doc) return undefined;
  let node: unknown = doc.contents;
  for (const key of dotted.split('.')) node = mapGet(doc, node, key);
  return stringList(doc, node) ?? scalarText(doc, node);
}

const PATHS = [
  'image',
  'image.repository',
  'image.tag',
  'backend.image',
  'backend.image.repository',
  'backend.command',
  'backend.args',
  'a',
  'a.b',
  'a.b.c',
  'b',
  'true',
  '1',
  'x.y',
  '',
];

const VALUES = `# Default values.
image:
  repository: example/app   # the image
  tag: "1.2"
  pullPolicy: IfNotPresent

common: &common
  LOG: info

backend:
  image:
    repository: example/backend
  command:
    - gunicorn
    - "app.wsgi"
  args: ["--workers", '4']
  envVars:
    <<: *common
  migrate:
    command:
      - /bin/sh
      - -c
      - |
        echo "ready"
        python manage.py migrate
  service: {port: 80}
  empty:
  list:
  - a
  - b
frontend:
  image: *image
`;

test('a values lookup reads only the block the path names, with the same answers', () => {
  const outline = new ValuesOutline(VALUES);
  assert.equal(outline.find('image.repository').kind, 'block');
  assert.equal(outline.find('backend.command').kind, 'block');
  assert.equal(outline.find('backend.nothing').kind, 'absent');
  assert.equal(outline.find('image.tag.more').kind, 'absent');
  // An alias needs the anchor elsewhere in the file; a merge key may bring the name in; a flow map may hold it.
  assert.equal(outline.find('frontend.image').kind, 'unsure');
  assert.equal(outline.find('backend.envVars.OTHER').kind, 'unsure');
  assert.equal(outline.find('backend.service.port').kind, 'unsure');
  const lookup = valuesLookup('values.yaml', VALUES);
  const paths = [
    ...PATHS,
    'backend.migrate.command',
    'backend.envVars.LOG',
    'backend.service.port',
    'backend.empty',
    'backend.list',
    'frontend.image',
    'common.LOG',
  ];
  for (const path of paths) assert.deepEqual(lookup(path), wholeFileLookup(VALUES, path), path);
  assert.deepEqual(lookup('backend.command'), ['gunicorn', 'app.wsgi']);
  assert.equal(lookup('image.repository'), 'example/app');
});

test('files whose layout leaves doubt are parsed whole', () => {
  // A quoted scalar that goes on to the next line swallows what looks like a key there.
  for (const source of [
    'a:\n  b: "open\nimage: x"\n',
    'a: [1,\nimage: 2]\n',
    'a: 1\n---\nimage: x\n',
    'a:\n  b: x\n c: 1\nimage: 2\n',
    'image:\n\trepository: x\n',
    '? image\n: x\n',
  ]) {
    assert.equal(new ValuesOutline(source).find('image').kind, 'unsure', JSON.stringify(source));
    for (const path of PATHS) assert.deepEqual(valuesLookup('values.yaml', source)(path), wholeFileLookup(source, path), `${JSON.stringify(source)} ${path}`);
  }
});

/** Well-formed values files, written in the styles charts use, to which random lines may be added. */
function valuesDocument(): fc.Arbitrary<string> {
  const key = fc.constantFrom('a', 'b', 'image', 'backend', 'repository', 'tag', 'command', 'args', 'x', 'nginx.io/snippet');
  const scalar = fc.constantFrom(
    'v',
    '"q u o t e d"',
    "'it''s'",
    '"esc \\" aped"',
    '3',
    'true',
    'null',
    '~',
    '""',
    'a b # note',
    'http://x:80/y',
    '[1, "two"]',
    '{}',
    '*anc',
    '!!str v',
  );
  const { node } = fc.letrec<{ node: string[] }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar.map((v) => [` ${v}`]),
      fc
        .constantFrom(['|', 'line "one', '', "  it's two"], ['>-', 'folded: text', '# not a comment'], ['|+', '- not a list'])
        .map(([indicator, ...body]) => [` ${indicator}`, ...body.map((l) => `  ${l}`)]),
      fc
        .array(fc.tuple(key, tie('node'), fc.boolean()), { minLength: 1, maxLength: 4 })
        .map((entries) => [
          '',
          ...entries.flatMap(([k, value, comment]) => [...(comment ? [`# about ${k}`] : []), `${k}:${value[0]}`, ...value.slice(1)]).map((l) => `  ${l}`),
        ]),
      fc
        .tuple(fc.array(tie('node'), { minLength: 1, maxLength: 3 }), fc.boolean())
        .map(([items, compact]) => [
          '',
          ...items.flatMap((value) => [`-${value[0]}`, ...value.slice(1).map((l) => `  ${l}`)]).map((l) => (compact ? l : `  ${l}`)),
        ]),
    ),
  }));
  return fc
    .tuple(
      fc.constantFrom('', '---\n', '# values\n---  # start\n'),
      fc.array(fc.tuple(key, node, fc.constantFrom('', ' &anc', '  # c')), { minLength: 1, maxLength: 5 }),
    )
    .map(
      ([start, entries]) =>
        `${start + entries.map(([k, value, extra]) => `${k}:${value[0] === '' ? extra : value[0]}\n${value.slice(1).join('\n')}`).join('\n')}\n`,
    );
}

test('on well-formed values files, the outline answers from the block and agrees with the whole file', () => {
  let answered = 0;
  fc.assert(
    fc.property(valuesDocument(), (source) => {
      const outline = new ValuesOutline(source);
      const lookup = valuesLookup('values.yaml', source);
      for (const path of [...PATHS, 'a.a', 'a.image', 'image.a.b', 'backend.x.y', 'x.a', 'b.args']) {
        if (outline.find(path).kind !== 'unsure') answered++;
        assert.deepEqual(lookup(path), wholeFileLookup(source, path), `${JSON.stringify(source)} ${path}`);
      }
    }),
    { numRuns: 800 },
  );
  // The outline must actually answer on most of them, or this test proves nothing.
  assert.ok(answered > 800 * 10, `the outline answered ${answered} lookups`);
});

test('on random layouts, well-formed or not, the outline never answers differently from the whole file', () => {
  const key = fc.constantFrom('a', 'b', 'c', 'image', 'backend', 'repository', 'tag', 'command', 'args', 'x', 'y', 'true', 'True', '1', '<<', '"a"', 'a b');
  const value = fc.constantFrom(...LINE_TAILS);
  const line = fc.oneof(
    fc.tuple(fc.nat(6), key, value).map(([indent, k, v]) => `${' '.repeat(indent)}${k}:${v}`),
    fc.tuple(fc.nat(6), value).map(([indent, v]) => `${' '.repeat(indent)}-${v || ' item'}`),
    fc.tuple(fc.nat(6), key, value).map(([indent, k, v]) => `${' '.repeat(indent)}- ${k}:${v}`),
    fc
      .tuple(fc.nat(8), fc.constantFrom('text', '"quoted"', 'close"', "it's", 'echo "$x"', ']', '}', '# comment', ''))
      .map(([indent, t]) => `${' '.repeat(indent)}${t}`),
    fc.constantFrom('', '---', '...', '\tx: 1', '%YAML 1.2', 'image: &i x', 'image:\r', '#'),
  );
  fc.assert(
    fc.property(fc.array(line, { maxLength: 14 }), fc.boolean(), (lines, crlf) => {
      const source = `${lines.join(crlf ? '\r\n' : '\n')}\n`;
      const lookup = valuesLookup('values.yaml', source);
      for (const path of PATHS) assert.deepEqual(lookup(path), wholeFileLookup(source, path), `${JSON.stringify(source)} ${path}`);
    }),
    { numRuns: 2000 },
  );
});
