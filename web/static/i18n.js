// Dictionaries and helpers for the two interface languages. Simplified Chinese is the default;
// the choice is kept in localStorage so it survives the login → board navigation.

/** @typedef {'zh' | 'en'} Lang */

const storageKey = 'huiying.lang';

/** @type {Record<string, string>} */
const zh = {
  'app.title': '回应 · 舆情监测',
  'app.name': '回应',
  'app.subtitle': '舆情监测',
  'lang.switch': 'English',
  'lang.switchLabel': 'Switch to English',

  'login.heading': '登录',
  'login.intro': '请使用单位分配的账号登录。',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.submitting': '正在登录…',
  'login.footer': '仅限授权人员使用 · 操作将被记录',

  'header.logout': '退出登录',
  'header.skip': '跳到信息流',
  'conn.connecting': '连接中…',
  'conn.connected': '已连接',
  'conn.reconnecting': '重新连接中…',

  'role.admin': '管理员',
  'role.staff': '宣传处工作人员',
  'role.duty': '值班员',
  'role.leader': '厅领导',

  'stream.heading': '实时信息流',
  'stream.today': '今日 {n} 条',
  'stream.filterLabel': '筛选信息',
  'stream.filterPlaceholder': '按标题、摘要或信息源筛选',
  'stream.shown': '显示 {shown} / {total} 条',
  'stream.empty': '暂无信息。信息源采集到新内容后会立即显示在这里。',
  'stream.noMatch': '没有符合筛选条件的信息。',
  'stream.reposts': '转载 {n}',
  'level.blue': '蓝色预警',
  'level.yellow': '黄色预警',
  'level.orange': '橙色预警',
  'level.red': '红色预警',
  'level.title': '预警级别：由监测规则、模型、情感倾向、来源权重和转载量综合确定',
  'label.needs': '需回应',
  'label.noNeed': '无需回应',
  'label.group': '标注：是否需要回应',

  'label.topicLabel': '更正专题',
  'label.sentimentLabel': '更正情感倾向',
  'label.topicModel': '专题（模型）：{name}',
  'label.sentimentModel': '情感（模型）：{name}',
  'label.none': '无',
  'label.corrected': '已人工标注',
  'label.fromModel': '模型判断；选择一项即为人工标注',
  'label.failed': '标注未保存：{reason}',
  'sentiment.negative': '负面',
  'sentiment.neutral': '中性',
  'sentiment.positive': '正面',

  'tabs.label': '工作区',

  'warnings.heading': '专题预警',
  'warnings.empty': '暂无专题预警。某个专题的信息量明显超过近 7 天的基线时会在这里提示。',
  'warnings.count': '{n} 条',
  'warnings.badge': '信息量激增',
  'warnings.minutes': '{n} 分钟',
  'warnings.hours': '{n} 小时',
  'warnings.line': '{window}内 {count} 条，基线均值 {mean} 条，预警阈值 {threshold} 条',
  'warnings.chart': '最近 {n} 个时段（每段 {window}）的信息量，最后一段 {count} 条，阈值 {threshold} 条',

  'rules.heading': '监测规则',
  'rules.count': '{topics} 个专题 · {rules} 条规则',
  'rules.ruleCount': '{n} 条规则',
  'rules.empty': '还没有专题和监测规则。',
  'rules.addTopic': '新建专题',
  'rules.addRule': '添加规则',
  'rules.renameTopic': '重命名',
  'rules.deleteTopic': '删除专题',
  'rules.disabled': '已停用',
  'rules.backtest': '回测',
  'rules.edit': '编辑',
  'rules.enable': '启用',
  'rules.disable': '停用',
  'rules.delete': '删除',
  'rules.enabled': '已启用规则「{name}」。',
  'rules.disabledNote': '已停用规则「{name}」。',
  'rules.confirmDelete': '确定删除监测规则「{name}」吗？',
  'rules.deleted': '已删除规则「{name}」。',
  'rules.confirmDeleteTopic': '确定删除专题「{name}」及其 {n} 条规则吗？',
  'rules.topicDeleted': '已删除专题「{name}」。',
  'rules.created': '已添加规则「{name}」。',
  'rules.saved': '已保存规则「{name}」。',
  'rules.topicCreated': '已新建专题「{name}」。',
  'rules.topicSaved': '已保存专题「{name}」。',

  'ruleForm.addTitle': '添加监测规则',
  'ruleForm.editTitle': '编辑监测规则',
  'ruleForm.viewTitle': '查看与回测监测规则',
  'ruleForm.name': '规则名称',
  'ruleForm.topic': '专题',
  'ruleForm.query': '查询式',
  'ruleForm.queryHint': '词语或 "短语"，用 AND / OR / NOT 和括号组合；NEAR/5 表示相距 5 个字以内；title: body: source: 限定字段。例如：(监狱 OR 看守所) AND 死亡',
  'ruleForm.level': '预警等级',
  'ruleForm.enabled': '启用规则',
  'ruleForm.noTopic': '请选择已有的专题',
  'ruleForm.errorAt': '第 {n} 个字符',

  'backtest.legend': '回测：用当前查询式检索已采集的信息（无需先保存）',
  'backtest.days': '最近天数',
  'backtest.run': '回测',
  'backtest.running': '正在回测…',
  'backtest.summary': '最近 {days} 天命中 {count} 条 / 共 {total} 条，用时 {ms} 毫秒',
  'backtest.hits': '命中：{terms}',
  'backtest.more': '另有 {n} 条未列出',
  'field.title': '标题',
  'field.body': '正文',
  'field.source': '来源',

  'topicForm.addTitle': '新建专题',
  'topicForm.editTitle': '重命名专题',
  'topicForm.name': '名称',
  'topicForm.key': '标识',
  'topicForm.keyRule': '小写英文字母开头，只含小写字母、数字和连字符，例如 prisons；创建后不能修改',
  'topicForm.duplicate': '已有相同标识的专题',

  'queue.heading': '待标注',
  'queue.intro': '模型最拿不准的近期信息排在最前：先标注这些，模型学得最快。',
  'queue.count': '{n} 条',
  'queue.refresh': '刷新',
  'queue.empty': '暂无待标注的信息（需要先有已训练的“需回应”模型）。',
  'queue.score': '需回应概率 {p}%',
  'queue.scoreTitle': '“需回应”模型给出的概率；越接近 50% 越拿不准',

  'models.heading': '模型',
  'models.empty': '还没有训练过的模型。',
  'models.active': '使用中',
  'models.activate': '启用此版本',
  'models.confirmActivate': '确定将「{task}」模型切换到第 {version} 版吗？',
  'models.activated': '「{task}」模型已切换到第 {version} 版。',
  'models.setSize': '{n} 条',
  'models.col.version': '版本',
  'models.col.trained': '训练时间',
  'models.col.set': '训练集',
  'models.col.metrics': '评估',
  'models.col.action': '操作',
  'models.accuracy': '准确率 {v}',
  'models.macroF1': '宏平均 F1 {v}',
  'models.holdout': '留出 {n} 条评估',
  'models.noMetrics': '无评估数据',
  'task.needs-response': '需回应判断',
  'task.sentiment': '情感倾向',
  'task.topic': '专题分类',
  'stream.repostsTitle': '另有 {n} 篇内容相同或相近的转载',
  'stream.untitled': '（无标题）',
  'stream.estimated': '发布时间未知，按采集时间显示',
  'stream.collectedAt': '采集于 {time}',
  'stream.author': '作者：{name}',

  'sources.heading': '信息源',
  'sources.add': '添加信息源',
  'sources.count': '共 {n} 个',
  'sources.empty': '还没有信息源。',
  'sources.col.name': '名称',
  'sources.col.status': '状态',
  'sources.col.checks': '采集时间',
  'sources.col.items': '条目',
  'sources.col.errors': '错误',
  'sources.lastChecked': '上次',
  'sources.nextCheck': '下次',
  'sources.never': '从未',
  'sources.notScheduled': '未安排',
  'sources.disabled': '已停用',
  'sources.demo': '演示',
  'sources.errorCount': '连续 {n} 次',
  'sources.noErrors': '无',
  'sources.fetch': '立即采集',
  'sources.fetching': '采集中…',
  'sources.enable': '启用',
  'sources.disable': '停用',
  'sources.edit': '编辑',
  'sources.delete': '删除',
  'sources.confirmDelete': '确定删除信息源「{name}」吗？已采集的信息会保留。',
  'sources.deleted': '已删除信息源「{name}」。',
  'sources.saved': '已保存信息源「{name}」。',
  'sources.created': '已添加信息源「{name}」。',
  'sources.fetchOk': '采集完成：发现 {found} 条，新增 {new} 条（{ms} 毫秒）',
  'sources.fetchNotModified': '采集完成：内容无更新（{ms} 毫秒）',
  'sources.fetchError': '采集失败：{code}',
  'sources.itemsTitle': '累计 {total} 条，上次新增 {new} 条',

  'kind.rss': 'RSS/Atom',
  'kind.html': '网页',
  'kind.json': 'JSON',

  'status.new': '未采集',
  'status.ok': '正常',
  'status.not_modified': '无更新',
  'status.error': '异常',

  'failure.timeout': '超时',
  'failure.dns': '域名解析失败',
  'failure.refused': '连接被拒绝',
  'failure.http_4xx': '客户端错误(4xx)',
  'failure.http_5xx': '服务器错误(5xx)',
  'failure.too_large': '内容过大',
  'failure.too_many_redirects': '重定向过多',
  'failure.blocked': '地址被安全策略拦截',
  'failure.bad_url': '地址无效',
  'failure.not_a_feed': '不是订阅源',
  'failure.parse_error': '解析失败',
  'failure.empty': '没有条目',
  'failure.network': '网络错误',
  'failure.internal': '内部错误',

  'error.bad_request': '请求有误',
  'error.validation_failed': '填写内容有误，请检查标出的项目',
  'error.unauthenticated': '用户名或密码错误',
  'error.sessionExpired': '登录已过期，请重新登录',
  'error.forbidden': '没有权限执行此操作',
  'error.not_found': '对象不存在或已被删除',
  'error.conflict': '操作冲突，请稍后再试',
  'error.too_many_requests': '尝试次数过多，请稍后再试',
  'error.payload_too_large': '提交的内容过大',
  'error.busy': '该信息源正在采集中，请稍后再试',
  'error.internal': '服务器内部错误',
  'error.network': '无法连接服务器，请检查网络',
  'error.unknown': '发生未知错误',

  'form.addTitle': '添加信息源',
  'form.editTitle': '编辑信息源',
  'form.name': '名称',
  'form.kind': '类型',
  'form.url': '地址',
  'form.urlHint': '以 http:// 或 https:// 开头',
  'form.schedule': '采集计划',
  'form.scheduleHint': 'cron 表达式，例如 */10 * * * *（每 10 分钟）',
  'form.weight': '权重',
  'form.weightHint': '0–10，越大越重要',
  'form.enabled': '启用采集',
  'form.selectors': '选择器（JSON）',
  'form.selectorsHint': '列表页的 CSS 选择器：item、title、link 必填，可选 date、summary、body',
  'form.mapping': '字段映射（JSON）',
  'form.mappingHint': 'JSON 中的路径：items 为条目数组，另有 id、title、url、summary、date、author',
  'form.badJson': 'JSON 格式错误：{message}',
  'form.notObject': '应为 JSON 对象',
  'form.duplicate': '已有相同类型和地址的信息源',
  'form.required': '必填',
  'form.cancel': '取消',
  'form.close': '关闭',
  'form.save': '保存',
  'form.saving': '正在保存…',

  'time.justNow': '刚刚',
  'time.minutesAgo': '{n} 分钟前',
  'time.hoursAgo': '{n} 小时前',
  'time.daysAgo': '{n} 天前',
  'time.soon': '即将',
  'time.inMinutes': '{n} 分钟后',
  'time.inHours': '{n} 小时后',
  'time.inDays': '{n} 天后',

  'press.heading': '新闻发布',
  'press.refresh': '刷新',
  'press.tabReminders': '{n} 项发布指标需要关注',
  'press.loadFailed': '新闻发布数据加载失败：{reason}',
  'quota.heading': '发布指标',
  'quota.asOf': '截至 {time}（北京时间）',
  'quota.empty': '尚未设置发布指标。',
  'quota.state.met': '已完成',
  'quota.state.on-track': '已安排',
  'quota.state.pending': '待安排',
  'quota.state.at-risk': '有风险',
  'quota.state.missed': '未完成',
  'quota.progress': '已举行 {counted} / 要求 {required} 次',
  'quota.progressPlanned': '，另已安排 {n} 次',
  'quota.bar': '{rule}：已举行 {counted} 次，已安排 {planned} 次，要求 {required} 次',
  'quota.daysLeft': '距期末 {n} 天',
  'quota.ended': '本期已结束',
  'quota.counted': '已举行',
  'quota.planned': '已安排',
  'quota.unconfirmed': '待确认是否举行',
  'quota.more': '等 {n} 场',
  'quota.reminders': '发布指标提醒',
  'quota.reminder.at-risk': '有风险',
  'quota.reminder.missed': '未完成',
  'pressEvents.heading': '发布活动',
  'pressEvents.add': '添加发布活动',
  'pressEvents.count': '{n} 场',
  'pressEvents.upcoming': '即将举行',
  'pressEvents.recent': '近期',
  'pressEvents.empty': '近一年没有发布活动。',
  'pressEvents.noneUpcoming': '暂无安排。',
  'pressEvents.speakers': '发言人：{names}',
  'pressEvents.keywords': '关键词：{words}',
  'pressEvents.edit': '编辑',
  'pressEvents.markHeld': '标记已举行',
  'pressEvents.markCancelled': '取消',
  'pressEvents.markPostponed': '延期',
  'pressEvents.delete': '删除',
  'pressEvents.confirmDelete': '确定删除发布活动「{title}」吗？',
  'pressEvents.deleted': '已删除发布活动「{title}」。',
  'pressEvents.created': '已添加发布活动「{title}」。',
  'pressEvents.saved': '已保存发布活动「{title}」。',
  'pressEvents.statusChanged': '「{title}」已改为{status}。',
  'pressKind.own-conference': '新闻发布会',
  'pressKind.provincial-conference': '省政府新闻办发布会',
  'pressKind.briefing': '吹风会',
  'pressKind.interview': '访谈',
  'pressKind.release': '新闻发布',
  'eventStatus.planned': '计划',
  'eventStatus.held': '已举行',
  'eventStatus.cancelled': '已取消',
  'eventStatus.postponed': '已延期',
  'speakerRole.head': '主要负责同志',
  'speakerRole.leader': '厅领导',
  'speakerRole.spokesperson': '新闻发言人',
  'speakerRole.other': '其他',

  'eventForm.addTitle': '添加发布活动',
  'eventForm.editTitle': '编辑发布活动',
  'eventForm.kind': '类型',
  'eventForm.title': '标题',
  'eventForm.start': '时间（北京时间）',
  'eventForm.startHint': '按北京时间填写，与浏览器所在时区无关',
  'eventForm.status': '状态',
  'eventForm.organiser': '主办单位',
  'eventForm.location': '地点',
  'eventForm.keywords': '关键词',
  'eventForm.keywordsHint': '用逗号、顿号或空格分隔；发布后按关键词跟踪媒体报道',
  'eventForm.speakers': '发言人',
  'eventForm.speakerName': '姓名',
  'eventForm.speakerRole': '身份',
  'eventForm.pickPerson': '从名单添加…',
  'eventForm.addSpeaker': '添加发言人',
  'eventForm.removeSpeaker': '移除',
  'eventForm.noSpeakers': '尚未添加发言人。',
  'eventForm.error.kind': '请选择发布类型',
  'eventForm.error.title': '请填写标题（不超过 500 字）',
  'eventForm.error.start': '请填写有效的日期和时间（北京时间）',
  'eventForm.error.status': '请选择状态',
  'eventForm.error.organiser': '主办单位不超过 200 字',
  'eventForm.error.location': '地点不超过 200 字',
  'eventForm.error.keywords': '每个关键词不超过 64 字，最多 50 个',
  'eventForm.error.speakers': '发言人最多 30 位',
  'eventForm.error.speaker': '第 {n} 位发言人：姓名必填（不超过 100 字），并选择身份',

  'people.heading': '发言人名单',
  'people.count': '{n} 人',
  'people.empty': '名单为空。添加厅领导、新闻发言人后，可在发布活动中直接选用。',
  'people.inactive': '已停用',
  'people.edit': '修改',
  'people.name': '姓名',
  'people.role': '身份',
  'people.title': '职务',
  'people.save': '保存到名单',
  'people.saved': '已保存「{name}」。',
  'people.sameName': '同名人员会被更新',
  'people.error.name': '请填写姓名（不超过 100 字）',
  'people.error.title': '职务不超过 100 字',
  'people.error.role': '请选择身份',
};

