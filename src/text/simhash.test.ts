import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { normalizeForMatching } from './normalize.ts';
import { segment } from './segment.ts';
import { contentWords } from './stopwords.ts';
import { fingerprintText, hammingDistance, NEAR_DUPLICATE_DISTANCE, repostCore, simhash, simhashBands } from './simhash.ts';

/** News paragraphs written for these tests (100–300 characters, the size of a typical mention). */
const NEWS = {
  mediation:
    '近日，省司法厅召开全省人民调解工作推进会，总结上半年全省人民调解工作情况，部署下一阶段重点任务。会议指出，今年以来，全省各级人民调解组织共排查矛盾纠纷三万余次，调解成功率达到百分之九十六以上，有效维护了社会和谐稳定。会议要求，各地要坚持和发展新时代“枫桥经验”，进一步健全县乡村三级调解网络，加强行业性专业性调解组织建设，推动矛盾纠纷源头预防、就地化解。',
  legalAid:
    '记者从省司法厅获悉，为切实保障困难群众合法权益，我省进一步扩大法律援助覆盖面，将经济困难标准调整为当地最低工资标准，农民工讨薪、工伤赔偿等案件免予经济困难审查。据统计，今年前三季度，全省法律援助机构共受理法律援助案件两万余件，为受援人挽回经济损失一亿多元。下一步，省司法厅将继续推进公共法律服务体系建设，让群众在家门口就能获得优质高效的法律服务。',
  prison:
    '有网友在微博发帖称，某监狱服刑人员家属探视时遭遇工作人员刁难，相关视频在网络上引发关注。对此，省监狱管理局回应称，已第一时间成立调查组赴现场核查，将依法依规严肃处理，调查结果将及时向社会公布。监狱管理局表示，始终坚持严格公正文明执法，欢迎社会各界和广大群众监督，对任何违纪违法行为都将零容忍。',
  lawyers:
    '省律师协会日前发布通报，对三名违反执业规范的律师给予公开谴责处分。通报显示，上述律师在代理案件过程中存在私自收案收费、虚假承诺等行为，严重损害了律师行业形象。省司法厅相关负责人表示，将持续加强律师队伍建设，完善律师执业监督管理机制，对违法违规执业行为坚决依法查处，切实维护当事人合法权益和司法公正。',
  weather:
    '受冷空气影响，本周后期我省大部分地区将出现明显降温降雨天气，气温下降八到十摄氏度，北部山区局地有冻雨。省气象台提醒，公众应及时添衣保暖，注意防范道路结冰对交通出行的不利影响，设施农业需做好防寒防冻措施。',
};

/** What normalize-item hashes: normalised text, repost marks removed, segmented. */
const hashOf = (text: string) => simhash(segment(repostCore(normalizeForMatching(text))));
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'hk' });

describe('simhash', () => {
  it('is 16 hex digits and deterministic', () => {
    const h = hashOf(NEWS.mediation);
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    expect(hashOf(NEWS.mediation)).toBe(h);
  });

  it.each(Object.entries(NEWS))('%s: identical text is distance 0', (_, text) => {
    expect(hammingDistance(hashOf(text), hashOf(text))).toBe(0);
  });

  it.each(Object.entries(NEWS))('%s: a repost with a prefix, a source credit or in Traditional script stays near', (_, text) => {
    const original = hashOf(text);
    for (const repost of [
      '转发：' + text,
      '【转载】' + text,
      text + '（来源：省司法厅网站）',
      text + ' 责任编辑：王五',
      '转发：' + text + '（来源：新华网）（编辑：李四）',
      toTraditional(text),
      text.replace(/，/g, ', '),
    ]) {
      expect(hammingDistance(original, hashOf(repost))).toBeLessThanOrEqual(NEAR_DUPLICATE_DISTANCE);
    }
  });

  it.each(Object.entries(NEWS))('%s: ignores a 转发 token even when the text was not stripped first', (_, text) => {
    expect(hammingDistance(simhash(segment(text)), simhash(segment('转发：' + text)))).toBe(0);
  });

  it('keeps a date put in place of 近日 near (numbers and single characters are not features)', () => {
    const edited = NEWS.mediation.replace('近日', '11月27日');
    expect(hammingDistance(hashOf(NEWS.mediation), hashOf(edited))).toBeLessThanOrEqual(NEAR_DUPLICATE_DISTANCE);
  });

  it('moves only a few bits for a one-word change (not always within 3: see simhash.ts)', () => {
    const edits: [string, string, string][] = [
      [NEWS.mediation, '会议指出', '会议强调'],
      [NEWS.prison, '零容忍', '绝不姑息'],
      [NEWS.weather, '八到十', '六到八'],
      [NEWS.lawyers, '三名', '四名'],
    ];
    for (const [text, from, to] of edits) {
      expect(text).toContain(from);
      expect(hammingDistance(hashOf(text), hashOf(text.replace(from, to)))).toBeLessThanOrEqual(8);
    }
  });

  it('puts unrelated texts far apart, even on the same topic', () => {
    const hashes = Object.values(NEWS).map(hashOf);
    for (let i = 0; i < hashes.length; i++) {
      for (let j = i + 1; j < hashes.length; j++) {
        expect(hammingDistance(hashes[i]!, hashes[j]!)).toBeGreaterThan(12);
      }
    }
  });

  it('weights repeated words (term frequency)', () => {
    expect(simhash(['司法', '调解'])).not.toBe(simhash(['司法', '调解', '调解', '调解']));
    expect(simhash(['a', 'b'])).toBe(simhash(['b', 'a'])); // a bag of words: order does not matter
  });

  it('hashes no tokens to zero', () => {
    expect(simhash([])).toBe('0000000000000000');
  });
});

