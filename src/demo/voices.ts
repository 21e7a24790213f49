import { fillSlots, pick, type Rng } from './draw.ts';
import type { DemoTone } from './story-templates.ts';

/**
 * What makes one demo item its writer's own: a news report quotes someone, a post opens with who is
 * writing and ends with a remark of its own.
 *
 * The demo publishes about 20,000 items a day from some sixty story templates, so two reports from
 * one template used to differ only in a place name and a few numbers. Story grouping (SimHash over
 * informative words, within 3 of 64 bits) rightly took them for copies of one text, and chained a
 * day of them into "stories" of 100–250 mentions: demo rows read 转载 110 where nobody had reposted
 * anything. A sentence or two of its own, with names and a voice drawn from these pools, puts
 * different items far enough apart, while reposts (which copy the sentences) still group. Over the
 * 26 hours a fresh demo stores (scratch measurement with the collector's SimHash and StoryIndex), a
 * mention's story held 43 mentions on average before, the largest 269; with voices (and a few more
 * details in the three plainest social templates, and stories joined only near their first
 * mention: mentions/stories.ts) 2.6, the largest 41, while 95% of the demo's reposts join their
 * original's story.
 *
 * None of these sentences contains a term of a starter rule (content.test.ts checks), and they go
 * before or after the template's text, so they add no rule match: over a day of items the share
 * matching a starter rule is 13.6% with them and without.
 */

/** Who is quoted in a news report; a name follows. */
const newsSpeakers = [
  '参加活动的群众',
  '前来咨询的市民',
  '社区党支部书记',
  '村委会主任',
  '志愿者',
  '当地企业负责人',
  '人大代表',
  '政协委员',
  '基层工作人员',
  '网格员',
  '老党员',
  '大学生志愿者',
  '退休干部',
  '当地居民',
  '驻村第一书记',
  '园区企业职工',
];

const newsQuotes: Record<'good' | 'bad', string[]> = {
  good: [
    '这样的活动办到了老百姓心坎上。',
    '以前不知道去哪里问，现在家门口就能解决。',
    '讲得通俗易懂，听完心里有底了。',
    '希望以后多组织几次，让更多人受益。',
    '办事流程比以前简单多了，少走了不少冤枉路。',
    '好做法要坚持下去，不能一阵风。',
    '大家有什么想法都可以当面提，当场就有回音。',
    '看得见、摸得着，群众才会认可。',
    '服务做在前面，矛盾自然就少了。',
    '这几年的变化，大家都看在眼里。',
    '把小事办好，就是最大的实事。',
    '听了之后心里踏实多了。',
    '回去要跟左邻右舍都说一说。',
    '没想到这么快就办好了，真是省心。',
    '年轻人愿意扎根基层，是件好事。',
    '一次讲清楚，老百姓能少走很多弯路。',
    '现在有事先想到找组织，心里有底气。',
    '工作做细了，群众的笑脸就多了。',
    '这些举措接地气，我们企业很欢迎。',
    '身边的案例最能说明问题，大家听得进去。',
  ],
  bad: [
    '问题出在哪里，就要在哪里改。',
    '群众的意见要一条一条对照着改。',
    '有错就认，有问题就改，这个态度很重要。',
    '希望有关方面把情况及时说清楚。',
    '信息越公开，大家心里越踏实。',
    '整改情况要按时向社会说明。',
    '这件事给大家都提了个醒。',
    '群众的事情不能没有下文。',
    '关键是要把后续工作做扎实。',
    '希望以后类似情况能处理得更快一些。',
  ],
};

/** Who writes a post: an identity, a relative they write for, an opening line. */
const identities = [
  '上班族',
  '退休教师',
  '宝妈',
  '个体户',
  '在校大学生',
  '外卖骑手',
  '货车司机',
  '社区志愿者',
  '护士',
  '小学老师',
  '快递小哥',
  '餐馆老板',
  '返乡创业青年',
  '出租车司机',
  '进城务工人员',
  '公司会计',
  '超市店员',
  '工厂工人',
  '程序员',
  '乡村医生',
  '房产中介',
  '健身教练',
];

const relatives = ['我妈', '我爸', '老公', '媳妇', '舅舅', '姑姑', '邻居大爷', '同事', '表姐', '外婆', '二叔', '岳父', '室友', '发小', '婆婆', '小姨'];