/** @type {Record<string, string>} */
const en = {
  'app.title': 'Huiying · Opinion Monitor',
  'app.name': 'Huiying',
  'app.subtitle': 'Opinion Monitor',
  'lang.switch': '中文',
  'lang.switchLabel': '切换到中文',

  'login.heading': 'Sign in',
  'login.intro': 'Sign in with the account issued by your office.',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in…',
  'login.footer': 'Authorised personnel only · activity is logged',

  'header.logout': 'Sign out',
  'header.skip': 'Skip to the stream',
  'conn.connecting': 'Connecting…',
  'conn.connected': 'Connected',
  'conn.reconnecting': 'Reconnecting…',

  'role.admin': 'Administrator',
  'role.staff': 'Publicity staff',
  'role.duty': 'Duty officer',
  'role.leader': 'Leader',

  'stream.heading': 'Live stream',
  'stream.today': '{n} today',
  'stream.filterLabel': 'Filter mentions',
  'stream.filterPlaceholder': 'Filter by title, snippet or source',
  'stream.shown': 'Showing {shown} of {total}',
  'stream.empty': 'No mentions yet. New items appear here as soon as a source collects them.',
  'stream.noMatch': 'No mentions match the filter.',
  'stream.reposts': '{n} reposts',
  'level.blue': 'Blue alert',
  'level.yellow': 'Yellow alert',
  'level.orange': 'Orange alert',
  'level.red': 'Red alert',
  'level.title': 'Warning level: from the monitoring rules, models, sentiment, source weight and reposts',
  'label.needs': 'Needs response',
  'label.noNeed': 'No response needed',
  'label.group': 'Label: does this need a response?',

  'label.topicLabel': 'Correct the topic',
  'label.sentimentLabel': 'Correct the sentiment',
  'label.topicModel': 'Topic (model): {name}',
  'label.sentimentModel': 'Sentiment (model): {name}',
  'label.none': 'none',
  'label.corrected': 'Labelled by staff',
  'label.fromModel': "The model's verdict; choosing a value labels the mention",
  'label.failed': 'Label not saved: {reason}',
  'sentiment.negative': 'Negative',
  'sentiment.neutral': 'Neutral',
  'sentiment.positive': 'Positive',

  'tabs.label': 'Workspace',

  'warnings.heading': 'Topic warnings',
  'warnings.empty': "No topic warnings. One appears here when a topic's volume rises well above its 7-day baseline.",
  'warnings.count': '{n}',
  'warnings.badge': 'Volume spike',
  'warnings.minutes': '{n} min',
  'warnings.hours': '{n} h',
  'warnings.line': '{count} in {window}; baseline mean {mean}, threshold {threshold}',
  'warnings.chart': 'Volume over the last {n} periods of {window}; the last has {count}, threshold {threshold}',

  'rules.heading': 'Rules',
  'rules.count': '{topics} topics · {rules} rules',
  'rules.ruleCount': '{n} rules',
  'rules.empty': 'No topics or rules yet.',
  'rules.addTopic': 'New topic',
  'rules.addRule': 'Add rule',
  'rules.renameTopic': 'Rename',
  'rules.deleteTopic': 'Delete topic',
  'rules.disabled': 'Disabled',
  'rules.backtest': 'Backtest',
  'rules.edit': 'Edit',
  'rules.enable': 'Enable',
  'rules.disable': 'Disable',
  'rules.delete': 'Delete',
  'rules.enabled': 'Enabled the rule "{name}".',
  'rules.disabledNote': 'Disabled the rule "{name}".',
  'rules.confirmDelete': 'Delete the rule "{name}"?',
  'rules.deleted': 'Deleted the rule "{name}".',
  'rules.confirmDeleteTopic': 'Delete the topic "{name}" and its {n} rules?',
  'rules.topicDeleted': 'Deleted the topic "{name}".',
  'rules.created': 'Added the rule "{name}".',
  'rules.saved': 'Saved the rule "{name}".',
  'rules.topicCreated': 'Added the topic "{name}".',
  'rules.topicSaved': 'Saved the topic "{name}".',

  'ruleForm.addTitle': 'Add rule',
  'ruleForm.editTitle': 'Edit rule',
  'ruleForm.viewTitle': 'Rule and backtest',
  'ruleForm.name': 'Name',
  'ruleForm.topic': 'Topic',
  'ruleForm.query': 'Query',
  'ruleForm.queryHint': 'Words or "phrases" combined with AND / OR / NOT and parentheses; NEAR/5 means within 5 characters; title: body: source: limit the field. E.g. (监狱 OR 看守所) AND 死亡',
  'ruleForm.level': 'Warning level',
  'ruleForm.enabled': 'Rule enabled',
  'ruleForm.noTopic': 'Choose an existing topic',
  'ruleForm.errorAt': 'character {n}',

  'backtest.legend': 'Backtest: run the query as it stands over collected mentions (no need to save)',
  'backtest.days': 'Last days',
  'backtest.run': 'Backtest',
  'backtest.running': 'Running…',
  'backtest.summary': 'Last {days} days: {count} of {total} matched, in {ms} ms',
  'backtest.hits': 'Matched: {terms}',
  'backtest.more': '{n} more not listed',
  'field.title': 'title',
  'field.body': 'body',
  'field.source': 'source',

  'topicForm.addTitle': 'New topic',
  'topicForm.editTitle': 'Rename topic',
  'topicForm.name': 'Name',
  'topicForm.key': 'Key',
  'topicForm.keyRule': 'Starts with a lower-case letter; lower-case letters, digits and dashes, e.g. prisons; cannot change later',
  'topicForm.duplicate': 'A topic with this key exists',

  'queue.heading': 'To label',
  'queue.intro': 'Recent mentions the model is least sure about come first: labelling these teaches it most.',
  'queue.count': '{n}',
  'queue.refresh': 'Refresh',
  'queue.empty': 'Nothing to label (needs a trained needs-response model first).',
  'queue.score': 'Needs response {p}%',
  'queue.scoreTitle': 'Probability from the needs-response model; near 50% means unsure',

  'models.heading': 'Models',
  'models.empty': 'No trained models yet.',
  'models.active': 'Active',
  'models.activate': 'Activate',
  'models.confirmActivate': 'Switch the {task} model to version {version}?',
  'models.activated': 'The {task} model now uses version {version}.',
  'models.setSize': '{n} texts',
  'models.col.version': 'Version',
  'models.col.trained': 'Trained',
  'models.col.set': 'Training set',
  'models.col.metrics': 'Evaluation',
  'models.col.action': 'Action',
  'models.accuracy': 'Accuracy {v}',
  'models.macroF1': 'Macro-F1 {v}',
  'models.holdout': '{n} held out',
  'models.noMetrics': 'No evaluation',
  'task.needs-response': 'Needs response',
  'task.sentiment': 'Sentiment',
  'task.topic': 'Topic',
  'stream.repostsTitle': '{n} other mentions carry the same or similar text',
  'stream.untitled': '(untitled)',
  'stream.estimated': 'Publication time unknown; showing collection time',
  'stream.collectedAt': 'Collected {time}',
  'stream.author': 'By {name}',

  'sources.heading': 'Sources',
  'sources.add': 'Add source',
  'sources.count': '{n} in total',
  'sources.empty': 'No sources yet.',
  'sources.col.name': 'Name',
  'sources.col.status': 'Status',
  'sources.col.checks': 'Checks',
  'sources.col.items': 'Items',
  'sources.col.errors': 'Errors',
  'sources.lastChecked': 'Last',
  'sources.nextCheck': 'Next',
  'sources.never': 'never',
  'sources.notScheduled': 'not scheduled',
  'sources.disabled': 'Disabled',
  'sources.demo': 'Demo',
  'sources.errorCount': '{n} in a row',
  'sources.noErrors': 'None',
  'sources.fetch': 'Fetch now',
  'sources.fetching': 'Fetching…',
  'sources.enable': 'Enable',
  'sources.disable': 'Disable',
  'sources.edit': 'Edit',
  'sources.delete': 'Delete',
  'sources.confirmDelete': 'Delete the source "{name}"? Collected mentions are kept.',
  'sources.deleted': 'Deleted the source "{name}".',
  'sources.saved': 'Saved the source "{name}".',
  'sources.created': 'Added the source "{name}".',
  'sources.fetchOk': 'Fetched: {found} found, {new} new ({ms} ms)',
  'sources.fetchNotModified': 'Fetched: not modified ({ms} ms)',
  'sources.fetchError': 'Fetch failed: {code}',
  'sources.itemsTitle': '{total} in total, {new} new last time',

  'kind.rss': 'RSS/Atom',
  'kind.html': 'Web page',
  'kind.json': 'JSON',

  'status.new': 'Not fetched',
  'status.ok': 'OK',
  'status.not_modified': 'Unchanged',
  'status.error': 'Error',

  'failure.timeout': 'Timed out',
  'failure.dns': 'Host not found',
  'failure.refused': 'Connection refused',
  'failure.http_4xx': 'Client error (4xx)',
  'failure.http_5xx': 'Server error (5xx)',
  'failure.too_large': 'Response too large',
  'failure.too_many_redirects': 'Too many redirects',
  'failure.blocked': 'Address blocked by security policy',
  'failure.bad_url': 'Invalid address',
  'failure.not_a_feed': 'Not a feed',
  'failure.parse_error': 'Could not parse',
  'failure.empty': 'No items',
  'failure.network': 'Network error',
  'failure.internal': 'Internal error',

  'error.bad_request': 'Bad request',
  'error.validation_failed': 'Some fields are invalid; please check the marked fields',
  'error.unauthenticated': 'Wrong username or password',
  'error.sessionExpired': 'Your session has expired; please sign in again',
  'error.forbidden': 'You are not allowed to do this',
  'error.not_found': 'Not found, or already deleted',
  'error.conflict': 'Conflict; please try again later',
  'error.too_many_requests': 'Too many attempts; please try again later',
  'error.payload_too_large': 'The submission is too large',
  'error.busy': 'This source is being fetched; please try again later',
  'error.internal': 'Internal server error',
  'error.network': 'Cannot reach the server; check the network',
  'error.unknown': 'Unknown error',

  'form.addTitle': 'Add source',
  'form.editTitle': 'Edit source',
  'form.name': 'Name',
  'form.kind': 'Kind',
  'form.url': 'Address',
  'form.urlHint': 'Starts with http:// or https://',
  'form.schedule': 'Schedule',
  'form.scheduleHint': 'A cron expression, e.g. */10 * * * * (every 10 minutes)',
  'form.weight': 'Weight',
  'form.weightHint': '0–10; higher matters more',
  'form.enabled': 'Collect from this source',
  'form.selectors': 'Selectors (JSON)',
  'form.selectorsHint': 'CSS selectors of the list page: item, title and link required; date, summary, body optional',
  'form.mapping': 'Field mapping (JSON)',
  'form.mappingHint': 'Paths into the JSON: items is the item array; also id, title, url, summary, date, author',
  'form.badJson': 'Invalid JSON: {message}',
  'form.notObject': 'Must be a JSON object',
  'form.duplicate': 'A source of this kind with this address already exists',
  'form.required': 'Required',
  'form.cancel': 'Cancel',
  'form.close': 'Close',
  'form.save': 'Save',
  'form.saving': 'Saving…',

  'time.justNow': 'just now',
  'time.minutesAgo': '{n} min ago',
  'time.hoursAgo': '{n} h ago',
  'time.daysAgo': '{n} d ago',
  'time.soon': 'soon',
  'time.inMinutes': 'in {n} min',
  'time.inHours': 'in {n} h',
  'time.inDays': 'in {n} d',

  'press.heading': 'Press',
  'press.refresh': 'Refresh',
  'press.tabReminders': '{n} quota reminders need attention',
  'press.loadFailed': 'Press data failed to load: {reason}',
  'quota.heading': 'Press quotas',
  'quota.asOf': 'As of {time} (Beijing time)',
  'quota.empty': 'No quota rules are set.',
  'quota.state.met': 'Met',
  'quota.state.on-track': 'Scheduled',
  'quota.state.pending': 'To schedule',
  'quota.state.at-risk': 'At risk',
  'quota.state.missed': 'Missed',
  'quota.progress': 'Held {counted} of {required}',
  'quota.progressPlanned': ', {n} more scheduled',
  'quota.bar': '{rule}: {counted} held, {planned} scheduled, {required} required',
  'quota.daysLeft': '{n} days to period end',
  'quota.ended': 'Period ended',
  'quota.counted': 'Held',
  'quota.planned': 'Scheduled',
  'quota.unconfirmed': 'Held? Please confirm',
  'quota.more': 'and {n} more',
  'quota.reminders': 'Quota reminders',
  'quota.reminder.at-risk': 'At risk',
  'quota.reminder.missed': 'Missed',
  'pressEvents.heading': 'Press events',
  'pressEvents.add': 'Add press event',
  'pressEvents.count': '{n} events',
  'pressEvents.upcoming': 'Upcoming',
  'pressEvents.recent': 'Recent',
  'pressEvents.empty': 'No press events in the last year.',
  'pressEvents.noneUpcoming': 'Nothing scheduled.',
  'pressEvents.speakers': 'Speakers: {names}',
  'pressEvents.keywords': 'Keywords: {words}',
  'pressEvents.edit': 'Edit',
  'pressEvents.markHeld': 'Mark held',
  'pressEvents.markCancelled': 'Cancel',
  'pressEvents.markPostponed': 'Postpone',
  'pressEvents.delete': 'Delete',
  'pressEvents.confirmDelete': 'Delete the press event “{title}”?',
  'pressEvents.deleted': 'Deleted “{title}”.',
  'pressEvents.created': 'Added “{title}”.',
  'pressEvents.saved': 'Saved “{title}”.',
  'pressEvents.statusChanged': '“{title}” is now {status}.',
  'pressKind.own-conference': 'Press conference',
  'pressKind.provincial-conference': 'Provincial press office conference',
  'pressKind.briefing': 'Briefing',
  'pressKind.interview': 'Interview',
  'pressKind.release': 'Release',
  'eventStatus.planned': 'Planned',
  'eventStatus.held': 'Held',
  'eventStatus.cancelled': 'Cancelled',
  'eventStatus.postponed': 'Postponed',
  'speakerRole.head': 'Principal head',
  'speakerRole.leader': 'Department leader',
  'speakerRole.spokesperson': 'Spokesperson',
  'speakerRole.other': 'Other',

  'eventForm.addTitle': 'Add press event',
  'eventForm.editTitle': 'Edit press event',
  'eventForm.kind': 'Kind',
  'eventForm.title': 'Title',
  'eventForm.start': 'Time (Beijing)',
  'eventForm.startHint': 'Beijing time, whatever the browser’s time zone',
  'eventForm.status': 'Status',
  'eventForm.organiser': 'Organiser',
  'eventForm.location': 'Location',
  'eventForm.keywords': 'Keywords',
  'eventForm.keywordsHint': 'Separated by commas or spaces; coverage is tracked by these words',
  'eventForm.speakers': 'Speakers',
  'eventForm.speakerName': 'Name',
  'eventForm.speakerRole': 'Role',
  'eventForm.pickPerson': 'Add from the list…',
  'eventForm.addSpeaker': 'Add speaker',
  'eventForm.removeSpeaker': 'Remove',
  'eventForm.noSpeakers': 'No speakers yet.',
  'eventForm.error.kind': 'Choose a kind',
  'eventForm.error.title': 'Enter a title (at most 500 characters)',
  'eventForm.error.start': 'Enter a valid date and time (Beijing time)',
  'eventForm.error.status': 'Choose a status',
  'eventForm.error.organiser': 'At most 200 characters',
  'eventForm.error.location': 'At most 200 characters',
  'eventForm.error.keywords': 'At most 50 keywords of up to 64 characters',
  'eventForm.error.speakers': 'At most 30 speakers',
  'eventForm.error.speaker': 'Speaker {n}: a name (up to 100 characters) and a role are required',

  'people.heading': 'Speakers list',
  'people.count': '{n} people',
  'people.empty': 'The list is empty. Add leaders and spokespeople to pick them for events.',
  'people.inactive': 'Inactive',
  'people.edit': 'Change',
  'people.name': 'Name',
  'people.role': 'Role',
  'people.title': 'Post',
  'people.save': 'Save to list',
  'people.saved': 'Saved “{name}”.',
  'people.sameName': 'A person with the same name is updated',
  'people.error.name': 'Enter a name (at most 100 characters)',
  'people.error.title': 'At most 100 characters',
  'people.error.role': 'Choose a role',
};

