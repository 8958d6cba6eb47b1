// Live feedback on a new password while it is typed: zxcvbn (zxcvbn-ts), the estimator the server
// uses (zxcvbn-c, src/auth/password_strength.cpp), with the same words of one's own unit and
// account counted as known. Its dictionaries are large, so they load only when a page asks. The
// two implementations differ a little; the server's answer on submitting is the one that counts.
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import type { Me } from './api';

/** The server's threshold (kMinPasswordEntropyBits): log2 of the guesses a new password needs. */
export const MIN_BITS = 40;
/** zxcvbn's own top score (10^10 guesses): below it a password is plainly weak. */
export const WEAK_BITS = 10 * Math.log2(10);
/** The server's length rule (core::kMinPasswordLength, kMaxPasswordLength; the server counts UTF-8
 *  bytes, the page counts characters, which is never more lenient). */
export const MIN_LENGTH = 10;
export const MAX_LENGTH = 256;

/** What would make a password stronger: the server's codes (error.suggestions), in its order. */
export const SUGGESTIONS = [
  'avoid_own_words',
  'avoid_common_words',
  'avoid_substitutions',
  'avoid_repeats',
  'avoid_sequences',
  'avoid_keyboard_patterns',
  'avoid_dates',
  'add_words',
] as const;
export type Suggestion = (typeof SUGGESTIONS)[number];

export interface Strength {
  bits: number;
  level: 'weak' | 'fair' | 'good';
  suggestions: Suggestion[];
}

let estimator: Promise<ZxcvbnFactory> | null = null;

/** Loads zxcvbn and its dictionaries once; later calls share the same promise. */
export function loadEstimator(): Promise<ZxcvbnFactory> {
  // The common dictionaries only (leaked passwords, diceware words; some 220 kB compressed): the
  // English ones would add three times as much to a phone's download for a little more agreement
  // with the server on English words.
  estimator ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([core, common]) =>
      new core.ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs }),
  );
  estimator.catch(() => {
    estimator = null; // a failed download can be tried again on the next visit
  });
  return estimator;
}

function addWord(words: string[], word: string | undefined) {
  if (!word || word.length < 3) return;
  const w = word.toLowerCase();
  if (!words.includes(w)) words.push(w);
}

function addWordAndParts(words: string[], word: string | undefined, separators: RegExp) {
  addWord(words, word);
  for (const part of (word ?? '').split(separators)) if (part !== word) addWord(words, part);
}

/** The words the server counts as known (auth::password_user_words), from GET /auth/me. */
export function ownWords(me: Me | null | undefined): string[] {
  const words: string[] = [];
  if (me?.unit) {
    addWordAndParts(words, me.unit.name, / /);
    addWordAndParts(words, me.unit.code, /_/);
    addWordAndParts(words, me.unit.oid, /\./);
  }
  if (me?.contact) {
    addWordAndParts(words, me.contact.account, /[._\-@]/);
    addWordAndParts(words, me.contact.name, / /);
    addWordAndParts(words, me.contact.email.split('@')[0], /[._\-+]/);
  }
  addWord(words, 'tongbao');
  addWord(words, '通報');
  return words;
}

interface SequenceItem {
  pattern: string;
  token: string;
  dictionaryName?: string;
  l33t?: boolean;
  regexName?: string;
}

function suggestionOf(m: SequenceItem): Suggestion | null {
  switch (m.pattern) {
    case 'dictionary':
      if (m.dictionaryName === 'userInputs') return 'avoid_own_words';
      return m.l33t ? 'avoid_substitutions' : 'avoid_common_words';
    case 'repeat':
      return 'avoid_repeats';
    case 'sequence':
      return 'avoid_sequences';
    case 'spatial':
      return 'avoid_keyboard_patterns';
    case 'date':
      return 'avoid_dates';
    case 'regex':
      return m.regexName === 'recentYear' ? 'avoid_dates' : null;
    default:
      return null;
  }
}

/**
 * zxcvbn's estimate in bits. zxcvbn guesses 10 per character it cannot match, which suits Latin
 * letters, digits and symbols but not Chinese characters (tens of thousands in use): those count as
 * 100 each here, as the server's zxcvbn-c counts characters beyond ASCII.
 */
export function estimate(zxcvbn: ZxcvbnFactory, password: string, words: string[]): Strength {
  const result = zxcvbn.check(password, words);
  let log10 = result.guessesLog10;
  const sequence = result.sequence as SequenceItem[];
  for (const m of sequence)
    if (m.pattern === 'bruteforce') log10 += [...m.token].filter((c) => c.codePointAt(0)! > 0x7f).length;
  const bits = log10 * Math.log2(10);
  const found = new Set(sequence.map(suggestionOf).filter((s): s is Suggestion => s !== null));
  const level = bits >= MIN_BITS ? 'good' : bits >= WEAK_BITS ? 'fair' : 'weak';
  const suggestions = level === 'good' ? [] : SUGGESTIONS.filter((s) => s === 'add_words' || found.has(s));
  return { bits, level, suggestions };
}
