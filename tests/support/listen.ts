import type http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts a test's stand-in server on a free local port; `close` also drops kept-alive connections. */
export async function listenLocally(server: http.Server): Promise<{ url: string; close: () => Promise<void> }> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
