import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MarkdownRenderer } from '../../src/webview/markdown-renderer';

const render = (md: string) => new MarkdownRenderer().render(md);
const codeBlock = (code: string, lang?: string) =>
  '<div class="code-block"><div class="code-header">' +
  `<span class="code-language">${lang ?? 'code'}</span>` +
  '<button type="button" class="copy-button" title="Copy code" aria-label="Copy code">Copy</button></div>' +
  `<pre><code${lang ? ` class="language-${lang}"` : ''}>${code}</code></pre></div>`;

describe('MarkdownRenderer', () => {
  const cases: [string, string, string][] = [
    ['paragraph', 'Hello world', '<p>Hello world</p>'],
    ['paragraphs split by blank lines, lines joined with <br>', 'a\nb\n\nc', '<p>a<br>b</p>\n<p>c</p>'],
    ['headings', '# One\n### Three ###', '<h1>One</h1>\n<h3>Three</h3>'],
    ['bold, italic, strike', '**b** and *i* and __B__ and _I_ and ~~s~~', '<p><strong>b</strong> and <em>i</em> and <strong>B</strong> and <em>I</em> and <del>s</del></p>'],
    ['snake_case is not emphasis', 'call my_func_name now', '<p>call my_func_name now</p>'],
    ['a lone asterisk stays', 'a * b * c', '<p>a * b * c</p>'],
    ['inline code is literal', 'use `**not bold** <b>` here', '<p>use <code>**not bold** &lt;b&gt;</code> here</p>'],
    ['double-backtick code span', '``a ` b``', '<p><code>a ` b</code></p>'],
    ['fenced code block with language', '```ts\nconst x = 1 < 2;\n```', codeBlock('const x = 1 &lt; 2;', 'ts')],
    ['fenced code keeps markdown literal', '```\n# not a heading\n**x**\n```', codeBlock('# not a heading\n**x**')],
    ['tilde fence', '~~~python\nprint("hi")\n~~~', codeBlock('print(&quot;hi&quot;)', 'python')],
    ['unclosed fence (mid-stream) runs to the end', 'Code:\n```js\nlet a', '<p>Code:</p>\n' + codeBlock('let a', 'js')],
    ['language is sanitized', '```c"><script>\nx\n```', codeBlock('x', 'c')],
    ['unordered list', '- one\n- two\n  more', '<ul><li>one</li><li>two<br>more</li></ul>'],
    ['ordered list keeps its start', '3. three\n4. four', '<ol start="3"><li>three</li><li>four</li></ol>'],
    ['list items separated by blank lines', '1. a\n\n2. b', '<ol><li>a</li><li>b</li></ol>'],
    ['blockquote', '> quoted **text**', '<blockquote><p>quoted <strong>text</strong></p></blockquote>'],
    ['rule', 'a\n\n---\n\nb', '<p>a</p>\n<hr>\n<p>b</p>'],
    ['http link', 'see [docs](https://example.com/a?b=1&c=2)', '<p>see <a href="https://example.com/a?b=1&amp;c=2" title="https://example.com/a?b=1&amp;c=2">docs</a></p>'],
    ['javascript: link is not a link', '[x](javascript:alert(1))', '<p>[x](javascript:alert(1))</p>'],
    ['CRLF line endings', 'a\r\nb', '<p>a<br>b</p>'],
    ['empty input', '', ''],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.equal(render(input), expected));
  }

  describe('escapes HTML everywhere', () => {
    const hostile: [string, string][] = [
      ['text', '<img src=x onerror=alert(1)>'],
      ['heading', '# <script>alert(1)</script>'],
      ['list', '- <iframe src="x">'],
      ['link label', '[<b onclick="x">](https://a.b)'],
      ['quote', '> <svg onload=alert(1)>'],
      ['code block', '```\n</code></pre><script>alert(1)</script>\n```'],
      ['emphasis', '**<style>body{}</style>**'],
    ];
    for (const [name, input] of hostile) {
      it(name, () => {
        const html = render(input);
        assert.doesNotMatch(html, /<(img|script|iframe|svg|style|b)\b/i, html);
        assert.doesNotMatch(html, /\son[a-z]+="/i, html);
        assert.match(html, /&lt;/);
      });
    }
  });

  it('escapeHtml covers the five special characters', () => {
    assert.equal(MarkdownRenderer.escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
