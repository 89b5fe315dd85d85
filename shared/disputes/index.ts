// Chargebacks and disputes (issue 13): the case model, the networks' reason codes, processors' report
// files, and matching a case to the PayTrace sale it disputes. Pure; the store keeps the cases.
export * from './model';
export * from './reason-codes';
export * from './report';
export * from './match';
export * from './webhook';
export * from './north';
export * from './posting';
