import { describe, expect, it } from 'vitest';
import { collapseWhitespace, htmlToText, normalizeForMatching, toHalfWidth, toSimplified } from './normalize.ts';

describe('htmlToText', () => {
  it('turns block elements and <br> into line breaks and inline ones into nothing', () => {
    const html = '<div><h2>省司法厅通报</h2><p>第一段<b>加粗</b>文字。</p><p>第二段<br>换行<br/>再换行</p><ul><li>甲</li><li>乙</li></ul></div>';
    expect(htmlToText(html)).toBe('省司法厅通报\n第一段加粗文字。\n第二段\n换行\n再换行\n甲\n乙');
  });

  it('drops script, style, noscript and template contents', () => {
    const html = '<p>正文</p><script>var a = "<p>不是正文</p>";</script><style>p{color:red}</style><noscript>请启用脚本</noscript><template><p>模板</p></template><p>结尾</p>';
    expect(htmlToText(html)).toBe('正文\n结尾');
  });

  it('decodes entities exactly once', () => {
    expect(htmlToText('A &amp; B &lt;tag&gt; &quot;q&quot; &#20013;&#x6587; &nbsp;x')).toBe('A & B <tag> "q" 中文 x');
    // A feed that escaped its HTML twice shows the escaped text, it is not decoded into markup.
    expect(htmlToText('&amp;lt;p&amp;gt; and &amp;amp;')).toBe('&lt;p&gt; and &amp;');
  });

  it('collapses spaces inside lines and drops empty lines', () => {
    expect(htmlToText('  a \t b  \n\n\n  c  ')).toBe('a b\nc');
    expect(htmlToText('<p>　　首行缩进的段落</p>')).toBe('首行缩进的段落');
    expect(htmlToText('<td>1</td><td>2</td>')).toBe('1 2');
  });

  it('returns an empty string for empty input', () => {
    expect(htmlToText(null)).toBe('');
    expect(htmlToText(undefined)).toBe('');
    expect(htmlToText('')).toBe('');
    expect(htmlToText('<p> </p><br>')).toBe('');
  });

  it('keeps the text of a page whose <head> is never closed', () => {
    expect(htmlToText('<head><meta charset="utf-8"><p>正文</p>')).toBe('正文');
    expect(htmlToText('<svg><text>图</text></svg><p>正文</p>')).toBe('正文');
  });

  it('copes with broken markup', () => {
    expect(htmlToText('<p>未闭合<div>嵌套</p>文字')).toBe('未闭合\n嵌套\n文字');
    expect(htmlToText('a < b and c > d')).toBe('a < b and c > d');
  });
});

describe('toSimplified', () => {
  it.each([
    ['監獄管理局發佈通告', '监狱管理局发布通告'],
    ['「監獄管理局發佈通告」', '「监狱管理局发布通告」'],
    ['香港特別行政區政府於週三公佈新綫路', '香港特别行政区政府于周三公布新线路'], // HK variant 綫
    ['衞生署發言人', '卫生署发言人'], // HK variant 衞
    ['臺灣的軟體與網路', '台湾的软体与网路'], // Taiwan forms; vocabulary is not localised
    ['他說：「這個問題已經回覆了」', '他说：「这个问题已经回复了」'],
  ])('%s -> %s', (traditional, simplified) => {
    expect(toSimplified(traditional)).toBe(simplified);
  });

  it('leaves Simplified text alone, including characters that look Traditional', () => {
    // OpenCC's phrase table would turn 一坏 into 一坯 and 答覆 into 答复: it is meant for Traditional input.
    for (const s of ['著名作家在台上发言', '什么都没有', '干部群众', '后来', '气温下降，户外注意保暖', '这一坏消息让人难过', '答覆']) {
      expect(toSimplified(s)).toBe(s);
    }
  });

  it('leaves text without Chinese alone', () => {
    expect(toSimplified('Hello, World 123')).toBe('Hello, World 123');
  });
});

describe('toHalfWidth', () => {
  it('converts full-width ASCII and the ideographic space', () => {
    expect(toHalfWidth('ＡＢＣ１２３')).toBe('ABC123');
    expect(toHalfWidth('ｈｔｔｐｓ：／／ｅｘａｍｐｌｅ．ｃｏｍ')).toBe('https://example.com');
    expect(toHalfWidth('全角　空格')).toBe('全角 空格');
    expect(toHalfWidth('（１）！？，；：')).toBe('(1)!?,;:');
  });

  it('keeps Chinese punctuation outside the full-width ASCII block', () => {
    expect(toHalfWidth('。、「」《》…—·')).toBe('。、「」《》…—·');
  });

  it('does not apply the rest of NFKC', () => {
    expect(toHalfWidth('①㎡²™')).toBe('①㎡²™');
  });
});

describe('normalizeForMatching', () => {
  it('composes Simplified, half-width and collapsed whitespace', () => {
    expect(normalizeForMatching('  監獄管理局　發佈　ＡＢＣ１２３\n\n通告 ')).toBe('监狱管理局 发布 ABC123 通告');
  });

  it('is idempotent', () => {
    const once = normalizeForMatching('「監獄管理局發佈通告」ＡＢＣ　１２３');
    expect(normalizeForMatching(once)).toBe(once);
  });
});

describe('collapseWhitespace', () => {
  it('turns every whitespace run into one space', () => {
    expect(collapseWhitespace(' a\n\tb\u00a0\u3000c\u200b ')).toBe('a b c');
  });
});
