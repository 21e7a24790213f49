/**
 * Monitoring rules (监测规则): the query language (query.ts), its matchers for one rule or a whole
 * pack (match.ts), and rule-pack files (rule-pack.ts, data/rules/starter.json).
 */
export {
  parseQuery,
  formatQuery,
  normalizeTerm,
  QueryError,
  MAX_QUERY_LENGTH,
  MAX_DEPTH,
  MAX_NEAR,
  type Query,
  type QueryNode,
  type TermNode,
  type QueryErrorCode,
  type Field,
} from './query.ts';
export {
  compileQuery,
  compileRulePack,
  RuleEngine,
  TermScanner,
  necessaryFilter,
  type Match,
  type MatchDoc,
  type TermHit,
  type PackRule,
  type RuleMatch,
  type TextFilter,
} from './match.ts';
export { rulePackSchema, loadRulePack, topicKeySchema, NO_TOPIC, STARTER_PACK_FILE, type RulePack } from './rule-pack.ts';
