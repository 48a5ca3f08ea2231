// How startup findings name the project's Django, so every refusal reads the same: "Django 4.2 refuses to start".
import type { SettingsView } from '../../settings/settingsView';

export function series(view: SettingsView): string {
  return `${view.version.major}.${view.version.minor}`;
}

export function refusesToStart(view: SettingsView): string {
  return `Django ${series(view)} refuses to start`;
}
