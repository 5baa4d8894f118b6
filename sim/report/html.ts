// The report's HTML shell: one self-contained page with inline CSS (no scripts, no network).

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const STYLE = `
body { font-family: system-ui, -apple-system, sans-serif; margin: 1.5rem; color: #212121; background: #fafafa; }
h1 { font-size: 1.3rem; margin-bottom: .3rem; }
h2 { font-size: 1.1rem; }
.meta { color: #616161; font-size: .85rem; }
.runs { display: grid; gap: 1.5rem; }
.runs-2 { grid-template-columns: repeat(auto-fit, minmax(1020px, 1fr)); }
section.run { background: #fff; border: 1px solid #e0e0e0; border-radius: 6px; padding: 1rem; }
section.run.fail .verdict { color: #c62828; }
section.run.pass .verdict { color: #2e7d32; }
.expected { color: #2e7d32; font-size: .9rem; }
.unexpected { color: #c62828; font-size: .9rem; font-weight: bold; }
figure { margin: .5rem 0 1rem; }
svg { max-width: 100%; height: auto; background: #fff; }
table.counts { border-collapse: collapse; margin: .5rem 0; font-size: .85rem; }
table.counts th, table.counts td { border: 1px solid #e0e0e0; padding: .2rem .6rem; text-align: right; }
pre { white-space: pre-wrap; font-size: .8rem; margin: .2rem 0; }
li:target { background: #fff3e0; }
code { background: #eceff1; padding: .1rem .3rem; border-radius: 3px; }
table.sweep { border-collapse: collapse; font-size: .9rem; }
table.sweep th, table.sweep td { border: 1px solid #e0e0e0; padding: .3rem .7rem; text-align: right; }
`;

/** `extraStyle`: CSS for one kind of report, after the shared rules. */
export function htmlPage(title: string, body: string, extraStyle = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}${extraStyle}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
