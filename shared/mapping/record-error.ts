/** A bad input record, named so a person can find it: "transactions[12] (transaction_id 1234)". */
export class RecordError extends Error {
  constructor(
    readonly record: string,
    message: string,
  ) {
    super(`${record}: ${message}`);
    this.name = 'RecordError';
  }
}
