/** Monitoring rules: the query language, its matcher and rule packs. */
export { parseQuery, formatQuery, normalizeTerm, QueryError, type Query, type QueryNode, type QueryErrorCode, type Field } from './query.ts';
export { compileQuery, necessaryFilter, RuleEngine, TermScanner, type MatchDoc, type TermHit, type PackRule, type TextFilter } from './match.ts';
export { rulePackSchema, loadRulePack, STARTER_PACK_FILE, type RulePack } from './rule-pack.ts';