/** @type {Record<Lang, Record<string, string>>} */
const dictionaries = { zh, en };

/** @type {[string, string][]} data attribute → the attribute it fills */
const translatedAttributes = [
  ['data-i18n-placeholder', 'placeholder'],
  ['data-i18n-title', 'title'],
  ['data-i18n-aria-label', 'aria-label'],
];

/** @type {Set<(lang: Lang) => void>} */
const listeners = new Set();

/** Returns the interface language chosen on this browser (Chinese unless English was picked). */
export function currentLang() {
  try {
    return localStorage.getItem(storageKey) === 'en' ? 'en' : 'zh';
  } catch {
    // Storage can be unavailable (privacy mode); fall back to the default.
    return 'zh';
  }
}

/**
 * Stores the language, re-translates the static text and tells the listeners.
 * @param {Lang} lang
 */
export function setLang(lang) {
  try {
    localStorage.setItem(storageKey, lang);
  } catch {
    // Not persisted; the switch still applies to this page.
  }
  applyI18n(document, lang);
  for (const listener of listeners) listener(lang);
}

/**
 * Registers a function called after the language changes.
 * @param {(lang: Lang) => void} listener
 */
export function onLangChange(listener) {
  listeners.add(listener);
}

/**
 * Translates a key in the current language, filling `{name}` placeholders from params.
 * Unknown keys fall back to Chinese, then to the key itself, so a missing entry is visible but harmless.
 * @param {string} key
 * @param {Record<string, string | number>} [params]
 * @param {Lang} [lang]
 */
