// The search page: plain JavaScript over the JSON API, no build step.
// The page's state lives in the URL's hash (#q=...&lang=...&page=2, or
// #article=ID), so the back button, reloads and shared links work.
// Everything from the API or the query is put on the page as text nodes,
// never parsed as HTML.
'use strict';

const PAGE_SIZE = 10;
const LANGUAGE_NAMES = {
  kk: 'Қазақша', 'kk-Latn': 'Qazaqşa', 'kk-Arab': 'قازاقشا', ru: 'Русский', en: 'English',
  zh: '中文', uz: 'Oʻzbekcha', 'uz-Cyrl': 'Ўзбекча',
};
const FACETS = [['tag', 'tags'], ['category', 'categories'], ['lang', 'languages'], ['month', 'months']];
// ?at=2024-03-25T00:00:00Z on the page's address makes "Popular" end then
// instead of now (for archives and the bundled sample's old logs).
const POPULAR_AT = new URLSearchParams(location.search).get('at');

const $ = (id) => document.getElementById(id);

// The page's language: the reader's choice (kept in localStorage), else
// the edition being read, else the browser's first language we have; the
// words come from MESSAGES (i18n.js), dates and numbers from Intl.
const UI_CHOICE_KEY = 'newsidx-ui';
let ui = 'en';
let uiChosen = null;  // this page's choice, when storage refuses to keep it

function uiLanguageFor(edition) {
  if (uiChosen) return uiChosen;
  try {
    const chosen = localStorage.getItem(UI_CHOICE_KEY);
    if (chosen && MESSAGES[chosen]) return chosen;
  } catch { /* storage refused: no choice kept */ }
  if (edition && MESSAGES[edition]) return edition;
  for (const wanted of navigator.languages || [navigator.language || 'en']) {
    if (MESSAGES[wanted]) return wanted;
    const base = wanted.split('-')[0];
    if (MESSAGES[base]) return base;
  }
  return 'en';
}

// A message with its {name} values (numbers as the language writes them);
// a plural one by Intl.PluralRules.
function t(key, values = {}) {
  let message = (MESSAGES[ui] || MESSAGES.en)[key] ?? MESSAGES.en[key] ?? key;
  if (typeof message === 'object') {
    const form = new Intl.PluralRules(ui).select(values.n ?? 0);
    message = message[form] ?? message.other;
  }
  const shown = (v) => (typeof v === 'number' ? number(v) : String(v));
  return message.replace(/\{(\w+)\}/g, (all, name) => (name in values ? shown(values[name]) : all));
}

function number(n) {
  return n.toLocaleString(ui);
}

function applyLanguage(lang) {
  ui = lang;
  document.documentElement.lang = ui;
  document.documentElement.dir = ui === 'kk-Arab' ? 'rtl' : 'ltr';
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-placeholder]')) node.placeholder = t(node.dataset.i18nPlaceholder);
  for (const node of document.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
  $('ui-lang').value = ui;
}
let popularWindow = '24h';
let popularEdition = '';
let lastSearch = '#';

