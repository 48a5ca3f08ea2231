// Imports in settings modules: the project's own modules are evaluated (star imports copy their names, cycles
// are reported), anything else becomes an opaque module whose modelled members (os, pathlib, environ, decouple,
// ...) the evaluator knows.
import { getAttribute, importModule } from './builtins';
import { bind, type Frame, locationOf, nodeText } from './evalContext';
import type { ModuleRef } from './modules';
import { child, type PyNode } from './syntax';
import { unknown, type Value } from './values';

function relativeParts(node: PyNode, frame: Frame): { level: number; name: string } | undefined {
  const moduleName = child(node, 'module_name');
  if (!moduleName) return undefined;
  if (moduleName.type === 'relative_import') {
    const prefix = moduleName.children.find((c) => c.type === 'import_prefix');
    const dotted = moduleName.children.find((c) => c.type === 'dotted_name');
    return { level: prefix ? nodeText(frame, prefix).length : 0, name: dotted ? nodeText(frame, dotted) : '' };
  }
  return { level: 0, name: nodeText(frame, moduleName) };
}

export function importTarget(node: PyNode, frame: Frame): ModuleRef | undefined {
  const parts = relativeParts(node, frame);
  if (!parts) return undefined;
  const resolver = frame.session.resolver;
  const absolute = parts.level ? resolver.absoluteName(frame.module.ref, parts.level, parts.name) : parts.name;
  return absolute ? resolver.resolve(absolute) : undefined;
}

export function isExternalImport(node: PyNode, frame: Frame): boolean {
  const parts = relativeParts(node, frame);
  if (!parts || parts.level > 0) return false;
  return !frame.session.resolver.isProjectPackage(parts.name.split('.')[0]);
}

export function hasWildcard(node: PyNode): boolean {
  return node.children.some((c) => c.type === 'wildcard_import');
}

export function executeImportFrom(node: PyNode, frame: Frame, optional: boolean): void {
  const parts = relativeParts(node, frame);
  if (!parts) return;
  const resolver = frame.session.resolver;
  const absolute = parts.level ? resolver.absoluteName(frame.module.ref, parts.level, parts.name) : parts.name;
  const location = locationOf(frame, node);
  const star = hasWildcard(node);
  const target = absolute ? resolver.resolve(absolute) : undefined;
  if (!target) {
    const projectImport = parts.level > 0 || (absolute !== undefined && resolver.isProjectPackage(absolute.split('.')[0]) && !absolute.startsWith('django.'));
    if (projectImport) {
      frame.session.problems.push({
        kind: 'unresolved-import',
        message: `Cannot find module ${'.'.repeat(parts.level)}${parts.name} imported by ${frame.module.ref.name}; its settings are unknown.`,
        location,
        related: [],
      });
    }
    if (star) frame.module.open = true;
    const external = importModule(absolute ?? parts.name);
    for (const [name, alias] of importedNames(node, frame)) bind(frame, alias, { value: getAttribute(external, name, frame), statement: location });
    return;
  }
  if (!frame.module.imports.some((edge) => edge.location.range.start.line === location.range.start.line && edge.target.file === target.file)) {
    frame.module.imports.push({ location, target, star, optional });
  }
  const cycle = frame.session.stack.findIndex((ref) => ref.file === target.file);
  if (cycle >= 0) {
    const chain = [...frame.session.stack.slice(cycle).map((ref) => ref.name), target.name].join(' → ');
    frame.session.problems.push({
      kind: 'import-cycle',
      message: `Circular import: ${chain}. Python stops with an ImportError or sees half-defined settings; remove one of these imports.`,
      location,
      related: [],
    });
    frame.module.open = frame.module.open || star;
    return;
  }
  const imported = frame.session.loadModule(target, location);
  if (star) {
    for (const [name, binding] of imported.namespace) if (!name.startsWith('_')) bind(frame, name, binding);
    frame.module.open = frame.module.open || imported.open;
    if (imported.lostSight && !frame.module.lostSight) frame.module.lostSight = imported.lostSight;
    return;
  }
  for (const [name, alias] of importedNames(node, frame)) {
    const binding = imported.namespace.get(name);
    if (binding) bind(frame, alias, binding);
    else {
      const submodule = resolver.resolve(`${target.name}.${name}`);
      const value: Value = submodule
        ? { kind: 'module', name: submodule.name, namespace: frame.session.loadModule(submodule, location).namespace }
        : unknown(`${name} is not defined in ${target.name}`);
      bind(frame, alias, { value, statement: location });
    }
  }
}

/** `(name, alias)` pairs of `from x import a, b as c`. */
function importedNames(node: PyNode, frame: Frame): [string, string][] {
  const pairs: [string, string][] = [];
  for (const c of node.children) {
    if (c.field !== 'name') continue;
    if (c.type === 'aliased_import') {
      const name = child(c, 'name');
      const alias = child(c, 'alias');
      if (name && alias) pairs.push([nodeText(frame, name), nodeText(frame, alias)]);
    } else pairs.push([nodeText(frame, c), nodeText(frame, c)]);
  }
  return pairs;
}

export function executeImport(node: PyNode, frame: Frame): void {
  const location = locationOf(frame, node);
  for (const c of node.children) {
    if (c.field !== 'name') continue;
    const dotted = c.type === 'aliased_import' ? child(c, 'name') : c;
    const alias = c.type === 'aliased_import' ? child(c, 'alias') : undefined;
    if (!dotted) continue;
    const fullName = nodeText(frame, dotted);
    const bindName = alias ? nodeText(frame, alias) : fullName.split('.')[0];
    const moduleName = alias ? fullName : fullName.split('.')[0];
    const project = frame.session.resolver.resolve(moduleName);
    const value: Value = project
      ? { kind: 'module', name: moduleName, namespace: frame.session.loadModule(project, location).namespace }
      : importModule(moduleName);
    bind(frame, bindName, { value, statement: location });
  }
}
