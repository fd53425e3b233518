// Tracking never throws into the host page: every entry point (tracker method, DOM listener, tag command) runs
// through `guard`, which logs an exception instead of letting it reach the page's code. The emitter calls the
// user's outcome callback through it too, so a failing callback cannot break delivery.

export function guard<A extends unknown[], R>(run: (...args: A) => R, name = ''): (...args: A) => R | undefined {
  return (...args) => {
    try {
      return run(...args);
    } catch (error) {
      console.warn('snowline: ' + name, error);
      return undefined;
    }
  };
}