export function t(key, params, lang = currentLang()) {
  const template = dictionaries[lang][key] ?? zh[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/**
 * Translates an API error code (bad_request, forbidden, ...).
 * @param {string} code
 */
export function translateErrorCode(code) {
  return dictionaries.zh[`error.${code}`] ? t(`error.${code}`) : t('error.unknown');
}

/**
 * Translates a collection failure code (timeout, dns, ...); unknown codes are shown as they are.
 * @param {string} code
 */
export function translateFailure(code) {
  return dictionaries.zh[`failure.${code}`] ? t(`failure.${code}`) : code;
}

/**
 * Fills every `data-i18n*` element under root with text in the given language:
 * data-i18n → textContent, data-i18n-placeholder, data-i18n-title, data-i18n-aria-label → attributes.
 * @param {ParentNode} [root]
 * @param {Lang} [lang]
 */
export function applyI18n(root = document, lang = currentLang()) {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  for (const el of root.querySelectorAll('[data-i18n]')) {
    el.textContent = t(el.getAttribute('data-i18n') ?? '', undefined, lang);
  }
  for (const [data, attribute] of translatedAttributes) {
    for (const el of root.querySelectorAll(`[${data}]`)) {
      el.setAttribute(attribute, t(el.getAttribute(data) ?? '', undefined, lang));
    }
  }
}

/**
 * Wires a button that toggles between Chinese and English.
 * @param {HTMLButtonElement} button
 */
export function bindLangSwitch(button) {
  const label = () => {
    button.textContent = t('lang.switch');
    button.setAttribute('aria-label', t('lang.switchLabel'));
    button.lang = currentLang() === 'zh' ? 'en' : 'zh-CN';
  };
  label();
  button.addEventListener('click', () => {
    setLang(currentLang() === 'zh' ? 'en' : 'zh');
    label();
  });
}
