// What a Gatehouse server name may be, with no dependency: the admin API's schema
// (./names) and the core's registry both read it, and the core (loaded by every guard
// process) does not load zod for one regular expression (issue 14: about 3 MB of heap).
export const SERVER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export const SERVER_NAME_RULE = 'a server name is letters, digits, _ . - (up to 64), starting with a letter or digit';
