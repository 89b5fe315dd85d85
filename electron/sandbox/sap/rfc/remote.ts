// RFC over a real connection: the sandbox's function modules served on a loopback TCP port
// (startRemoteRfcServer, in the process that holds the ledger) and node-rfc's { Client, Pool }
// talking to it (createRemoteRfc, in any process). One TCP connection is one stateful SAP session;
// uncommitted work dies with the connection, as with a dropped RFC session. The BAPIs, logon,
// parameter checks and fault knobs are the in-process sandbox's own (see remote-server.ts).
//
//   const server = await startRemoteRfcServer(createSandboxRfc(ledger, { users }));
//   // elsewhere:
//   const sap = createRfcSapSystem(createRemoteRfc({ port: server.port }), connectionParameters);
export { startRemoteRfcServer, type RemoteRfcServer, type RemoteRfcServerOptions } from './remote-server';
export {
  createRemoteRfc,
  RemoteClient,
  RemotePool,
  type RemoteRfc,
  type RemoteRfcAddress,
  type RemoteRfcOptions,
  type RemoteCallInfo,
} from './remote-client';
export type { ClientFrame, ServerFrame, FaultControl } from './remote-protocol';
