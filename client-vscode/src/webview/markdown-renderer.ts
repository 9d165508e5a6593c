/**
 * A small Markdown renderer for model answers: headings, paragraphs, emphasis, inline code,
 * fenced code blocks (with a copy button), lists, block quotes, rules and http(s) links.
 * Every piece of source text is HTML-escaped before any markup is added, so model output can
 * never inject elements or attributes. Unclosed fences (mid-stream) render as code to the end.
 */
export class MarkdownRenderer {
  render(markdown: string): string {
    const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
    return this.renderBlocks(lines).join('\n');
  }

  static escapeHtml(text: string): string {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }

  private renderBlocks(lines: string[]): string[] {
    const out: string[] = [];
    let i = 0;
    while (i < lines.length) {
      const line = lines[i];
      const fence = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)/.exec(line);
      if (fence) {
        const [, marker, info] = fence;
        const body: string[] = [];
        i++;
        while (i < lines.length && !MarkdownRenderer.closesFence(lines[i], marker)) body.push(lines[i++]);
        i++; // the closing fence (or past the end)
        out.push(this.codeBlock(body.join('\n'), info));
        continue;
      }
      if (line.trim() === '') {
        i++;
        continue;
      }
      const heading = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
      if (heading) {
        const level = heading[1].length;
        out.push(`<h${level}>${this.inline(heading[2])}</h${level}>`);
        i++;
        continue;
      }
      if (/^ {0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
        out.push('<hr>');
        i++;
        continue;
      }
      if (/^ {0,3}>/.test(line)) {
        const quoted: string[] = [];
        while (i < lines.length && /^ {0,3}>/.test(lines[i])) quoted.push(lines[i++].replace(/^ {0,3}> ?/, ''));
        out.push(`<blockquote>${this.renderBlocks(quoted).join('\n')}</blockquote>`);
        continue;
      }
      const item = MarkdownRenderer.listItem(line);
      if (item) {
        const [html, next] = this.list(lines, i, item.ordered);
        out.push(html);
        i = next;
        continue;
      }
      const paragraph: string[] = [];
      while (i < lines.length && lines[i].trim() !== '' && !MarkdownRenderer.startsBlock(lines[i])) paragraph.push(lines[i++].trim());
      out.push(`<p>${paragraph.map((l) => this.inline(l)).join('<br>')}</p>`);
    }
    return out;
  }

  private list(lines: string[], start: number, ordered: boolean): [string, number] {
    const items: string[][] = [];
    let i = start;
    let first: number | undefined;
    while (i < lines.length) {
      const item = MarkdownRenderer.listItem(lines[i]);
      if (item && item.ordered === ordered) {
        first ??= item.number;
        items.push([item.text]);
        i++;
      } else if (items.length > 0 && lines[i].trim() !== '' && /^\s+/.test(lines[i]) && !item) {
        items[items.length - 1].push(lines[i].trim()); // continuation line
        i++;
      } else if (lines[i].trim() === '' && i + 1 < lines.length && MarkdownRenderer.listItem(lines[i + 1])?.ordered === ordered) {
        i++; // a blank line between items keeps the list going
      } else {
        break;
      }
    }
    const tag = ordered ? 'ol' : 'ul';
    const startAttr = ordered && first !== undefined && first !== 1 ? ` start="${first}"` : '';
    const body = items.map((parts) => `<li>${parts.map((p) => this.inline(p)).join('<br>')}</li>`).join('');
    return [`<${tag}${startAttr}>${body}</${tag}>`, i];
  }

  private codeBlock(code: string, info: string): string {
    const language = (/^[\w+#.-]+/.exec(info)?.[0] ?? '').slice(0, 32);
    const languageClass = language ? ` class="language-${MarkdownRenderer.escapeHtml(language)}"` : '';
    const label = language ? MarkdownRenderer.escapeHtml(language) : 'code';
    return (
      '<div class="code-block">' +
      `<div class="code-header"><span class="code-language">${label}</span>` +
      '<button type="button" class="copy-button" title="Copy code" aria-label="Copy code">Copy</button></div>' +
      `<pre><code${languageClass}>${MarkdownRenderer.escapeHtml(code)}</code></pre>` +
      '</div>'
    );
  }

  /** Inline markup: code spans first (their content is literal), then emphasis and links on escaped text. */
  private inline(text: string): string {
    const parts = text.split(/(`+)([\s\S]*?[^`])\1(?!`)/);
    let html = '';
    for (let k = 0; k < parts.length; k++) {
      if (k % 3 === 0) {
        html += this.emphasis(MarkdownRenderer.escapeHtml(parts[k]));
      } else if (k % 3 === 2) {
        html += `<code>${MarkdownRenderer.escapeHtml(parts[k].replace(/^ (.*) $/, '$1'))}</code>`;
      }
    }
    return html;
  }

  private emphasis(escaped: string): string {
    return escaped
      .replace(/\[([^\]]+)\]\((https?:\/\/[^\s()]+)\)/g, (_m, label: string, url: string) => `<a href="${url}" title="${url}">${label}</a>`)
      .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|[^\w])__(?=\S)([\s\S]*?\S)__(?!\w)/g, '$1<strong>$2</strong>')
      .replace(/(^|[^*\w])\*(?=[^\s*])([^*]*?[^\s*])\*(?!\*)/g, '$1<em>$2</em>')
      .replace(/(^|[^\w])_(?=[^\s_])([^_]*?[^\s_])_(?!\w)/g, '$1<em>$2</em>')
      .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '<del>$1</del>');
  }

  private static closesFence(line: string, marker: string): boolean {
    const trimmed = line.trim();
    return trimmed.length >= marker.length && trimmed[0] === marker[0] && /^(`+|~+)$/.test(trimmed);
  }

  private static startsBlock(line: string): boolean {
    return /^ {0,3}(`{3,}|~{3,}|#{1,6}\s|>)/.test(line) || MarkdownRenderer.listItem(line) !== undefined || /^ {0,3}([-*_])(\s*\1){2,}\s*$/.test(line);
  }

  private static listItem(line: string): { ordered: boolean; number?: number; text: string } | undefined {
    const bullet = /^ {0,3}[-*+]\s+(.*)$/.exec(line);
    if (bullet) return { ordered: false, text: bullet[1] };
    const numbered = /^ {0,3}(\d{1,9})[.)]\s+(.*)$/.exec(line);
    if (numbered) return { ordered: true, number: Number(numbered[1]), text: numbered[2] };
    return undefined;
  }
}
