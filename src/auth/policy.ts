/**
 * Who may do what. Every HTTP route and every socket event names one action from this table;
 * anything not listed here is denied.
 */
export const roles = ['admin', 'staff', 'duty', 'leader'] as const;
export type Role = (typeof roles)[number];

export const policy = {
  /** See the live board and the mention stream. */
  'board.view': ['admin', 'staff', 'duty', 'leader'],
  'mentions.read': ['admin', 'staff', 'duty', 'leader'],
  'mentions.export': ['admin', 'staff'],
  'sources.read': ['admin', 'staff', 'duty', 'leader'],
  'sources.write': ['admin', 'staff'],
  /** "Fetch now": duty officers may re-check a source while on shift. */
  'sources.fetch': ['admin', 'staff', 'duty'],
  /** Topics and monitoring rules, and backtests of a query. */
  'rules.read': ['admin', 'staff', 'duty', 'leader'],
  'rules.write': ['admin', 'staff'],
  /** Marking a mention as needing a response (or not), correcting its topic or sentiment. */
  'labels.write': ['admin', 'staff', 'duty'],
  'models.read': ['admin', 'staff'],
  /** Activating a model version (and so rolling back). */
  'models.manage': ['admin'],
  /** Press events, people, quota status and reports; leaders follow their own appearances. */
  'press.read': ['admin', 'staff', 'duty', 'leader'],
  /** Recording events and people, changing quota rules. */
  'press.write': ['admin', 'staff'],
  /** Quarterly and yearly reports (HTML, XLSX, CSV, PDF downloads); duty officers work the shift, not the reports. */
  'reports.read': ['admin', 'staff', 'leader'],
  /** Accounts: listing them; creating, changing, disabling them and resetting their passwords. */
  'users.read': ['admin'],
  'users.manage': ['admin'],
  /** Reading one's own account (GET /api/auth/me). */
  'self.read': ['admin', 'staff', 'duty', 'leader'],
  /** Changing one's own password. */
  'self.password': ['admin', 'staff', 'duty', 'leader'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof policy;

/** True when the role may perform the action; unknown roles and actions are denied. */
export function can(role: string | undefined, action: string): boolean {
  if (!role || !Object.hasOwn(policy, action)) return false;
  return (policy[action as Action] as readonly string[]).includes(role);
}

/** Role names in Chinese, for the board and the CLI. */
export const roleLabels: Record<Role, string> = {
  admin: '管理员',
  staff: '宣传处工作人员',
  duty: '值班员',
  leader: '厅领导',
};
