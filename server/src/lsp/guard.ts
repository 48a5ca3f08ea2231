// Every handler runs through `guarded`: an exception is logged and answered with a fallback value, so one
// bad file or bug never takes the server (or the other projects) down.
export interface Logger {
  info(message: string): void;
  error(message: string): void;
}

export function guarded<A extends unknown[], R>(log: Logger, label: string, fallback: R, handler: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A): Promise<R> => {
    try {
      return await handler(...args);
    } catch (error) {
      log.error(`${label} failed: ${describeError(error)}`);
      return fallback;
    }
  };
}

export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