const openers = [
  '坐标{county}。',
  '{county}本地人一枚。',
  '在{town}住了十几年了。',
  '我是{county}的一名{identity}。',
  '替{relative}发个帖。',
  '平时很少发帖，今天破个例。',
  '下班路上随手记一下。',
  '{relative}让我帮忙在网上问问。',
  '刚从{town}回来，趁着还记得写下来。',
  '一个{identity}的真实经历。',
  '潜水好几年，第一次发帖。',
  '说一件{relative}前阵子碰上的事。',
  '作为一个{identity}，平时接触这些不多。',
  '老家{county}的，现在在外地上班。',
  '本人{identity}，文笔一般，见谅。',
];

const asides: Record<DemoTone, string[]> = {
  negative: [
    '说出来心里舒服一点。',
    '不知道是不是只有我们这里这样。',
    '希望别再有人碰到一样的事。',
    '本来不想发的，想想还是说一下。',
    '真的挺无奈的。',
    '换谁碰上都会着急吧。',
    '身边好几个朋友也这么说。',
    '事情不大，但是挺闹心。',
    '家里人为这个事好几天没睡好。',
    '讲道理，这个体验真的不太好。',
    '希望有关部门能看到。',
    '现在想想还是有点气。',
    '也可能是我不懂流程，欢迎指正。',
    '{relative}到现在还在念叨这件事。',
    '写得有点乱，大家将就看。',
    '就想讨个明白。',
  ],
  positive: [
    '必须点个赞。',
    '现在办事确实方便多了。',
    '这样的服务真心不错。',
    '{relative}回来一直夸。',
    '希望这样的好做法多推广。',
    '给认真做事的人鼓鼓掌。',
    '身边的变化大家都看得见。',
    '比以前好太多了。',
    '第一次觉得办事这么顺。',
    '值得表扬，也值得学习。',
    '暖心，记录一下。',
    '{relative}说以后有事还找他们。',
  ],
  // Routine posts ask questions as often as they share: these fit either.
  routine: [
    '记录一下，也给有需要的朋友参考。',
    '有同样情况的可以一起交流。',
    '大家有经验的可以补充。',
    '{relative}也一直让我问清楚。',
    '这方面的事以前真没留意过。',
    '希望对别人也有点用。',
    '写得有点长，谢谢耐心看完。',
    '各位有什么建议都可以说说。',
    '懂行的朋友多指点。',
    '平时不太关注这些，这次算是上了一课。',
  ],
  urgent: [
    '在线等，挺着急的。',
    '有知道情况的朋友说一下。',
    '事情比较急，先发出来。',
    '看到的朋友帮帮忙。',
    '家里人都急坏了。',
    '希望尽快有个准信。',
    '{relative}一晚上没合眼。',
  ],
};

export interface VoiceSlots {
  county: string;
  town: string;
}

/** A quote for the end of a news report: someone named, saying something of their own. */
export function newsVoice(rng: Rng, tone: DemoTone, name: string): string {
  const speaker = pick(rng, newsSpeakers) + name;
  const quote = pick(rng, newsQuotes[tone === 'negative' || tone === 'urgent' ? 'bad' : 'good']);
  switch (Math.floor(rng() * 3)) {
    case 0:
      return `${speaker}说：“${quote}”`;
    case 1:
      return `“${quote}”${speaker}告诉记者。`;
    default:
      return `${speaker}表示，${quote}`;
  }
}

/**
 * A post's own opening line and closing remark; at least one of the two is set. Without `opener`
 * (for writers whose voice is their template's own), only the remark.
 */
export function postVoice(rng: Rng, tone: DemoTone, slots: VoiceSlots, opener = true): { opener: string; aside: string } {
  const values = { ...slots, identity: pick(rng, identities), relative: pick(rng, relatives) };
  const first = opener && rng() < 0.6 ? fillSlots(pick(rng, openers), values) : '';
  const aside = rng() < 0.7 || !first ? fillSlots(pick(rng, asides[tone]), values) : '';
  return { opener: first, aside };
}

/** Every sentence the pools can produce, with placeholder values, for checking them against rules. */
export function allVoiceSentences(): string[] {
  const values = { county: '某县', town: '某镇', identity: identities[0]!, relative: relatives[0]! };
  return [
    ...newsSpeakers,
    ...newsQuotes.good,
    ...newsQuotes.bad,
    ...identities,
    ...relatives,
    ...openers.map((o) => fillSlots(o, values)),
    ...Object.values(asides).flatMap((list) => list.map((a) => fillSlots(a, values))),
  ];
}
