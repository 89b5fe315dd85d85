// Where a dead letter came from, in the clerk's words. The core may add sources; an unknown one
// shows as it is written.
const SOURCE_LABELS: Readonly<Record<string, string>> = {
  paytrace: 'PayTrace',
  posting: 'SAP posting',
  sap: 'SAP',
  sync: 'Sync',
};

export const sourceLabel = (source: string): string => SOURCE_LABELS[source] ?? source;
