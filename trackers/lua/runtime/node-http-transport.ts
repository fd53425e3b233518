// The HTTP client behind the fengari runtime's emitter: Node's fetch with a timeout. Answers the Lua
// transport contract: the status, or a message when no answer came (which the emitter retries).
export interface LuaHttpRequest {
  readonly method: string;
  readonly url: string;
  readonly body?: string;
  readonly headers?: Record<string, string>;
}

export type LuaHttpAnswer = { status: number } | { error: string };

export type LuaHttpClient = (request: LuaHttpRequest) => Promise<LuaHttpAnswer>;

export function nodeHttpClient(timeoutMs = 5000): LuaHttpClient {
  return async (request) => {
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer();
      return { status: response.status };
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return { error: cause?.code ?? cause?.message ?? (error as Error).message };
    }
  };
}
