// Reads a project's deployment: every file that starts processes (supervisor, systemd, Procfile, Dockerfile,
// compose, Kubernetes/Helm, s6, Apache mod_wsgi, app.json), follows each command through wrappers and entrypoint
// scripts (bounded) to the server or worker it runs, and records what restarts it and the environment it gets.
import * as path from 'node:path';
import { isInside, relativePath } from '../paths';
import { FileReadError, type FileSystem } from '../fileSystem';
import type { ParseCache } from '../python/parseCache';
import { roleOf } from '../project/settingsModules';
import type { Location } from '../types';
import type {
  DeployedProcess,
  DeployFile,
  DeployFormat,
  Deployment,
  DeploymentSetting,
  EnvAssignment,
  LaunchStep,
  Purpose,
  RecognisedProgram,
  Supervision,
  UnlaunchedProgram,
} from './model';
import { PathResolver, type PathContext } from './paths';
import { NOT_PROGRAMS, programAfterWrapper, readCommand } from './programs';
import { composeServicePurpose, PRODUCTION, purposeOfHeader, purposeOfPath } from './purpose';
import { isApacheWsgiText, readApache } from './readers/apache';
import { readAppJson } from './readers/appJson';
import { isComposeText, readCompose, type ComposeService } from './readers/compose';
import {
  effectiveCommand,
  effectiveEnv,
  effectiveUser,
  effectiveWorkdir,
  readDockerfile,
  stageLineage,
  type Dockerfile,
  type DockerStage,
} from './readers/dockerfile';
import { isEnvTemplate, readEnvFile } from './readers/envFile';
import { isGunicornConfigName, readGunicornConfig } from './readers/gunicornConf';
import { isKubernetesText, readKubernetes, valuesLookup, type ValuesLookup } from './readers/kubernetes';
import { ONE_OFF_TYPES, readProcfile } from './readers/procfile';
import { s6ServiceOf } from './readers/s6';
import { readSupervisorPrograms } from './readers/supervisor';
import { readUnit, RESTARTING_VALUES } from './readers/systemd';
import { isUwsgiIniText, isUwsgiYamlText, readUwsgiIni, readUwsgiYaml } from './readers/uwsgi';
import { casePatternMatches, expandCommand, parseShell, type ShellCommand } from './shell';
import { FileText, maskJinja } from './text';

interface DeploymentInput {
  fs: FileSystem;
  parseCache: ParseCache;
  /** The manage.py folder. */
  root: string;
  /** The folder searched; deployment files may sit above the manage.py folder. */
  scanRoot: string;
  /** Deployment-looking files discovery found for this project (by name). */
  candidates: string[];
  /** Scripts and extension-less files, to find the ones commands name. */
  scripts: string[];
  supervisorFiles: string[];
  /** Names that stand for this project in image names: its folder, the repository's folder, its packages. */
  projectWords: string[];
}

/** Entrypoint scripts followed from one command, at most. */
const MAX_DEPTH = 6;
const MAX_TEXT = 512 * 1024;
const MAX_UNLAUNCHED_SCRIPTS = 300;

interface Found {
  program: RecognisedProgram;
  argv: string[];
  chain: LaunchStep[];
  env: EnvAssignment[];
  /** Why nothing restarts it even though what started it would restart its parent. */
  notRestarted?: string;
  user?: string;
  alternatives?: DeployedProcess['alternatives'];
}

interface FollowContext {
  env: Map<string, string>;
  args: string[] | undefined;
  paths: PathContext;
  depth: number;
  chain: LaunchStep[];
  production: boolean;
  visiting: Set<string>;
}

interface LaunchSpec {
  name: string;
  argv: string[];
  location: Location;
  text: string;
  supervision: Supervision;
  env: EnvAssignment[];
  envOpen?: string;
  purpose: Purpose;
  paths: PathContext;
  user?: string;
}

export function readDeployment(input: DeploymentInput): Deployment {
  return new DeploymentReader(input).read();
}

class DeploymentReader {
  private readonly fs: FileSystem;
  private readonly files = new Map<string, DeployFile>();
  private readonly processes: DeployedProcess[] = [];
  private readonly texts = new Map<string, string | undefined>();
  private readonly paths: PathResolver;
  private readonly dockerfiles = new Map<string, Dockerfile>();
  /** Dockerfiles (and stages) some compose service or Kubernetes container runs. */
  private readonly usedImages = new Set<string>();
  /** Scripts reached from production launches. */
  private readonly reached = new Set<string>();
  private readonly standaloneEnv: EnvAssignment[] = [];
  private helmValues = new Map<string, ValuesLookup>();
  /** Where each process's paths resolve (its image's COPY instructions, its folder). */
  private readonly processPaths = new Map<DeployedProcess, PathContext>();
  /** Images compose services build (`build` with `image`), by image name. */
  private readonly builtImages = new Map<string, { dockerfile: Dockerfile; stage: DockerStage; context?: string }>();

  constructor(private readonly input: DeploymentInput) {
    this.fs = input.fs;
    const roots = [...new Set([input.root, input.scanRoot])];
    this.paths = new PathResolver(input.fs, roots, [...input.candidates, ...input.scripts, ...input.supervisorFiles]);
  }