// Only http and https addresses become links (an article's url is the
// newsroom's text: "javascript:" must stay text).
function isWebLink(url) {
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'onclick') node.addEventListener('click', value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// Text in the article's own language and direction: Kazakh in Arabic
// script reads right to left, everything else as its first letters say.
function langAttrs(lang) {
  return { lang: lang || undefined, dir: lang === 'kk-Arab' ? 'rtl' : 'auto' };
}

function readHash() {
  return new URLSearchParams(location.hash.replace(/^#/, ''));
}

function writeHash(params) {
  const text = params.toString();
  if (('#' + text) === location.hash || (text === '' && location.hash === '')) render();
  else location.hash = text;
}

async function api(path, params) {
  const query = params ? '?' + params.toString() : '';
  const response = await fetch(path + query, { headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => ({ error: t('serviceAnswered', { status: response.status }) }));
  if (!response.ok) throw new Error(body.error || t('serviceAnswered', { status: response.status }));
  return body;
}

// The day of a publication time, as the page's language writes dates.
function day(published) {
  const time = Date.parse(published || '');
  if (Number.isNaN(time)) return (published || '').slice(0, 10);
  return new Intl.DateTimeFormat(ui, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(time);
}

function articleLink(hit) {
  return el('a', { href: '#article=' + encodeURIComponent(hit.id), ...langAttrs(hit.lang) }, hit.title || hit.id);
}

function snippetNode(spans) {
  const p = el('p', { class: 'snippet', dir: 'auto' });
  for (const span of spans) p.append(span.highlight ? el('mark', {}, span.text) : document.createTextNode(span.text));
  return p;
}

// Filters that the search form does not show: tag, category and month.
function filterParams(state) {
  const params = new URLSearchParams();
  for (const key of ['tag', 'category']) if (state.get(key)) params.set(key, state.get(key));
  const month = state.get('month');
  if (month) { params.set('since', month); params.set('until', month); }
  return params;
}

function setFilter(key, value) {
  const state = readHash();
  state.delete('article');
  state.delete('page');
  if (value === null) state.delete(key); else state.set(key, value);
  writeHash(state);
}

async function showResults(state) {
  $('article-view').hidden = true;
  $('results-view').hidden = false;
  const q = state.get('q') || '';
  const lang = state.get('lang') || '';
  const page = Math.max(1, parseInt(state.get('page') || '1', 10) || 1);
  $('q').value = q;
  $('edition').value = lang;
  $('sort').value = state.get('sort') === 'date' ? 'date' : 'relevance';
  renderChips(state);
  const params = filterParams(state);
  if (!q && !params.toString()) {
    $('status').textContent = t('hint');
    $('results').replaceChildren();
    $('pager').replaceChildren();
    $('facets').replaceChildren();
    $('suggestion').hidden = true;
    return;
  }
  params.set('q', q);
  if (lang) params.set('lang', lang);
  if (state.get('sort') === 'date') params.set('sort', 'date');
  params.set('offset', String((page - 1) * PAGE_SIZE));
  params.set('limit', String(PAGE_SIZE));
  params.set('facets', '1');
  $('status').textContent = t('searching');
  let result;
  try {
    result = await api('/api/search', params);
  } catch (error) {
    $('status').replaceChildren(el('span', { class: 'error' }, error.message));
    $('results').replaceChildren();
    $('pager').replaceChildren();
    return;
  }
  const count = t('count', { n: result.total });
  let status = result.total_exact ? count : t('aboutCount', { count });
  if (result.relaxed) status += ' (' + t('relaxed') + ')';
  if (result.plain_words) status += ' (' + t('plainWords', { problem: result.problem }) + ')';
  $('status').textContent = status;
  $('suggestion').hidden = !result.suggestion;
  if (result.suggestion) {
    const link = $('suggestion-link');
    link.textContent = result.suggestion;
    const next = new URLSearchParams(state);
    next.set('q', result.suggestion);
    next.delete('page');
    link.href = '#' + next.toString();
  }
  $('results').replaceChildren(...result.results.map(resultItem));
  renderPager(state, result.total, page);
  renderFacets(result.facets || {}, state);
}

function resultItem(hit) {
  const meta = [day(hit.published), LANGUAGE_NAMES[hit.lang] || hit.lang, hit.category].filter(Boolean).join(' · ');
  return el('li', { class: 'result', 'data-id': hit.id },
    el('h3', {}, articleLink(hit)),
    el('div', { class: 'meta' }, meta, hit.duplicates ? ' · ' + t('moreLikeIt', { n: hit.duplicates }) : null),
    hit.snippet && hit.snippet.length ? snippetNode(hit.snippet) : null,
    tagList(hit.tags));
}

function tagList(tags) {
  if (!tags || !tags.length) return null;
  return el('div', { class: 'tags' },
    ...tags.map((tag) => el('a', { class: 'tag', href: '#', dir: 'auto', onclick: (e) => { e.preventDefault(); setFilter('tag', tag); } }, tag)));
}

function renderChips(state) {
  const chips = [];
  for (const key of ['tag', 'category', 'month']) {
    const value = state.get(key);
    if (value) {
      chips.push(el('button', { type: 'button', class: 'chip', title: t('removeFilter'), onclick: () => setFilter(key, null) },
        t(key) + ': ' + value));
    }
  }
  $('active-filters').replaceChildren(...chips);
}

function renderFacets(facets, state) {
  const sections = [];
  for (const [name, heading] of FACETS) {
    const values = facets[name] || [];
    if (!values.length) continue;
    const items = values.slice(0, 10).map((v) => {
      const label = name === 'lang' ? (LANGUAGE_NAMES[v.value] || v.value) : v.value;
      // An edition covers every script of its language: kk-Latn filters kk.
      const apply = name === 'lang' ? () => setLang(v.value.split('-')[0]) : () => setFilter(name, v.value);
      return el('li', {},
        el('a', { href: '#', dir: 'auto', 'data-facet': name, onclick: (e) => { e.preventDefault(); apply(); } }, label),
        el('span', { class: 'count' }, number(v.count)));
    });
    sections.push(el('section', {}, el('h2', {}, t(heading)), el('ul', {}, ...items)));
  }
  $('facets').replaceChildren(...sections);
}

function setLang(lang) {
  const state = readHash();
  state.delete('page');
  if (lang) state.set('lang', lang); else state.delete('lang');
  writeHash(state);
}

function renderPager(state, total, page) {
  const pages = Math.min(Math.ceil(total / PAGE_SIZE), 1000);
  const nav = $('pager');
  nav.replaceChildren();
  if (pages <= 1) return;
  const link = (n, label) => {
    const next = new URLSearchParams(state);
    next.set('page', String(n));
    return n === page ? el('span', { 'aria-current': 'page' }, label) : el('a', { href: '#' + next.toString() }, label);
  };
  if (page > 1) nav.append(link(page - 1, t('previous')));
  for (let n = Math.max(1, page - 4); n <= Math.min(pages, page + 4); n++) nav.append(link(n, String(n)));
  if (page < pages) nav.append(link(page + 1, t('next')));
}

// A Kazakh article reads in any of its scripts: the switch asks the
// service for it in Cyrillic, Latin or Arabic letters (#article=ID&script=Latn).
const KAZAKH_SCRIPTS = [['Cyrl', 'kk', 'Кирил'], ['Latn', 'kk-Latn', 'Latyn'], ['Arab', 'kk-Arab', 'تۆتە']];

function renderScriptSwitch(article) {
  const box = $('script-switch');
  box.hidden = article.lang.split('-')[0] !== 'kk';
  box.replaceChildren(...(box.hidden ? [] : KAZAKH_SCRIPTS.map(([script, lang, label]) =>
    el('button', {
      type: 'button', lang, 'data-script': script, 'aria-pressed': String(lang === article.lang),
      onclick: () => { const state = readHash(); state.set('script', script); writeHash(state); },
    }, label))));
}

async function showArticle(id, script) {
  $('results-view').hidden = true;
  $('article-view').hidden = false;
  $('back').href = lastSearch;
  $('facets').replaceChildren();
  const box = $('article');
  box.replaceChildren(el('p', { class: 'muted' }, t('loading')));
  $('related').replaceChildren();
  $('script-switch').hidden = true;
  let article;
  try {
    article = await api('/api/articles/' + encodeURIComponent(id), script ? new URLSearchParams({ script }) : null);
  } catch (error) {
    box.replaceChildren(el('p', { class: 'error' }, error.message));
    return;
  }
  renderScriptSwitch(article);
  const text = langAttrs(article.lang);
  box.replaceChildren(...[
    el('h1', text, article.title),
    el('div', { class: 'meta' }, [day(article.published), LANGUAGE_NAMES[article.lang] || article.lang,
      article.category, article.author].filter(Boolean).join(' · ')),
    article.lead ? el('p', { class: 'lead', ...text }, article.lead) : null,
    article.body ? el('div', { class: 'body', ...text }, article.body) : null,
    tagList(article.tags),
    isWebLink(article.url) ? el('p', { class: 'muted' }, el('a', { href: article.url, rel: 'noopener' }, article.url))
      : article.url ? el('p', { class: 'muted' }, article.url) : null,
  ].filter(Boolean));  // replaceChildren would show a null as the text 'null'
  document.title = article.title + ' · newsidx';
  try {
    const related = await api('/api/articles/' + encodeURIComponent(id) + '/related', new URLSearchParams({ limit: '5' }));
    $('related').replaceChildren(...(related.results.length
      ? related.results.map((hit) => el('li', {}, articleLink(hit), el('div', { class: 'meta' }, day(hit.published))))
      : [el('li', { class: 'muted' }, t('noRelated'))]));
  } catch (error) {
    $('related').replaceChildren(el('li', { class: 'error' }, error.message));
  }
  refreshPopular(article.lang.split('-')[0]);
}

async function refreshPopular(edition) {
  popularEdition = edition;
  const params = new URLSearchParams({ window: popularWindow, top: '5' });
  if (edition) params.set('lang', edition);
  if (POPULAR_AT) params.set('at', POPULAR_AT);
  $('popular-edition').textContent = edition ? '· ' + (LANGUAGE_NAMES[edition] || edition) : '';
  const list = $('popular');
  try {
    const popular = await api('/api/popular', params);
    list.replaceChildren(...(popular.results.length
      ? popular.results.map((hit) => el('li', {}, articleLink(hit),
        el('div', { class: 'meta' }, t('views', { n: hit.views }))))
      : [el('li', { class: 'muted' }, t('noViews'))]));
  } catch (error) {
    list.replaceChildren(el('li', { class: 'error' }, error.message));
  }
}

function render() {
  const state = readHash();
  const lang = uiLanguageFor(state.get('lang'));
  if (lang !== ui || document.documentElement.lang !== lang) applyLanguage(lang);
  if (state.get('article')) {
    showArticle(state.get('article'), state.get('script'));
    return;
  }
  document.title = t('title');
  lastSearch = location.hash || '#';
  showResults(state);
  refreshPopular(state.get('lang') || '');
}

// Completions as the reader types: an ARIA combobox over /api/suggest,
// asked 120 ms after the last key, answers to an older prefix dropped.
// Up and Down move through the list, Enter picks (a headline opens its
// article, anything else is searched), Escape closes it.
const completion = { timer: 0, asked: 0, items: [], active: -1 };

function closeCompletions() {
  completion.items = [];
  completion.active = -1;
  $('completions-box').hidden = true;
  $('q').setAttribute('aria-expanded', 'false');
  $('q').removeAttribute('aria-activedescendant');
}

function setActiveCompletion(index) {
  completion.active = index;
  const options = $('completions').children;
  for (let i = 0; i < options.length; i++) options[i].setAttribute('aria-selected', String(i === index));
  if (index >= 0) $('q').setAttribute('aria-activedescendant', options[index].id);
  else $('q').removeAttribute('aria-activedescendant');
}

function pickCompletion(item) {
  closeCompletions();
  $('q').value = item.text;
  if (item.kind === 'headline' && item.id) {
    writeHash(new URLSearchParams({ article: item.id }));
    return;
  }
  $('search-form').requestSubmit();
}

// The typed length of the completion marked: the reader sees what they
// typed, whatever script or layout it was read in.
function completionOption(item, index, typed) {
  const chars = [...item.text];
  const marked = Math.min(chars.length, [...typed].length);
  return el('li', { id: 'completion-' + index, role: 'option', 'aria-selected': 'false', 'data-kind': item.kind,
    onmousedown: (e) => { e.preventDefault(); pickCompletion(item); } },
  el('span', langAttrs(item.lang), el('mark', {}, chars.slice(0, marked).join('')), chars.slice(marked).join('')),
  el('span', { class: 'kind' }, item.kind === 'headline' ? t('kindArticle') : item.kind === 'tag' ? t('tag') : ''));
}

async function askCompletions() {
  const typed = $('q').value;
  const asked = ++completion.asked;
  if (!typed.trim()) { closeCompletions(); return; }
  const params = new URLSearchParams({ q: typed, limit: '8' });
  if ($('edition').value) params.set('lang', $('edition').value);
  let answer;
  try {
    answer = await api('/api/suggest', params);
  } catch {
    if (asked === completion.asked) closeCompletions();
    return;
  }
  if (asked !== completion.asked || document.activeElement !== $('q')) return;
  completion.items = answer.suggestions;
  if (!completion.items.length) { closeCompletions(); return; }
  $('completions').replaceChildren(...completion.items.map((item, i) => completionOption(item, i, typed)));
  $('completions-layout').hidden = !answer.layout;
  $('completions-layout').textContent = answer.layout ? t('layoutNote', { layout: answer.layout }) : '';
  $('completions-box').hidden = false;
  $('q').setAttribute('aria-expanded', 'true');
  setActiveCompletion(-1);
}

$('q').addEventListener('input', () => {
  clearTimeout(completion.timer);
  completion.timer = setTimeout(askCompletions, 120);
});
$('q').addEventListener('keydown', (event) => {
  if ($('completions-box').hidden) return;
  const n = completion.items.length;
  if (event.key === 'ArrowDown') setActiveCompletion((completion.active + 1) % n);
  else if (event.key === 'ArrowUp') setActiveCompletion(completion.active <= 0 ? n - 1 : completion.active - 1);
  else if (event.key === 'Escape') closeCompletions();
  else if (event.key === 'Enter' && completion.active >= 0) pickCompletion(completion.items[completion.active]);
  else return;
  event.preventDefault();
});
$('q').addEventListener('blur', () => setTimeout(closeCompletions, 150));

$('search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  clearTimeout(completion.timer);
  ++completion.asked;
  closeCompletions();
  const state = readHash();
  const next = new URLSearchParams();
  next.set('q', $('q').value.trim());
  if ($('edition').value) next.set('lang', $('edition').value);
  if ($('sort').value === 'date') next.set('sort', 'date');
  // Tag, category and month filters stay while the words change.
  for (const key of ['tag', 'category', 'month']) if (state.get(key)) next.set(key, state.get(key));
  writeHash(next);
});
$('edition').addEventListener('change', () => setLang($('edition').value));
$('sort').addEventListener('change', () => {
  const state = readHash();
  state.delete('page');
  if ($('sort').value === 'date') state.set('sort', 'date'); else state.delete('sort');
  writeHash(state);
});
for (const button of document.querySelectorAll('.popular .switch button')) {
  button.addEventListener('click', () => {
    popularWindow = button.dataset.window;
    for (const other of document.querySelectorAll('.popular .switch button')) {
      other.setAttribute('aria-pressed', String(other === button));
    }
    refreshPopular(popularEdition);
  });
}
$('ui-lang').addEventListener('change', () => {
  uiChosen = $('ui-lang').value;
  try {
    localStorage.setItem(UI_CHOICE_KEY, $('ui-lang').value);
  } catch { /* storage refused: the choice lasts this page */ }
  applyLanguage($('ui-lang').value);
  render();
  refreshPopular(popularEdition);
});
window.addEventListener('hashchange', render);
render();
