export {
  NORTH_SANDBOX_CLIENT,
  NORTH_SANDBOX_MERCHANT,
  NorthSimulator,
  REPLY_BY_DAYS,
  caseOn,
  seedNorthCases,
  type NorthSimCase,
  type NorthSimClient,
  type NorthSimSale,
  type NorthSimulatorOptions,
} from './simulator';
export { startNorthSandbox, type NorthSandboxOptions, type RunningNorthSandbox } from './server';