  read(): Deployment {
    const byFormat = this.classify();
    for (const file of byFormat.dockerfile) this.readDockerfileAt(file);
    for (const file of byFormat.env) this.readStandaloneEnv(file);
    const composeFiles = byFormat.compose.flatMap((file) => this.readComposeAt(file));
    for (const { file, service, purpose } of composeFiles) this.composeService(file, service, purpose);
    for (const file of byFormat.kubernetes) this.readKubernetesAt(file);
    const appJson = byFormat['app.json'].map((file) => this.readAppJsonAt(file)).find(Boolean);
    for (const file of byFormat.procfile) this.readProcfileAt(file);
    for (const file of byFormat.systemd) this.readUnitAt(file);
    for (const file of byFormat.supervisor) this.readSupervisorAt(file);
    for (const file of byFormat.s6) this.readS6At(file);
    for (const file of byFormat.apache) this.readApacheAt(file);
    for (const file of byFormat.uwsgi) this.registerConfig(file, 'uwsgi');
    for (const file of byFormat.gunicorn) this.registerConfig(file, 'gunicorn');
    this.readStandaloneImages(appJson);
    const unlaunched = this.findUnlaunched();
    const ordered = [...this.processes.filter((p) => p.purpose.production), ...this.processes.filter((p) => !p.purpose.production)];
    return {
      files: [...this.files.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
      processes: ordered,
      unlaunched,
      environment: this.standaloneEnv,
      settingsModules: this.settingCandidates('DJANGO_SETTINGS_MODULE', ordered),
      configuration: this.settingCandidates('DJANGO_CONFIGURATION', ordered)[0],
    };
  }

  // ---- files ----------------------------------------------------------------------------------------

  private text(file: string): string | undefined {
    if (!this.texts.has(file)) {
      const stat = this.fs.stat(file);
      const content = stat && stat.size <= MAX_TEXT ? this.fs.readText(file) : undefined;
      this.texts.set(file, content && !(content instanceof FileReadError) ? content.text : undefined);
    }
    return this.texts.get(file);
  }

  private relative(file: string): string {
    const base = isInside(file, this.input.root) ? this.input.root : this.input.scanRoot;
    return relativePath(base, file).split(path.sep).join('/');
  }

  private addFile(file: string, format: DeployFormat, purpose: Purpose, problem?: DeployFile['problem']): DeployFile {
    const existing = this.files.get(file);
    if (existing) {
      existing.problem ??= problem;
      return existing;
    }
    const entry: DeployFile = { file, format, purpose, problem };
    this.files.set(file, entry);
    return entry;
  }

  private classify(): Record<DeployFormat, string[]> {
    const byFormat: Record<DeployFormat, string[]> = {
      supervisor: [...this.input.supervisorFiles],
      systemd: [],
      procfile: [],
      dockerfile: [],
      compose: [],
      uwsgi: [],
      gunicorn: [],
      s6: [],
      kubernetes: [],
      apache: [],
      'app.json': [],
      env: [],
      script: [],
    };
    for (const file of this.input.candidates) {
      const name = path.basename(file);
      const lower = name.toLowerCase();
      if (/^(docker|container)file([._-].*)?$|\.(docker|container)file$/i.test(name) && !/\.(ya?ml|json|md|txt|py|sh|toml|cfg|ini)$/i.test(name))
        byFormat.dockerfile.push(file);
      else if (/^procfile([._-].*)?$/i.test(name)) byFormat.procfile.push(file);
      else if (lower === 'app.json') byFormat['app.json'].push(file);
      else if (lower.endsWith('.service')) byFormat.systemd.push(file);
      else if (name === 'run') byFormat.s6.push(file);
      else if (isGunicornConfigName(name)) byFormat.gunicorn.push(file);
      else if (
        /^\.env($|[.-])|\.env$|^env\.(example|sample|dist)$/i.test(name) ||
        path.basename(path.dirname(file)) === 'env.d' ||
        path.basename(path.dirname(path.dirname(file))) === 'env.d'
      )
        byFormat.env.push(file);
      else if (/\.ya?ml$/i.test(name)) {
        const text = this.text(file);
        if (text === undefined) continue;
        if (/^(docker-)?compose/i.test(name) || (isComposeText(text) && !/^\s*kind\s*:/m.test(text) && /^\s+(image|build)\s*:/m.test(text)))
          byFormat.compose.push(file);
        else if (isKubernetesText(text)) byFormat.kubernetes.push(file);
        else if (isUwsgiYamlText(text)) byFormat.uwsgi.push(file);
      } else if (/\.(conf|ini|conf\.j2|ini\.j2)$/i.test(name)) {
        const text = this.text(file);
        if (text === undefined) continue;
        if (isUwsgiIniText(text)) byFormat.uwsgi.push(file);
        else if (isApacheWsgiText(text)) byFormat.apache.push(file);
        else if (name.endsWith('.j2') && /^\s*\[(program|fcgi-program):/m.test(text)) byFormat.supervisor.push(file);
      }
    }
    return byFormat;
  }

  /** From the file's path, then from what its opening comment says about it. */
  private purposeOf(file: string): Purpose {
    // A project called `test-site` names its files after itself; that says nothing about their purpose.
    const byPath = purposeOfPath(this.relative(file), new Set(this.input.projectWords.flatMap((word) => word.split(/[._-]+/))));
    if (!byPath.production) return byPath;
    const text = this.text(file);
    return text === undefined ? byPath : purposeOfHeader(text, this.relative(file));
  }

  // ---- following commands ------------------------------------------------------------------------

  private follow(argv: string[], context: FollowContext): Found[] {
    if (context.depth > MAX_DEPTH || !argv.length) return [];
    const { reading, env, nohup, user } = readCommand(argv, context.env);
    const assignments = env.map(([name, value]) => ({ name, value, location: context.chain[context.chain.length - 1].location, source: 'the command line' }));
    const scoped = new Map(context.env);
    for (const [name, value] of env) scoped.set(name, value);
    const mark = (found: Found[]): Found[] =>
      found.map((f) => ({
        ...f,
        env: [...assignments, ...f.env],
        user: f.user ?? user,
        notRestarted: f.notRestarted ?? (nohup ? 'it is started with nohup' : undefined),
      }));
    switch (reading.kind) {
      case 'program':
        return mark([this.enrich(reading.program, reading.argv, context, scoped)]);
      case 'passthrough':
        return context.args ? mark(this.follow(context.args, { ...context, args: undefined, depth: context.depth + 1 })) : [];
      case 'shell': {
        const commands = parseShell(reading.text);
        return mark(
          this.interpret(commands, undefined, { ...context, env: scoped, args: reading.args.length ? reading.args : context.args, depth: context.depth + 1 }),
        );
      }
      case 'script': {
        const file = this.paths.resolve(reading.path, context.paths);
        if (!file) {
          // A wrapper outside the repository (`bin/start-nginx gunicorn ...`): what it runs may follow it.
          const wrapped = programAfterWrapper([reading.path, ...reading.args], scoped);
          return wrapped ? mark([this.enrich(wrapped.program, wrapped.argv, context, scoped)]) : [];
        }
        if (context.visiting.has(file)) return [];
        const text = this.text(file);
        if (text === undefined || text.includes('\u0000')) return [];
        if (context.production) this.reached.add(file);
        this.addFile(file, 'script', context.production ? PRODUCTION : { production: false, reason: 'run by development files only' });
        const args = reading.args.length ? reading.args : [];
        const visiting = new Set(context.visiting).add(file);
        const found = this.interpret(parseShell(text), new FileText(file, text), {
          ...context,
          env: scoped,
          args,
          depth: context.depth + 1,
          visiting,
          paths: { ...context.paths, dir: path.dirname(file) },
        });
        if (found.length) return mark(found);
        // A script that runs its arguments in a way we cannot follow (`bin/start-nginx gunicorn ...`).
        const wrapped = programAfterWrapper([reading.path, ...reading.args], scoped);
        return wrapped
          ? mark([
              this.enrich(
                wrapped.program,
                wrapped.argv,
                { ...context, chain: [...context.chain, { location: new FileText(file, text).at(0), text: `${path.basename(file)} runs its arguments` }] },
                scoped,
              ),
            ])
          : [];
      }
      case 'supervisord': {
        const file = reading.config ? this.paths.resolve(reading.config, context.paths) : undefined;
        if (file && !this.files.has(file))
          this.readSupervisorAt(file, context.production ? PRODUCTION : { production: false, reason: 'run by development files only' });
        return [];
      }
      default:
        return [];
    }
  }

  /** Runs a script's commands in order: assignments, `export`, `exec` (which ends it), branches, background jobs. */
  private interpret(commands: ShellCommand[], file: FileText | undefined, context: FollowContext): Found[] {
    const vars = new Map(context.env);
    const results: Found[] = [];
    let background: Found[] = [];
    const caseWinners = new Map<number, string | null>();
    const inBranchTaken = (command: ShellCommand): boolean =>
      command.branches.every((branch) => {
        if (branch.kind !== 'case') return true;
        if (!caseWinners.has(branch.id)) {
          const subject = expandCommand(
            { words: [{ raw: branch.subject, start: 0, end: 0 }], start: 0, end: 0, background: false, branches: [] },
            { vars, args: context.args },
          ).argv[0];
          const known = subject !== undefined && !subject.includes('$');
          caseWinners.set(branch.id, known ? (branch.patterns.find((pattern) => casePatternMatches(pattern, subject)) ?? '') : null);
        }
        const winner = caseWinners.get(branch.id);
        return winner === null || winner === branch.pattern;
      });
    const alternatives: NonNullable<Found['alternatives']> = [];
    for (const command of commands) {
      if (!inBranchTaken(command)) {
        const { argv } = expandCommand(command, { vars, args: undefined });
        const { reading } = readCommand(argv, vars);
        const branch = command.branches.find((b) => b.kind === 'case');
        if (reading.kind === 'program' && file && branch?.kind === 'case')
          alternatives.push({ program: reading.program, when: `${branch.pattern}`, location: file.at(command.start, command.end) });
        continue;
      }
      const { assignments, argv } = expandCommand(command, { vars, args: context.args });
      if (!argv.length) {
        for (const [name, value] of assignments) vars.set(name, value);
        continue;
      }
      const name = argv[0];
      if (name === 'export') {
        for (const word of argv.slice(1)) {
          const eq = word.indexOf('=');
          if (eq > 0) vars.set(word.slice(0, eq), word.slice(eq + 1));
        }
        continue;
      }
      if (name === 'unset') {
        for (const word of argv.slice(1)) vars.delete(word);
        continue;
      }
      if (name === 'wait') {
        // `wait -n` returns when the first job ends, so the script (and its container) ends with it.
        if (argv.includes('-n')) background = [];
        continue;
      }
      if (NOT_PROGRAMS.has(name)) continue;
      const location = file ? file.at(command.start, command.end) : context.chain[context.chain.length - 1].location;
      const step = { location, text: `${file ? path.basename(file.file) : 'the shell'} runs ${describeArgv(argv)}` };
      const env = new Map(vars);
      for (const [key, value] of assignments) env.set(key, value);
      const found = this.follow(argv, { ...context, env, chain: file ? [...context.chain, step] : context.chain, depth: context.depth });
      if (command.background) {
        for (const f of found) background.push(f);
      }
      results.push(...found);
      if (name === 'exec' && command.branches.length === 0) break;
    }
    const script = file ? path.basename(file.file) : 'a shell command';
    for (const f of background) f.notRestarted ??= `${script} starts it in the background and does not end when it exits`;
    for (const f of results) f.alternatives = [...(f.alternatives ?? []), ...alternatives];
    return results;
  }

  /** Adds what the server's own configuration file says (gunicorn -c, uwsgi --ini). */
  private enrich(program: RecognisedProgram, argv: string[], context: FollowContext, env: Map<string, string>): Found {
    const found: Found = { program: { ...program }, argv, chain: context.chain, env: [] };
    const p = found.program;
    if (p.program === 'gunicorn') {
      const configRef = p.configFile ?? env.get('GUNICORN_CONF') ?? 'gunicorn.conf.py';
      const file = configRef.startsWith('python:') ? undefined : this.paths.resolve(configRef, context.paths);
      const parsed =
        file && /\.py$|\.conf$|^[^.]+$/.test(file) ? this.input.parseCache.get(file, this.text(file) ?? '', `deploy:${this.text(file)?.length}`) : undefined;
      if (file && parsed && this.text(file) !== undefined) {
        const config = readGunicornConfig(parsed);
        p.configPath = file;
        this.addFile(file, 'gunicorn', context.production ? PRODUCTION : this.purposeOf(file), config.problem);
        p.app ??= config.app;
        p.workers ??= config.workers;
        if (config.workerClass && /uvicorn|asgi/i.test(config.workerClass)) p.interface = 'asgi';
        if (config.reload) p.development ??= `reload = True in ${path.basename(file)}`;
        found.env.push(...config.env);
        found.chain = [...context.chain, { location: { file, range: parsed.lines.range(0, 0) }, text: `gunicorn reads ${path.basename(file)}` }];
      }
      p.workers ??= { count: 1, source: "gunicorn's default of one worker" };
    } else if (p.program === 'uwsgi' && p.configFile) {
      const file = this.paths.resolve(p.configFile, context.paths);
      const text = file && this.text(file);
      if (file && text !== undefined) {
        const config = /\.ya?ml$/.test(file) ? readUwsgiYaml(file, text) : readUwsgiIni(file, text);
        p.configPath = file;
        this.addFile(file, 'uwsgi', context.production ? PRODUCTION : this.purposeOf(file), config.problem);
        p.app ??= config.app;
        p.workers ??= config.workers;
        found.env.push(...config.env);
        found.chain = [
          ...context.chain,
          { location: config.options[0]?.location ?? { file, range: new FileText(file, text).at(0).range }, text: `uWSGI reads ${path.basename(file)}` },
        ];
      }
    }
    if (p.program === 'uwsgi') p.workers ??= { count: 1, source: "uWSGI's default of one process" };
    return found;
  }

  private launch(spec: LaunchSpec): void {
    const env = new Map<string, string>();
    for (const assignment of spec.env) if (assignment.value !== undefined && !assignment.template) env.set(assignment.name, assignment.value);
    const found = this.follow(spec.argv, {
      env,
      args: undefined,
      paths: spec.paths,
      depth: 0,
      chain: [{ location: spec.location, text: spec.text }],
      production: spec.purpose.production,
      visiting: new Set(),
    });
    for (const f of found) {
      const processPaths = spec.paths;
      const supervision: Supervision = f.notRestarted
        ? { by: 'script', restarts: false, detail: f.notRestarted, location: f.chain[f.chain.length - 1].location }
        : spec.supervision;
      const process: DeployedProcess = {
        name: spec.name,
        roles: f.program.roles,
        program: f.program,
        command: f.argv,
        chain: f.chain,
        location: spec.location,
        supervision,
        environment: [...spec.env, ...f.env],
        environmentOpen: spec.envOpen !== undefined,
        environmentOpenReason: spec.envOpen,
        purpose: spec.purpose,
        user: f.user ?? spec.user,
        alternatives: f.alternatives ?? [],
      };
      this.processes.push(process);
      this.processPaths.set(process, processPaths);
    }
  }

  // ---- readers -------------------------------------------------------------------------------------

  private readDockerfileAt(file: string): void {
    const source = this.text(file);
    if (source === undefined) return;
    const dockerfile = readDockerfile(file, file.endsWith('.j2') ? maskJinja(source) : source);
    for (const stage of dockerfile.stages) for (const assignment of stage.env) assignment.source = `${this.relative(file)} ENV`;
    this.dockerfiles.set(file, dockerfile);
    this.addFile(file, 'dockerfile', this.purposeOf(file), dockerfile.problem);
  }

  /** The stage a build of this Dockerfile produces: the target, else the last stage not named for development. */
  private productionStage(dockerfile: Dockerfile, target?: string): DockerStage | undefined {
    if (target) return dockerfile.stages.find((stage) => stage.name === target.toLowerCase());
    return (
      [...dockerfile.stages].reverse().find((stage) => !stage.name || purposeOfPath(stage.name).production) ?? dockerfile.stages[dockerfile.stages.length - 1]
    );
  }

  /** The build context a Dockerfile's COPY sources are relative to: the folder where they exist. */
  private buildContext(dockerfile: Dockerfile, stage: DockerStage): string {
    const sources = stageLineage(dockerfile, stage).flatMap((s) => s.copies.filter((copy) => !copy.fromStage).flatMap((copy) => copy.sources));
    const options = [path.dirname(dockerfile.file), this.input.scanRoot, this.input.root].map((dir) => ({
      dir,
      score: sources.filter((source) => !/[*?]/.test(source) && this.fs.stat(path.resolve(dir, source)) !== undefined).length,
    }));
    return options.sort((a, b) => b.score - a.score)[0].dir;
  }

  private imagePaths(dockerfile: Dockerfile, stage: DockerStage, context?: string): PathContext {
    const lineage = stageLineage(dockerfile, stage);
    return {
      dir: path.dirname(dockerfile.file),
      context: context ?? this.buildContext(dockerfile, stage),
      copies: lineage.reverse().flatMap((s) => s.copies),
      workdir: effectiveWorkdir(dockerfile, stage),
    };
  }

  private imageCommand(dockerfile: Dockerfile, stage: DockerStage): { argv: string[]; location: Location } | undefined {
    const { entrypoint, cmd } = effectiveCommand(dockerfile, stage);
    const argv = [...(entrypoint?.argv ?? []), ...(cmd?.argv ?? [])];
    return argv.length ? { argv, location: (cmd ?? entrypoint)!.location } : undefined;
  }

  private readStandaloneEnv(file: string): void {
    const text = this.text(file);
    if (text === undefined) return;
    const relative = this.relative(file);
    const purpose = this.purposeOf(file);
    const template = isEnvTemplate(relative);
    this.addFile(file, 'env', purpose);
    if (!purpose.production) return;
    this.standaloneEnv.push(...readEnvFile(file, text, relative, template));
  }

  /** Variables of env files a service or unit names; `open` when one of them is not in the repository. */
  private envFiles(refs: { path: string; required: boolean }[], dir: string, label: string): { env: EnvAssignment[]; missing: string[] } {
    const env: EnvAssignment[] = [];
    const missing: string[] = [];
    for (const ref of refs) {
      const file = ref.path.startsWith('/') ? undefined : path.resolve(dir, ref.path);
      const text = file && isInside(file, this.input.scanRoot) ? this.text(file) : undefined;
      if (text === undefined) {
        missing.push(ref.path);
        continue;
      }
      this.addFile(file!, 'env', this.purposeOf(file!));
      env.push(...readEnvFile(file!, text, `${label} (env_file ${ref.path})`, isEnvTemplate(ref.path)));
    }
    return { env, missing };
  }

  /** Reads a compose file and notes the images its services build; the services are launched once every file is read. */
  private readComposeAt(file: string): { file: string; service: ComposeService; purpose: Purpose }[] {
    // A compose file named for development or CI says nothing about production; not parsing it saves the most time.
    const namedPurpose = this.purposeOf(file);
    if (!namedPurpose.production) {
      this.addFile(file, 'compose', namedPurpose);
      return [];
    }
    const source = this.text(file);
    if (source === undefined) return [];
    const dir = path.dirname(file);
    const dotEnv = this.text(path.join(dir, '.env'));
    const vars = new Map<string, string>();
    if (dotEnv !== undefined)
      for (const assignment of readEnvFile(path.join(dir, '.env'), dotEnv, '.env'))
        if (assignment.value !== undefined) vars.set(assignment.name, assignment.value);
    const compose = readCompose(file, source, vars);
    const filePurpose = this.purposeOf(file);
    this.addFile(file, 'compose', filePurpose, compose.problem);
    for (const service of compose.services) {
      if (!service.build || !service.image) continue;
      const built = this.imageOf(service.build, undefined, dir);
      if (built && !this.builtImages.has(imageName(service.image))) this.builtImages.set(imageName(service.image), built);
    }
    return compose.services.map((service) => ({ file, service, purpose: filePurpose }));
  }

  private projectDockerfile(): Dockerfile | undefined {
    const production = [...this.dockerfiles.values()].filter((d) => this.files.get(d.file)?.purpose.production && d.stages.length);
    return production.length === 1
      ? production[0]
      : production.find((d) => path.dirname(d.file) === this.input.scanRoot || path.dirname(d.file) === this.input.root);
  }

  /** The Dockerfile stage an image reference (compose build or image, a Kubernetes image) stands for, if it is this project's. */
  private imageOf(
    build: ComposeService['build'] | undefined,
    image: string | undefined,
    dir: string,
  ): { dockerfile: Dockerfile; stage: DockerStage; context?: string } | undefined {
    if (build) {
      const context = path.resolve(dir, build.context);
      const file = path.resolve(context, build.dockerfile ?? 'Dockerfile');
      const dockerfile = this.dockerfiles.get(file);
      const stage = dockerfile && this.productionStage(dockerfile, build.target);
      return dockerfile && stage ? { dockerfile, stage, context } : undefined;
    }
    // A service with neither build nor image is a fragment (an override file) of a service defined elsewhere.
    if (!image || isThirdPartyImage(image)) return undefined;
    const built = this.builtImages.get(imageName(image));
    if (built) return built;
    // `lasuite/impress-backend` is the `backend-production` stage; `org/app-frontend` is frontend/Dockerfile.
    const imageWords = wordsOf(image);
    const words = new Set(imageWords);
    let best: { dockerfile: Dockerfile; stage: DockerStage; score: number; first: number } | undefined;
    for (const dockerfile of this.dockerfiles.values()) {
      if (!this.files.get(dockerfile.file)?.purpose.production) continue;
      const fileWords = wordsOf(this.relative(dockerfile.file));
      for (const stage of dockerfile.stages) {
        if (stage.name && !purposeOfPath(stage.name).production) continue;
        const stageWords = wordsOf(stage.name ?? '').filter((word) => words.has(word));
        const matched = [...new Set([...fileWords.filter((word) => words.has(word)), ...stageWords])];
        // The project's own name says little about which of its images this is; a component name (`backend`) says more.
        const score = matched.reduce((sum, word) => sum + (this.input.projectWords.includes(word) ? 1 : 2), 0);
        // The word the image names first decides a tie (`yProvider.image | default .Values.image` is the y-provider image).
        const first = Math.min(...matched.map((word) => imageWords.indexOf(word)));
        if (score && (!best || score > best.score || (score === best.score && first < best.first))) {
          // Only the stage's own name picks a stage; a match on the file means the image that file builds.
          best = { dockerfile, stage: stageWords.length ? stage : this.productionStage(dockerfile)!, score, first };
        }
      }
    }
    if (best) return { dockerfile: best.dockerfile, stage: best.stage };
    if (!this.input.projectWords.some((word) => words.has(word))) return undefined;
    const dockerfile = this.projectDockerfile();
    const stage = dockerfile && this.productionStage(dockerfile);
    return dockerfile && stage ? { dockerfile, stage } : undefined;
  }

  private composeService(file: string, service: ComposeService, filePurpose: Purpose): void {
    const dir = path.dirname(file);
    const image = this.imageOf(service.build, service.image, dir);
    if (!image && !service.command && !service.entrypoint) return;
    const imageDefault = image ? effectiveCommand(image.dockerfile, image.stage) : {};
    const entrypoint = service.entrypoint?.argv ?? imageDefault.entrypoint?.argv ?? [];
    const cmd = service.command?.argv ?? (service.entrypoint ? [] : (imageDefault.cmd?.argv ?? []));
    const argv = [...entrypoint, ...cmd];
    if (!argv.length) return;
    const short = path.basename(file);
    const label = `${short} service ${service.name}`;
    const envFiles = this.envFiles(service.envFiles, dir, label);
    const env = [
      ...(image ? effectiveEnv(image.dockerfile, image.stage) : []),
      ...envFiles.env,
      ...service.environment,
      ...service.passthrough.map((name) => ({ name, value: undefined, location: service.location, source: `${label} (passed through from the host)` })),
    ];
    const restart = service.restart?.value;
    const policy = service.restartPolicy?.condition;
    const restarts = restart !== undefined ? restart !== 'no' && restart !== '"no"' && restart !== 'false' : policy !== undefined ? policy !== 'none' : false;
    const debug = service.environment.find((e) => e.name === 'DEBUG' || e.name === 'DJANGO_DEBUG')?.value;
    const runsRunserver = argv.some((word) => word === 'runserver' || word === 'runserver_plus');
    const purpose = filePurpose.production
      ? composeServicePurpose({
          composeDir: dir,
          projectRoot: this.input.root,
          serviceName: service.name,
          bindSources: service.bindSources,
          debug,
          target: service.build?.target,
          runsRunserver,
          restartPolicy: restart !== undefined || policy !== undefined,
        })
      : filePurpose;
    const restartLocation = service.restart?.location ?? service.restartPolicy?.location ?? service.location;
    if (image && purpose.production) this.usedImages.add(`${image.dockerfile.file}#${image.stage.index}`);
    this.launch({
      name: service.name,
      argv,
      location: service.location,
      text: `${label} runs ${describeArgv(argv)}${service.command || service.entrypoint ? '' : " (its image's command)"}`,
      supervision: {
        by: 'compose',
        restarts,
        detail: service.restart
          ? `restart: ${restart}`
          : service.restartPolicy
            ? `deploy.restart_policy condition: ${policy}`
            : 'the service has no restart policy',
        location: restartLocation,
      },
      env,
      envOpen: envFiles.missing.length ? `${label} reads ${envFiles.missing.join(', ')}, which is not in the repository` : undefined,
      purpose,
      paths: image ? this.imagePaths(image.dockerfile, image.stage, image.context) : { dir },
      user: service.user ?? (image ? effectiveUser(image.dockerfile, image.stage) : undefined),
    });
  }

  private readKubernetesAt(file: string): void {
    if (!this.purposeOf(file).production) {
      this.addFile(file, 'kubernetes', this.purposeOf(file));
      return;
    }
    const source = this.text(file);
    if (source === undefined) return;
    const chart = findChartRoot(this.fs, file);
    let values: ValuesLookup | undefined;
    if (chart) {
      values = this.helmValues.get(chart);
      if (!values) {
        const valuesFile = path.join(chart, 'values.yaml');
        const valuesText = this.text(valuesFile);
        values = valuesText !== undefined ? valuesLookup(valuesFile, valuesText) : () => undefined;
        this.helmValues.set(chart, values);
      }
    }
    const manifest = readKubernetes(file, source, values);
    const purpose = this.purposeOf(file);
    this.addFile(file, 'kubernetes', purpose, manifest.problem);
    for (const container of manifest.containers) {
      if (container.oneOff) continue;
      const image = container.image ? this.imageOf(undefined, container.image, path.dirname(file)) : undefined;
      if (image && purpose.production) this.usedImages.add(`${image.dockerfile.file}#${image.stage.index}`);
      const imageDefault = image ? effectiveCommand(image.dockerfile, image.stage) : {};
      // Kubernetes: `command` replaces the ENTRYPOINT, `args` the CMD.
      const entrypoint = container.command ?? imageDefault.entrypoint?.argv ?? [];
      const cmd = container.args ?? (container.command ? [] : (imageDefault.cmd?.argv ?? []));
      const argv = [...entrypoint, ...cmd];
      if (!argv.length) continue;
      this.launch({
        name: container.workload.endsWith(` ${container.name}`) ? container.workload : `${container.workload} ${container.name}`,
        argv,
        location: container.location,
        text: `${container.workload} container ${container.name} runs ${describeArgv(argv)}${container.command || container.args ? '' : " (its image's command)"}`,
        supervision: { by: 'kubernetes', restarts: container.restarts, detail: `a ${container.kind}`, location: container.location },
        env: [...(image ? effectiveEnv(image.dockerfile, image.stage) : []), ...container.env],
        envOpen: container.envOpen || chart ? `${container.workload} gets variables from Secrets, ConfigMaps or chart values` : undefined,
        purpose,
        paths: image ? this.imagePaths(image.dockerfile, image.stage) : { dir: path.dirname(file) },
      });
    }
  }

  private readAppJsonAt(file: string): { container: boolean; location: Location } | undefined {
    const source = this.text(file);
    if (source === undefined) return undefined;
    const app = readAppJson(file, source);
    const purpose = this.purposeOf(file);
    this.addFile(file, 'app.json', purpose, app.problem);
    if (purpose.production) this.standaloneEnv.push(...app.env);
    return { container: app.container, location: app.location };
  }

  private readProcfileAt(file: string): void {
    const source = this.text(file);
    if (source === undefined) return;
    const { entries, problem } = readProcfile(file, source);
    const purpose = this.purposeOf(file);
    this.addFile(file, 'procfile', purpose, problem);
    const projectDockerfile = this.projectDockerfile();
    const stage = projectDockerfile && this.productionStage(projectDockerfile);
    for (const entry of entries) {
      if (ONE_OFF_TYPES.test(entry.type)) continue;
      this.launch({
        name: entry.type,
        argv: ['sh', '-c', entry.command],
        location: entry.location,
        text: `Procfile process type ${entry.type}`,
        supervision: { by: 'platform', restarts: true, detail: `Procfile process type ${entry.type} (the platform restarts it)`, location: entry.location },
        env: projectDockerfile && stage ? effectiveEnv(projectDockerfile, stage) : [],
        envOpen: 'the platform sets config variables outside the repository',
        purpose,
        paths: projectDockerfile && stage ? { ...this.imagePaths(projectDockerfile, stage), dir: path.dirname(file) } : { dir: path.dirname(file) },
      });
    }
  }

  private readUnitAt(file: string): void {
    const source = this.text(file);
    if (source === undefined) return;
    const unit = readUnit(file, source);
    const purpose = this.purposeOf(file);
    this.addFile(file, 'systemd', purpose, unit.problem);
    if (!unit.execStart) return;
    const name = path.basename(file).replace(/\.service$/, '');
    const envFiles = this.envFiles(
      unit.environmentFiles.map((ref) => ({ path: ref.path, required: !ref.optional })),
      path.dirname(file),
      `${name}.service`,
    );
    const restart = unit.restart?.value ?? 'no';
    this.launch({
      name,
      argv: unit.execStart.argv,
      location: unit.execStart.location,
      text: `${path.basename(file)} ExecStart runs ${describeArgv(unit.execStart.argv)}`,
      supervision: {
        by: 'systemd',
        restarts: RESTARTING_VALUES.has(restart),
        detail: unit.restart ? `Restart=${restart}` : "the unit has no Restart= (systemd's default is not to restart)",
        location: unit.restart?.location ?? unit.serviceSection?.location ?? unit.execStart.location,
      },
      env: [...envFiles.env, ...unit.environment.map((e) => ({ ...e, source: `${path.basename(file)} Environment=` }))],
      envOpen: envFiles.missing.length ? `${path.basename(file)} reads ${envFiles.missing.join(', ')}, which is not in the repository` : undefined,
      purpose,
      paths: {
        dir: unit.workingDirectory && !unit.workingDirectory.startsWith('/') ? path.resolve(path.dirname(file), unit.workingDirectory) : path.dirname(file),
      },
      user: unit.user,
    });
  }

  private readSupervisorAt(file: string, purposeOverride?: Purpose): void {
    const source = this.text(file);
    if (source === undefined) return;
    const purpose = purposeOverride ?? this.purposeOf(file);
    this.addFile(file, 'supervisor', purpose);
    for (const program of readSupervisorPrograms(file, source)) {
      const autorestart = program.autorestart?.value ?? 'unexpected';
      const restarts = program.autostart && autorestart !== 'false';
      this.launch({
        name: program.name,
        argv: program.argv,
        location: program.location,
        text: `${path.basename(file)} [program:${program.name}] runs ${describeArgv(program.argv)}`,
        supervision: {
          by: 'supervisor',
          restarts,
          detail: !program.autostart ? 'autostart=false' : program.autorestart ? `autorestart=${autorestart}` : 'autorestart=unexpected (the default)',
          location: program.autorestart?.location ?? program.location,
        },
        env: program.env,
        purpose,
        paths: {
          dir: program.directory && !program.directory.startsWith('/') ? path.resolve(path.dirname(file), program.directory) : path.dirname(file),
          workdir: program.directory,
        },
        user: program.user,
      });
    }
  }

  private readS6At(file: string): void {
    const type = this.text(path.join(path.dirname(file), 'type'));
    const service = s6ServiceOf(file, type);
    if (!service) return;
    const purpose = this.purposeOf(file);
    this.addFile(file, 's6', purpose);
    const location = new FileText(file, this.text(file) ?? '').at(0);
    this.launch({
      name: service.name,
      argv: [file],
      location,
      text: `s6 service ${service.name}`,
      supervision: { by: 's6', restarts: service.longrun, detail: service.longrun ? 'an s6 longrun (s6 restarts it)' : 'an s6 oneshot', location },
      env: [],
      purpose,
      paths: { dir: path.dirname(file) },
    });
  }

  private readApacheAt(file: string): void {
    const source = this.text(file);
    if (source === undefined) return;
    const config = readApache(file, source);
    const purpose = this.purposeOf(file);
    this.addFile(file, 'apache', purpose);
    const daemons = config.daemons.length
      ? config.daemons
      : config.scriptAliases.map((alias) => ({ name: 'embedded', processes: undefined, threads: undefined, user: undefined, location: alias.location }));
    for (const daemon of daemons) {
      const script = config.scriptAliases[0]?.script;
      this.processes.push({
        name: daemon.name,
        roles: ['web'],
        program: {
          program: 'mod_wsgi',
          roles: ['web'],
          interface: 'wsgi',
          app: script,
          workers:
            daemon.name === 'embedded'
              ? { count: undefined, source: "Apache's own worker processes (mod_wsgi embedded mode)" }
              : { count: daemon.processes, source: `WSGIDaemonProcess ${daemon.name} processes=${daemon.processes ?? '?'} in ${path.basename(file)}` },
        },
        command: ['httpd', 'mod_wsgi'],
        chain: [
          {
            location: daemon.location,
            text: `${path.basename(file)} runs Django in mod_wsgi ${daemon.name === 'embedded' ? 'embedded mode' : `daemon processes (${daemon.name})`}`,
          },
        ],
        location: daemon.location,
        supervision: { by: 'apache', restarts: true, detail: 'Apache starts and restarts its mod_wsgi processes', location: daemon.location },
        environment: [],
        environmentOpen: true,
        environmentOpenReason: 'Apache passes its own environment',
        purpose,
        user: daemon.user,
        alternatives: [],
      });
    }
  }

  private registerConfig(file: string, format: 'uwsgi' | 'gunicorn'): void {
    if (this.files.has(file)) return;
    const text = this.text(file);
    if (text === undefined) return;
    let problem: DeployFile['problem'];
    if (format === 'uwsgi') problem = (/\.ya?ml$/.test(file) ? readUwsgiYaml(file, text) : readUwsgiIni(file, text)).problem;
    else problem = readGunicornConfig(this.input.parseCache.get(file, text, `deploy:${text.length}`)).problem;
    this.addFile(file, format, this.purposeOf(file), problem);
  }

  /** Production images no compose service or Kubernetes container runs: their command runs wherever the image is deployed. */
  private readStandaloneImages(appJson: { container: boolean; location: Location } | undefined): void {
    const hasProcfile = [...this.files.values()].some((f) => f.format === 'procfile' && f.purpose.production);
    for (const dockerfile of this.dockerfiles.values()) {
      const purpose = this.files.get(dockerfile.file)?.purpose ?? PRODUCTION;
      const stage = this.productionStage(dockerfile);
      if (!stage || !purpose.production || this.usedImages.has(`${dockerfile.file}#${stage.index}`)) continue;
      const command = this.imageCommand(dockerfile, stage);
      if (!command) continue;
      const platform = appJson?.container && !hasProcfile && path.dirname(dockerfile.file) === path.dirname(appJson.location.file);
      const stageName = stage.name ? ` (stage ${stage.name})` : '';
      this.launch({
        name: stage.name ?? path.basename(dockerfile.file),
        argv: command.argv,
        location: command.location,
        text: `${path.basename(dockerfile.file)}${stageName} runs ${describeArgv(command.argv)}`,
        supervision: platform
          ? { by: 'platform', restarts: true, detail: 'app.json: the platform runs the image and restarts it', location: appJson!.location }
          : { by: 'container', restarts: undefined, detail: "the image's command", location: command.location },
        env: effectiveEnv(dockerfile, stage),
        envOpen: 'the container gets the rest of its environment where it runs',
        purpose,
        paths: this.imagePaths(dockerfile, stage),
        user: effectiveUser(dockerfile, stage),
      });
    }
  }

  /** Scripts that run a server or worker but that no production file starts (e.g. bin/run-worker.sh for an orchestrator outside the repository). */
  private findUnlaunched(): UnlaunchedProgram[] {
    const found: UnlaunchedProgram[] = [];
    const seen = new Set<string>();
    let read = 0;
    for (const file of this.input.scripts) {
      if (read >= MAX_UNLAUNCHED_SCRIPTS) break;
      if (this.reached.has(file) || seen.has(file) || !this.purposeOf(file).production) continue;
      if (!/\.(sh|bash)$|^(run|start|entrypoint|docker-entrypoint|cmd)([._-]|$)|^[^.]+$/i.test(path.basename(file))) continue;
      seen.add(file);
      read++;
      const text = this.text(file);
      if (text === undefined || (!/^#!.*\b(sh|bash|dash|execlineb)\b/.test(text) && !/\.(sh|bash)$/.test(file))) continue;
      const fileText = new FileText(file, text);
      for (const command of parseShell(text)) {
        const { argv } = expandCommand(command, { vars: new Map(), args: undefined });
        const { reading } = readCommand(argv);
        if (reading.kind !== 'program') continue;
        const location = fileText.at(command.start, command.end);
        const context: FollowContext = {
          env: new Map(),
          args: undefined,
          paths: { dir: path.dirname(file) },
          depth: 0,
          chain: [{ location, text: '' }],
          production: true,
          visiting: new Set(),
        };
        found.push({ location, program: this.enrich(reading.program, reading.argv, context, new Map()).program, command: reading.argv });
      }
    }
    return found;
  }

  // ---- settings module ---------------------------------------------------------------------------

  /** A module found through the process's PYTHONPATH (`COPY docker/prod.py /extra/` with `PYTHONPATH=/extra`). */
  private onPythonPath(process: DeployedProcess, module: string): string | undefined {
    const pythonPath = [...process.environment].reverse().find((e) => e.name === 'PYTHONPATH')?.value;
    const context = this.processPaths.get(process);
    if (!pythonPath || !context) return undefined;
    for (const dir of pythonPath.split(':').filter((d) => d.startsWith('/'))) {
      const file = this.paths.resolve(`${dir.replace(/\/$/, '')}/${module.split('.').join('/')}.py`, context);
      if (file) return file;
    }
    return undefined;
  }

  /** Values production gives a variable: the web processes' first, then other processes', then env files'. */
  private settingCandidates(name: string, processes: DeployedProcess[]): DeploymentSetting[] {
    const candidates: DeploymentSetting[] = [];
    const production = processes.filter((p) => p.purpose.production);
    const ordered = [...production.filter((p) => p.roles.includes('web')), ...production.filter((p) => !p.roles.includes('web'))];
    for (const process of ordered) {
      const assignment = [...process.environment].reverse().find((e) => e.name === name && e.value);
      if (assignment?.value)
        candidates.push({
          value: assignment.value,
          location: assignment.location,
          source: assignment.source,
          file: this.onPythonPath(process, assignment.value),
        });
      if (name === 'DJANGO_SETTINGS_MODULE') {
        const option = settingsOption(process.command);
        if (option) candidates.push({ value: option, location: process.chain[process.chain.length - 1].location, source: `--settings in ${process.name}` });
      }
    }
    for (const assignment of this.standaloneEnv)
      if (assignment.name === name && assignment.value) candidates.push({ value: assignment.value, location: assignment.location, source: assignment.source });
    const seen = new Set<string>();
    return candidates.filter((candidate) => {
      const value = candidate.value.trim();
      if (!/^[A-Za-z_][\w]*(\.[A-Za-z_]\w*)*$/.test(value) || seen.has(value)) return false;
      if (name === 'DJANGO_SETTINGS_MODULE' && roleOf(value) === 'development') return false;
      seen.add(value);
      candidate.value = value;
      return true;
    });
  }
}

function settingsOption(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--settings') return argv[i + 1];
    if (argv[i].startsWith('--settings=')) return argv[i].slice('--settings='.length);
  }
  return undefined;
}

function imageName(image: string): string {
  return image.split('@')[0].replace(/:[^/:]*$/, '');
}

/** Words that can name a project or component in an image or path, without registry and template noise. */
const GENERIC_WORDS = new Set([
  'docker',
  'dockerfile',
  'io',
  'ghcr',
  'quay',
  'gcr',
  'com',
  'org',
  'net',
  'eu',
  'pub',
  'library',
  'latest',
  'image',
  'images',
  'repository',
  'values',
  'tag',
  'default',
  'dict',
  'chart',
  'appversion',
  'template',
  'include',
  'release',
  'name',
  'x',
  'src',
  'app',
  'web',
  'server',
  'python',
  'project',
  'api',
  'settings',
  'core',
  'common',
  'config',
  'main',
  'prod',
  'production',
  'stage',
  'base',
  'final',
  'runtime',
  'image',
  'container',
  'the',
  'and',
  'deploy',
  'docker-compose',
  'compose',
  'v1',
  'v2',
  'amd64',
  'arm64',
  'slim',
  'alpine',
]);

function wordsOf(text: string): string[] {
  const lower = text.toLowerCase();
  // `y-provider` is also `yprovider` (a chart's `yProvider`), `impress_backend` also `impressbackend`.
  const joined = lower
    .split(/[^a-z0-9_-]+/)
    .filter((chunk) => /[_-]/.test(chunk))
    .map((chunk) => chunk.replace(/[_-]/g, ''));
  return [...lower.split(/[^a-z0-9]+/), ...joined].filter((word) => word.length > 1 && !GENERIC_WORDS.has(word) && !/^x+$/.test(word) && !/^\d+$/.test(word));
}

function describeArgv(argv: string[]): string {
  const text = argv.join(' ');
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function findChartRoot(fs: FileSystem, file: string): string | undefined {
  let dir = path.dirname(file);
  for (let i = 0; i < 4; i++) {
    if (fs.stat(path.join(dir, 'Chart.yaml'))) return dir;
    dir = path.dirname(dir);
  }
  return undefined;
}

/** Images of services a Django project runs beside itself, never the project's own code. */
const THIRD_PARTY = new Set([
  'postgres',
  'postgis',
  'mysql',
  'mariadb',
  'redis',
  'valkey',
  'memcached',
  'rabbitmq',
  'nginx',
  'traefik',
  'caddy',
  'httpd',
  'apache',
  'elasticsearch',
  'opensearch',
  'kibana',
  'logstash',
  'minio',
  'mailhog',
  'mailcatcher',
  'mailpit',
  'keycloak',
  'node',
  'selenium',
  'localstack',
  'adminer',
  'pgadmin4',
  'grafana',
  'prometheus',
  'busybox',
  'alpine',
  'ubuntu',
  'debian',
  'zookeeper',
  'kafka',
  'mongo',
  'mongodb',
  'haproxy',
  'varnish',
  'certbot',
  'jaeger',
  'otel',
  'flower',
  'pgbouncer',
  'clickhouse',
  'solr',
  'meilisearch',
  'typesense',
  'qdrant',
  'cloudsql-proxy',
  'nginx-prometheus-exporter',
  'cloud-sql-proxy',
  'standalone-chrome',
  'chrome',
  'sentry',
  'y-provider',
]);

/** True when an image (or a template that names one) is a known third-party service rather than the project's own. */
function isThirdPartyImage(image: string): boolean {
  const name = image.split('@')[0].split('/').pop()!.split(':')[0].toLowerCase();
  return (
    THIRD_PARTY.has(name) ||
    image
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .some((word) => THIRD_PARTY.has(word) && word !== 'node')
  );
}
