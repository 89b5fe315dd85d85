export { DEMO_USER, PayTraceSimulator, type SimulatorOptions } from './simulator';
export { startPayTraceSandbox, type RunningSandbox, type SandboxOptions } from './server';
export { runPayTraceSandbox, type RunSandboxOptions } from './cli';
export { generateBusinessDay, type BusinessDayOptions } from './demo-day';
export { ManualClock, realClock, type SimClock } from './clock';
export { NO_FAULTS, type FaultSettings, type FaultStats, type FaultUpdate } from './faults';
export { MALFORMED_KINDS, type MalformedKind } from './records';
export type { SandboxUser } from './auth';
export type { SimBatch, SimTransaction } from './model';
