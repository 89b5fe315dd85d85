// The one card-data policy (docs/ARCHITECTURE.md, "Security"): card numbers and security codes are masked
// wherever text from outside is stored or printed. Import from here; the files behind it are its parts.
export { containsCardData, containsCardText, redactCardData, redactCardText } from './card-data';
export { containsPan, isPanDigits, luhnValid, maskPan, redactPans } from './pan';
export { containsCsc, redactCsc } from './csc';
export { maskCardField } from './card-fields';
