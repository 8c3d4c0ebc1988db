// Live preview of the template form, with the server's placeholder rules: {{1}}, {{2}}… (or {{name}}) are
// replaced by the examples in order; variables without an example stay visible. The server validates again.
const form = document.getElementById('template-form');
const out = (name) => document.querySelector(`[data-preview="${name}"]`);
const placeholder = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
const field = (name) => form.elements.namedItem(`Form.${name}`)?.value ?? '';
const lines = (text) => text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);

function variables(text) {
  return [...new Set([...text.matchAll(placeholder)].map((m) => m[1]))];
}

function render(text, examples) {
  const names = variables(text);
  return text.replace(placeholder, (whole, name) => examples[names.indexOf(name)] ?? whole);
}

function issues(body, examples) {
  const found = [];
  const names = variables(body);
  const numbers = names.filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b);
  if (numbers.some((n, i) => n !== i + 1)) found.push('Variables must be numbered {{1}}, {{2}}… without gaps.');
  if (names.length > 0 && (/^\s*\{\{/.test(body) || /\}\}\s*$/.test(body))) found.push('The body cannot start or end with a variable.');
  if (/\}\}\s*\{\{/.test(body)) found.push('Variables cannot be next to each other.');
  if (examples.length !== names.length) found.push(`Give ${names.length} example(s), one per line.`);
  if (body.length > 1024) found.push(`The body has ${body.length} characters; at most 1024.`);
  return found;
}

function update() {
  const body = field('Body');
  const examples = lines(field('BodyExamples'));
  out('header').textContent = render(field('Header'), [field('HeaderExample')]);
  out('body').textContent = render(body, examples);
  out('footer').textContent = field('Footer');
  const buttons = out('buttons');
  buttons.replaceChildren();
  for (const label of [...lines(field('QuickReplies')), field('UrlButtonText')].filter((l) => l)) {
    const span = document.createElement('span');
    span.textContent = label;
    buttons.append(span);
  }
  out('issues').textContent = issues(body, examples).join(' ');
}

if (form) {
  form.addEventListener('input', update);
  update();
}
