// Errors shaped like node-rfc's: plain objects, not Error instances (SAP/node-rfc nwrfcsdk.cc).

export interface RfcLibError {
  name: 'RfcLibError';
  group: number;
  code: number;
  codeString: string;
  key: string;
  message: string;
}

export interface AbapError {
  name: 'ABAPError';
  group: number;
  code: number;
  codeString: string;
  key: string;
  message: string;
  abapMsgClass: string;
  abapMsgType: string;
  abapMsgNumber: string;
  abapMsgV1: string;
  abapMsgV2: string;
  abapMsgV3: string;
  abapMsgV4: string;
}

export interface NodeRfcError {
  name: 'nodeRfcError';
  message: string;
}

export const invalidParameter = (field: string): RfcLibError => ({
  name: 'RfcLibError',
  group: 5,
  code: 20,
  codeString: 'RFC_INVALID_PARAMETER',
  key: 'RFC_INVALID_PARAMETER',
  message: `field '${field}' not found`,
});

export const communicationFailure = (detail = 'Connection closed by peer'): RfcLibError => ({
  name: 'RfcLibError',
  group: 4,
  code: 1,
  codeString: 'RFC_COMMUNICATION_FAILURE',
  key: 'RFC_COMMUNICATION_FAILURE',
  message: `partner '127.0.0.1:sapgw00' not reached\n${detail}`,
});

export const logonFailure = (): RfcLibError => ({
  name: 'RfcLibError',
  group: 3,
  code: 2,
  codeString: 'RFC_LOGON_FAILURE',
  key: 'RFC_LOGON_FAILURE',
  message: 'Name or password is incorrect (repeat logon)',
});

export const canceled = (): RfcLibError => ({
  name: 'RfcLibError',
  group: 4,
  code: 7,
  codeString: 'RFC_CANCELED',
  key: 'RFC_CANCELED',
  message: 'Connection was canceled.',
});

/** A classic ABAP exception (RAISE), e.g. DATA_BUFFER_EXCEEDED from RFC_READ_TABLE. */
export const abapException = (key: string): AbapError => ({
  name: 'ABAPError',
  group: 1,
  code: 5,
  codeString: 'RFC_ABAP_EXCEPTION',
  key,
  message: key,
  abapMsgClass: '',
  abapMsgType: '',
  abapMsgNumber: '000',
  abapMsgV1: '',
  abapMsgV2: '',
  abapMsgV3: '',
  abapMsgV4: '',
});

export const conversionError = (message: string): NodeRfcError => ({ name: 'nodeRfcError', message });

export const closedConnection = (what: string): NodeRfcError => ({
  name: 'nodeRfcError',
  message: `RFM client request over closed connection: ${what}`,
});
