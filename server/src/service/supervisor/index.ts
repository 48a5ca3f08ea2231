// Public surface of the supervisor module.
export { validateSupervisorFiles, type SupervisorFileInput, type SupervisorProjectContext } from './validate';
export { isSupervisorFile } from './detect';
export { generateSupervisorConfigs, type SupervisorGeneratorSpec, type GeneratedFile } from './generate';
export { parseIni, type IniDocument, type IniEntry, type IniSection } from './ini';
export { CODES as SUPERVISOR_CODES } from './codes';
export { analyzeCommand, celerySubcommand, hasOption, optionValue, type CommandInfo, type CommandKind } from './command';
