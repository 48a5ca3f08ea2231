// What rules see: the production settings after evaluation, with Django's defaults for unset names, where each
// value was set, and the chain of modules production loads.
import * as path from 'node:path';
import type { EvaluationResult } from '../python/evaluator';
import type { EnvRead, ModuleResult } from '../python/evalContext';
import type { ParsedFile } from '../python/parseCache';
import { union, type Binding, type Value } from '../python/values';
import type { DjangoProject, DjangoVersion } from '../project/model';
import type { Location, RelatedInfo } from '../types';
import { djangoDefault } from './defaults';

export interface Setting {
  name: string;
  /** The value production sees; for a name that may or may not be set, a union including Django's default. */
  value: Value;
  /** Where it was set, if anywhere. */
  binding: Binding | undefined;
  isDefault: boolean;
}

export class SettingsView {
  readonly production: ModuleResult;
  readonly parsed: ParsedFile;
  readonly version: DjangoVersion;

  constructor(
    readonly project: DjangoProject,
    readonly evaluation: EvaluationResult,
  ) {
    this.production = evaluation.module;
    this.parsed = evaluation.module.parsed!;
    this.version = project.djangoVersion;
  }

  get file(): string {
    return this.production.ref.file;
  }

  get moduleName(): string {
    return this.production.ref.name;
  }

  get envReads(): EnvRead[] {
    return this.evaluation.envReads;
  }

  /** True when an unknown star import may have defined names we cannot see. */
  get isOpen(): boolean {
    return this.production.open;
  }

  has(name: string): boolean {
    return this.evaluation.settings.has(name);
  }

  get(name: string): Setting {
    const binding = this.evaluation.settings.get(name);
    const fallback = djangoDefault(name, this.version);
    if (!binding) {
      // Code the engine cannot follow may have set it: Django's default is only a guess then.
      const value: Value = this.isOpen
        ? { kind: 'unknown', reason: `${name} may be set by code we cannot follow`, lost: true }
        : (fallback ?? { kind: 'unknown', reason: `${name} is not set` });
      return { name, value, binding: undefined, isDefault: true };
    }
    const value = binding.maybeUnset && fallback ? union([binding.value, fallback]) : binding.value;
    return { name, value, binding, isDefault: false };
  }

  value(name: string): Value {
    return this.get(name).value;
  }

  /** Where a finding about a setting belongs: the statement that set it, else the anchor in the production module. */
  locationOf(name: string): Location {
    return this.get(name).binding?.statement ?? this.anchor();
  }

  /**
   * Where findings about settings the production module does not set are reported: its first line, one stable
   * place whatever statements come and go below it (the first statement after the imports moved with every edit).
   */
  anchor(): Location {
    const lineEnd = this.parsed.lines.lineEnd(0);
    return { file: this.file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: lineEnd } } };
  }

  /** The modules production loads, as related information: "production.py imports base.py (line 3)". */
  moduleChain(): RelatedInfo[] {
    const related: RelatedInfo[] = [];
    for (const module of this.evaluation.modules) {
      for (const edge of module.imports) {
        if (!edge.star || !this.evaluation.modules.some((m) => m.ref.file === edge.target.file)) continue;
        related.push({
          location: edge.location,
          message: `${module.ref.name} imports everything from ${edge.target.name}${edge.optional ? ' (if present)' : ''}`,
        });
      }
    }
    return related;
  }

  /** Related information for a finding in an inherited module: how production reaches it. */
  chainTo(location: Location): RelatedInfo[] {
    if (location.file === this.file) return [];
    return [
      { location: this.anchor(), message: `Production loads ${this.moduleName}, which inherits this from ${path.basename(location.file)}` },
      ...this.moduleChain(),
    ];
  }
}
