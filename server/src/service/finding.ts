import type { Finding, Fix, Location, RelatedInfo, Severity } from './types';
import type { RuleMeta } from './codes';

export interface FindingOptions {
  related?: RelatedInfo[];
  fix?: Fix | null;
  /** Overrides the rule's default severity for this one finding (e.g. info when the value only may be unsafe). */
  severity?: Severity;
}

export function makeFinding(meta: RuleMeta, location: Location, message: string, options: FindingOptions = {}): Finding {
  return {
    code: meta.code,
    area: meta.area,
    severity: options.severity ?? meta.severity,
    message,
    djangoId: meta.djangoId,
    location: plainLocation(location),
    related: (options.related ?? []).map((info) => ({ ...info, location: plainLocation(info.location) })),
    fix: options.fix ?? null,
  };
}

/** A plain copy: locations the evaluator made work out their range when first read (LineIndex.location). */
function plainLocation(location: Location): Location {
  return { file: location.file, range: location.range };
}
