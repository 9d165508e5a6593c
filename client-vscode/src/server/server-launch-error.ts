/** The server cannot be launched as configured; the message says how to fix it. */
export class ServerLaunchError extends Error {
  override readonly name = 'ServerLaunchError';
}
