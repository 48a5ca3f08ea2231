// The fast reader of plain block YAML (deploy/blockYaml.ts) must give, whenever it answers, exactly the nodes the
// `yaml` package gives: the same kinds, values, types, sources and ranges. Checked on hand-written compose and
// Kubernetes files, on generated documents in the styles they use, and on random lines it must mostly refuse.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import * as yaml from 'yaml';
import { parseBlockYaml, YAML_OPTIONS } from '../../server/src/service/deploy/blockYaml';
import { documentArbitrary, LINE_TAILS } from '../helpers/yamlDocuments';

type Shape = unknown;

function shape(node: unknown): Shape {
  if (node === null || node === undefined) return node;
  if (yaml.isScalar(node))
    return { scalar: Number.isNaN(node.value) ? 'NaN' : node.value, source: node.source, type: node.type, range: node.range, format: node.format };
  if (yaml.isMap(node)) return { map: node.items.map((pair) => [shape(pair.key), shape(pair.value)]), flow: !!node.flow, range: node.range };
  if (yaml.isSeq(node)) return { seq: node.items.map(shape), flow: !!node.flow, range: node.range };
  return { other: String(node) };
}

/** Whether the fast reader answered; when it did, asserts the package gives the same documents, without errors. */
function agrees(source: string): boolean {
  const fast = parseBlockYaml(yaml, source);
  if (!fast) return false;
  const reference = yaml.parseAllDocuments(source, YAML_OPTIONS);
  assert.ok(Array.isArray(reference), JSON.stringify(source));
  assert.deepEqual(
    reference.flatMap((doc) => doc.errors.map((error) => error.message)),
    [],
    JSON.stringify(source),
  );
  assert.deepEqual(
    fast.map((doc) => shape(doc.contents)),
    reference.map((doc) => shape(doc.contents)),
    JSON.stringify(source),
  );
  return true;
}

const COMPOSE = `# Local development.
services:
  web:
    build:
      context: .
      dockerfile: docker/Dockerfile
    command: ["gunicorn", "site.wsgi:application", "--bind", "0.0.0.0:8000"]
    restart: unless-stopped
    environment:
      - DJANGO_SETTINGS_MODULE=site.settings.production
      - DEBUG=0
    env_file: .env
    ports:
      - "8000:8000"
    depends_on: [db, cache]

  # Background jobs.
  worker:
    image: example/site:1.2
    command: >-
      celery -A site worker
      --loglevel info
    deploy:
      restart_policy:
        condition: on-failure
    healthcheck:
      test: |
        celery -A site inspect ping
        exit 0
      interval: 30s
  db:
    image: postgres:16
    volumes: []
    labels: {}
    user: '1000:1000'
    working_dir: "/srv/app"
`;

const MANIFEST = `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: xxxxxxxxxxxx-web
  labels:
    app.kubernetes.io/name: site
spec:
  replicas: 2
  template:
    spec:
      restartPolicy: Always
      containers:
        - name: web
          image: "example/site:1.2"
          command:
            - gunicorn
            - site.wsgi
          args: ["--workers", "4"]
          env:
            - name: DJANGO_SETTINGS_MODULE
              value: site.settings
            - name: SECRET_KEY
              valueFrom:
                secretKeyRef:
                  name: site
                  key: secret
          resources: {}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      containers:
      - name: migrate
        image: example/site:1.2
        command: ["python", "manage.py", "migrate"]
`;

test('compose files and manifests written the usual way are read as the package reads them', () => {
  assert.ok(agrees(COMPOSE), 'the compose file is read');
  assert.ok(agrees(MANIFEST), 'the manifest is read');
  for (const source of [
    'a: 1',
    'a:\n',
    'a: # c\nb: 1\n',
    'a:  \nb: ~\n',
    '- \n- x\n',
    'a:\n  # c\n  - x\n',
    'a:\n  b:\nc: 1\n',
    'a: 0x1F\nb: 0o7\nc: 1.50\nd: .inf\ne: -.5e3\nf: TRUE\ng: Null\n',
    '# only\n---\na: b\n',
  ]) {
    agrees(source);
  }
});

test('anchors, aliases, tags, merge keys, multi-line scalars and comments that trail a block are left to the package', () => {
  for (const source of [
    'a: &x 1\nb: *x\n',
    'a: !!str 1\n',
    'a:\n  <<: {b: 1}\n',
    'a: one\n  two\n',
    'a: "one\n  two"\n',
    'a:\n  b: 1\n  # trailing\nc: 2\n',
    'a:\n  - x\n  # c\n',
    'a: |+\n  x\n\n',
    'a: >\n  x\n\n  y\n',
    '%YAML 1.2\n---\na: 1\n',
    'a: 1\n---\n---\nb: 2\n',
    'a:\tb\n',
    'a: 1\r\n',
    '? a\n: b\n',
    '"a": b\n',
    'a: [b, [c]]\n',
    'a: {b: c}\n',
  ]) {
    assert.equal(parseBlockYaml(yaml, source), undefined, JSON.stringify(source));
  }
});

test('on generated documents, whatever the reader answers is what the package answers', () => {
  let answered = 0;
  const runs = Number(process.env.YAML_RUNS ?? 3000);
  fc.assert(
    fc.property(documentArbitrary(), (source) => {
      if (agrees(source)) answered++;
    }),
    { numRuns: runs },
  );
  // The generated files are mostly what the reader is for: it must answer on many, or this proves little.
  assert.ok(answered > runs / 8, `answered ${answered} of ${runs}`);
});

test('on random lines, well-formed or not, the reader never answers differently', () => {
  const key = fc.constantFrom('a', 'b', 'c', 'image', 'true', '1', '<<', '"a"', 'a b', '- a', '-');
  const value = fc.constantFrom(...LINE_TAILS);
  const line = fc.oneof(
    fc.tuple(fc.nat(6), key, value).map(([indent, k, v]) => `${' '.repeat(indent)}${k}:${v}`),
    fc.tuple(fc.nat(6), value).map(([indent, v]) => `${' '.repeat(indent)}-${v || ' item'}`),
    fc
      .tuple(fc.nat(8), fc.constantFrom('text', '"quoted"', 'close"', "it's", '# comment', '', 'x: y', '---', '...'))
      .map(([indent, t]) => `${' '.repeat(indent)}${t}`),
    fc.constantFrom('', '---', '--- # c', '...', '%YAML 1.2', '#'),
  );
  fc.assert(
    fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
      agrees(`${lines.join('\n')}\n`);
    }),
    { numRuns: Number(process.env.YAML_RUNS ?? 4000) },
  );
});