describe('repostCore', () => {
  it.each([
    ['转发：正文', '正文'],
    ['转发微博：正文', '正文'],
    ['【转】正文', '正文'],
    ['[转载] 正文', '正文'],
    ['转自新华网：正文', '正文'],
    ['正文（来源：新华网）', '正文'],
    ['正文【来源：省司法厅】', '正文'],
    ['正文 来源：人民网', '正文'],
    ['正文（来源：新华网）（编辑：李四）', '正文'],
    ['转载｜正文', '正文'],
    ['【转】｜正文', '正文'],
    ['正文\n（记者 张三 通讯员 李四）', '正文'],
    ['正文（本报记者 王五）', '正文'],
    ['正文（南丰县融媒体中心 肖慧）', '正文'],
    ['正文\n（来源：赣鄱法治网）\n（记者 张三）', '正文'],
    // not repost marks
    ['转型发展：正文', '转型发展：正文'],
    ['正文（图）', '正文（图）'],
    ['记者来源于基层', '记者来源于基层'],
    ['正文（记者节特别报道）', '正文（记者节特别报道）'],
  ])('%s -> %s', (input, core) => {
    expect(repostCore(input)).toBe(core);
  });
});

describe('fingerprintText', () => {
  /** As normalize-item hashes a mention. */
  const hash = (title: string, body: string) => simhash(contentWords(segment(fingerprintText(normalizeForMatching(title), normalizeForMatching(body)))));
  const titles = { mediation: '全省人民调解工作推进会召开', legalAid: '我省扩大法律援助覆盖面', prison: '省监狱管理局回应网传探视遭刁难', lawyers: '三名律师被公开谴责', weather: '本周后期我省将明显降温' };

  it('leaves out a title the body already carries, so a forward of 【headline】text hashes like its original', () => {
    expect(fingerprintText('标题', '【标题】正文')).toBe('【标题】正文');
    expect(fingerprintText('转发：标题', '转发：【标题】正文')).toBe('【标题】正文');
    expect(fingerprintText('标题', '正文')).toBe('标题\n正文');
    expect(fingerprintText('', '正文')).toBe('正文');
    for (const [key, text] of Object.entries(NEWS)) {
      const title = titles[key as keyof typeof titles];
      const original = hash(title, `${text}\n（记者 张三 通讯员 李四）`);
      for (const [forwardTitle, forwardBody] of [
        [`转发：${title}`, `转发：【${title}】${text}`],
        [`转载｜${title}`, `转载｜【${title}】${text}（来源：赣鄱法治网）`],
        [`【转】${title}`, `【转】【${title}】${text}`],
        [title, `${text}\n（本报记者 王五）`],
      ] as const) {
        expect(hammingDistance(original, hash(forwardTitle, forwardBody)), `${key}: ${forwardBody.slice(0, 20)}`).toBeLessThanOrEqual(NEAR_DUPLICATE_DISTANCE);
      }
    }
  });
});

describe('hammingDistance', () => {
  it('counts differing bits across both halves', () => {
    expect(hammingDistance('0000000000000000', '0000000000000000')).toBe(0);
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('8000000000000001', '0000000000000000')).toBe(2);
    expect(hammingDistance('00000000ffffffff', '0000000000000000')).toBe(32);
    expect(hammingDistance('ABCDEF0123456789', 'abcdef0123456789')).toBe(0);
  });

  it('rejects values that are not 16 hex digits', () => {
    expect(() => hammingDistance('123', '0000000000000000')).toThrow();
    expect(() => hammingDistance('zzzzzzzzzzzzzzzz', '0000000000000000')).toThrow();
  });
});

describe('simhashBands', () => {
  it('splits into four 16-bit numbers, most significant first', () => {
    expect(simhashBands('0001000200030004')).toEqual([1, 2, 3, 4]);
    expect(simhashBands('ffff0000abcd1234')).toEqual([0xffff, 0, 0xabcd, 0x1234]);
  });

  it('shares a band between any two hashes within distance 3 (pigeonhole)', () => {
    const base = hashOf(NEWS.legalAid);
    const bits = [0, 17, 40, 63];
    for (let i = 0; i < bits.length; i++) {
      for (let j = i + 1; j < bits.length; j++) {
        for (let k = j + 1; k < bits.length; k++) {
          const flipped = flip(flip(flip(base, bits[i]!), bits[j]!), bits[k]!);
          expect(hammingDistance(base, flipped)).toBe(3);
          const a = simhashBands(base);
          const b = simhashBands(flipped);
          expect(a.some((band, n) => band === b[n])).toBe(true);
        }
      }
    }
  });

  it('rejects malformed input', () => {
    expect(() => simhashBands('xyz')).toThrow();
  });
});

/** Flips bit `bit` (0 = most significant) of a 16-hex-digit hash. */
function flip(hex: string, bit: number): string {
  const digit = Math.floor(bit / 4);
  const value = parseInt(hex[digit]!, 16) ^ (8 >> bit % 4);
  return hex.slice(0, digit) + value.toString(16) + hex.slice(digit + 1);
}
