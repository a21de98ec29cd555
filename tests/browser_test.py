#!/usr/bin/env python3
"""The search page in a real browser: Debian's chromium, headless, driven
through chromedriver's W3C WebDriver protocol (plain HTTP, no Selenium).

usage: browser_test.py NEWSINDEX NEWSSEARCH SOURCE_DIR SCREENSHOT.png
(the results page is saved beside it as SCREENSHOT-results.png)
Exits 77 (skipped) when chromium or chromedriver is not installed."""

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from service_harness import SKIP, Service, run  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
MESSAGES_RU_HINT = ('Введите запрос: слово, "фразу", -исключение, tag:"Kazakhstan", '
                    'date:2024-03-01..2024-03-31')


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    def __init__(self):
        self.port = free_port()
        self.driver = subprocess.Popen([shutil.which("chromedriver"), f"--port={self.port}"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(100):
            try:
                if self.call("GET", "/status")["ready"]:
                    break
            except OSError:
                time.sleep(0.1)
        options = {"binary": CHROMIUM,
                   "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--window-size=1280,1000", "--lang=en-US"]}
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": options}}}
        self.session = "/session/" + self.call("POST", "/session", caps)["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else (b"{}" if method == "POST" else None)
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as r:
                return json.loads(r.read().decode())["value"]
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"{method} {path}: {e.read().decode()[:500]}") from None

    def go(self, url):
        self.call("POST", self.session + "/url", {"url": url})

    def js(self, script, *args):
        return self.call("POST", self.session + "/execute/sync", {"script": script, "args": list(args)})

    def wait(self, script, what, *args, timeout=15):
        """Polls a JavaScript expression (given args as arguments[i]) until it is truthy; returns its value."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            value = self.js("return " + script, *args)
            if value:
                return value
            time.sleep(0.1)
        status = self.js("return document.getElementById('status').textContent")
        raise AssertionError(f"timed out waiting for {what} (the status line says {status!r})")

    def element(self, css):
        found = self.call("POST", self.session + "/element", {"using": "css selector", "value": css})
        return self.session + "/element/" + next(iter(found.values()))

    def type_and_search(self, text):
        box = self.element("#q")
        self.call("POST", box + "/clear")
        self.call("POST", box + "/value", {"text": text})
        self.call("POST", self.element("#search-form button[type=submit]") + "/click")

    def type_into_search(self, text):
        box = self.element("#q")
        self.call("POST", box + "/clear")
        self.call("POST", box + "/value", {"text": text})

    def press(self, key):
        self.call("POST", self.element("#q") + "/value", {"text": key})

    def completions(self, what):
        return self.wait("!document.getElementById('completions-box').hidden && "
                         "[...document.querySelectorAll('#completions li[role=option]')].map(li => "
                         "li.firstChild.textContent)", what)

    def screenshot(self, path):
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.call("GET", self.session + "/screenshot")))

    def close(self):
        try:
            self.call("DELETE", self.session)
        finally:
            self.driver.terminate()
            self.driver.wait()


def has_cyrillic(text):
    return any("\u0400" <= c <= "\u04ff" for c in text)


def document_closed(browser):
    return browser.js("return document.getElementById('completions-box').hidden")


def check(condition, message):
    if not condition:
        raise AssertionError(message)
    print("ok:", message)


def main():
    newsindex, newssearch, source_dir, screenshot = sys.argv[1:5]
    if not os.path.exists(CHROMIUM) or not shutil.which("chromedriver"):
        print("SKIPPED: the browser test needs Debian's chromium and chromium-driver "
              "(scripts/setup.sh installs them)")
        return SKIP
    service = Service(newsindex, newssearch, source_dir)
    browser = None
    try:
        browser = Browser()
        # Popular from the sample log's week, which ends 2024-03-25.
        browser.go(service.base + "/?at=2024-03-25T00:00:00Z")
        browser.wait("document.querySelectorAll('#popular li a').length", "the Popular box")

        # A Kazakh query in Latin letters finds Cyrillic articles, highlighted.
        browser.type_and_search("Toqaev Bishkek")
        results = browser.wait(
            "[...document.querySelectorAll('#results li.result')].map(li => ({id: li.dataset.id, "
            "title: li.querySelector('h3').textContent, "
            "marks: [...li.querySelectorAll('mark')].map(m => m.textContent)}))", "search results")
        ids = [r["id"] for r in results]
        check(ids == ["kk-tokayev-bishkek", "qz-tokayev-bishkek"], f"results for 'Toqaev Bishkek' are {ids}")
        first = results[0]
        check(has_cyrillic(first["title"]), f"the first result is in Cyrillic: {first['title']}")
        check(first["marks"] == ["Тоқаев", "Бішкекке", "Тоқаевты"], f"its snippet highlights {first['marks']}")
        check(results[1]["marks"] == ["Toqaev", "Bishkekke", "Toqaevty"], f"the Latin one highlights {results[1]['marks']}")
        status = browser.js("return document.getElementById('status').textContent")
        check(status == "2 articles", f"the status line says '{status}'")
        browser.screenshot(screenshot.replace(".png", "-results.png"))

        # The article view, with its Related news and the edition's Popular box.
        browser.call("POST", browser.element("#results li.result h3 a") + "/click")
        title = browser.wait("document.querySelector('#article h1') && document.querySelector('#article h1').textContent",
                             "the article")
        check(title.startswith("Тоқаев Қырғызстанда"), f"the article opens: {title}")
        shown = browser.js("return [...document.getElementById('article').children].map(e => e.className || e.tagName)")
        check(shown == ["H1", "meta", "body", "tags", "muted"], f"it shows title, date line, body, tags, url: {shown}")
        related = browser.wait("[...document.querySelectorAll('#related li a')].map(a => a.getAttribute('href'))",
                               "related news")
        check(len(related) >= 1 and "#article=qz-tokayev-bishkek" in related,
              f"Related news lists the Latin edition's story: {related}")
        popular = browser.wait(
            "document.getElementById('popular-edition').textContent.includes('Қазақша') && "
            "[...document.querySelectorAll('#popular li')].map(li => li.textContent)", "the Kazakh Popular box")
        check(len(popular) >= 1 and all("view" in p for p in popular), f"the Kazakh Popular box: {popular}")
        browser.screenshot(screenshot)
        print("screenshot:", screenshot)

        # The 7-day switch asks for another window.
        browser.call("POST", browser.element(".switch button[data-window='7d']") + "/click")
        pressed = browser.wait("document.querySelector(\".switch button[data-window='7d']\")"
                               ".getAttribute('aria-pressed') === 'true'", "the 7d switch")
        check(pressed, "the 7 days switch is pressed")

        # Kazakh in Arabic script reads right to left.
        browser.go(service.base + "/#article=kkarab-referendum-2022")
        direction = browser.wait("document.querySelector('#article h1') && "
                                 "document.querySelector('#article h1').getAttribute('dir')", "the Arabic article")
        check(direction == "rtl", "an Arabic-script article is laid out right to left")

        # A Cyrillic article read in Latin letters, through the script switch.
        browser.go(service.base + "/#article=kk-tokayev-bishkek")
        browser.wait("document.querySelector('#script-switch button[data-script=Latn]')", "the script switch")
        browser.call("POST", browser.element("#script-switch button[data-script=Latn]") + "/click")
        latin = browser.wait("location.hash.includes('script=Latn') && document.querySelector('#article h1') && "
                             "document.querySelector('#article h1').getAttribute('lang') === 'kk-Latn' && "
                             "document.querySelector('#article h1').textContent", "the article in Latin letters")
        check(latin == "Toqaev Qyrğyzstanda TMD sammitıne qatysty", f"the article reads in Latin letters: {latin}")
        pressed = browser.js("return [...document.querySelectorAll('#script-switch button')]"
                             ".map(b => b.dataset.script + ':' + b.getAttribute('aria-pressed'))")
        check(pressed == ["Cyrl:false", "Latn:true", "Arab:false"], f"the switch shows Latin pressed: {pressed}")
        browser.screenshot(screenshot.replace(".png", "-latin.png"))

        # A facet is a filter.
        browser.go(service.base + "/#q=" + "%D2%9A%D0%B0%D0%B7%D0%B0%D2%9B%D1%81%D1%82%D0%B0%D0%BD")  # Қазақстан
        browser.wait("document.querySelectorAll('#facets a[data-facet=tag]').length", "tag facets")
        facet_count = browser.js("return [...document.querySelectorAll('#facets a[data-facet=tag]')]"
                                 ".find(a => a.textContent === 'Constitution').nextSibling.textContent")
        browser.js("[...document.querySelectorAll('#facets a[data-facet=tag]')]"
                   ".find(a => a.textContent === 'Constitution').click()")
        chip = browser.wait("document.querySelector('#active-filters .chip') && "
                            "document.querySelector('#active-filters .chip').textContent", "the tag filter")
        check(chip == "tag: Constitution", f"the tag facet became a filter: {chip}")
        # Facets count every matching article; the list shows re-publications
        # of one text once, with "N more like it".
        shown = browser.wait(
            "document.getElementById('status').textContent === '3 articles' && "
            "[...document.querySelectorAll('#results li.result')].map(li => 1 + Number("
            "(li.querySelector('.meta').textContent.match(/(\\d+) more like it/) || [0, 0])[1]))",
            "filtered results")
        check(sum(shown) == int(facet_count) == 4, f"the filtered list holds the facet's {facet_count} articles: {shown}")

        # Pages: 17 articles tagged Kazakhstan are two pages of 10 and 7.
        browser.go(service.base + "/#q=&tag=Kazakhstan")
        first = browser.wait("document.getElementById('status').textContent === '17 articles' && "
                             "[...document.querySelectorAll('#results li.result')].map(li => li.dataset.id)",
                             "the first page")
        browser.js("[...document.querySelectorAll('#pager a')].find(a => a.textContent === 'Next ›').click()")
        second = browser.wait("location.hash.includes('page=2') && "
                              "document.getElementById('status').textContent === '17 articles' && "
                              "[...document.querySelectorAll('#results li.result')].map(li => li.dataset.id)",
                              "the second page")
        check(len(first) == 10 and len(second) == 7 and not set(first) & set(second),
              f"two pages of 10 and 7 different articles: {len(first)} + {len(second)}")

        # Completions as the reader types: a Latin Kazakh prefix, picked
        # with the keyboard, searches the completion.
        browser.go(service.base + "/")
        browser.type_into_search("Qaz")
        offered = browser.completions("completions of Qaz")
        check("Qazaqstanda" in offered[:3] and "Қазақстан" in offered, f"'Qaz' offers {offered}")
        check(browser.js("return document.getElementById('q').getAttribute('aria-expanded')") == "true",
              "the combobox says it is expanded")
        marked = browser.js("return [...document.querySelectorAll('#completions li mark')].map(m => m.textContent)")
        check(marked[offered.index("Qazaqstanda")] == "Qaz" and marked[offered.index("Қазақстан")] == "Қаз",
              f"the typed part is marked: {marked}")
        browser.screenshot(screenshot.replace(".png", "-completions.png"))
        pick = offered.index("Qazaqstanda")
        for _ in range(pick + 1):
            browser.press("\ue015")  # ArrowDown
        active = browser.js("return document.getElementById('q').getAttribute('aria-activedescendant')")
        check(active == f"completion-{pick}", f"ArrowDown moves to 'Qazaqstanda': {active}")
        browser.press("\ue007")  # Enter
        ids = browser.wait("location.hash.includes('q=Qazaqstanda') && "
                           "!document.getElementById('status').textContent.startsWith('Searching') && "
                           "[...document.querySelectorAll('#results li.result')].map(li => li.dataset.id)",
                           "the results of the picked completion")
        check("kk2021-referendum-2022" in ids and document_closed(browser), f"Enter searched 'Qazaqstanda': {ids}")

        # A Russian prefix typed with the US layout on, and a Chinese one.
        browser.type_into_search("Fcnfyf")
        offered = browser.completions("completions through the Russian layout")
        note = browser.js("return document.getElementById('completions-layout').textContent")
        check("Астанада" in offered and "ru" in note, f"'Fcnfyf' is read as Астана: {offered} ({note})")
        browser.press("\ue00c")  # Escape
        check(document_closed(browser), "Escape closes the list")
        browser.type_into_search("哈萨")
        offered = browser.completions("Chinese completions")
        check(offered[0] == "哈萨克", f"'哈萨' offers {offered}")

        # "Did you mean" offers the indexed spelling and searches it.
        browser.go(service.base + "/")
        browser.type_and_search("Kazakstn")
        offered = browser.wait("!document.getElementById('suggestion').hidden && "
                               "document.getElementById('suggestion-link').textContent", "a suggestion")
        check(offered == "kazakhstan", f"did you mean: {offered}")
        browser.call("POST", browser.element("#suggestion-link") + "/click")
        found = browser.wait("document.getElementById('q').value === 'kazakhstan' && "
                             "document.querySelectorAll('#results li.result').length", "the suggested search")
        check(found > 0, f"the suggestion finds {found} articles on the first page")

        # What a query puts on the page is text, never markup.
        browser.go(service.base + "/")
        browser.type_and_search("<script>alert(1)</script><img src=x onerror=alert(2)>")
        shown = browser.wait("document.getElementById('q').value && "
                             "!document.getElementById('status').textContent.startsWith('Searching') && "
                             "document.getElementById('status').textContent", "the search")
        injected = browser.js("return document.querySelectorAll('main script, main img').length")
        check(injected == 0, f"the query was not parsed as HTML (status: {shown})")
        try:
            browser.call("GET", browser.session + "/alert/text")
            check(False, "no alert opened")
        except RuntimeError as e:
            check("no such alert" in str(e), "no alert opened")

        # The page in Russian, then in Kazakh in the Arabic script, right to left.
        browser.go(service.base + "/")
        languages = {}
        for lang in ["ru", "kk-Arab"]:
            browser.js("const s = document.getElementById('ui-lang'); s.value = arguments[0]; "
                       "s.dispatchEvent(new Event('change'))", lang)
            languages[lang] = browser.wait(
                f"document.documentElement.lang === '{lang}' && "
                "[document.querySelector('#search-form button[type=submit]').textContent, "
                "document.getElementById('q').placeholder, document.documentElement.dir, "
                "document.querySelector('.popular h2 span').textContent, document.getElementById('status').textContent]",
                f"the page in {lang}")
        check(languages["ru"] == ["Найти", "Поиск по всем изданиям, любым алфавитом", "ltr", "Популярное",
                                  MESSAGES_RU_HINT],
              f"the page in Russian: {languages['ru']}")
        check(languages["kk-Arab"][:4] == ["ىزدەۋ", "بارلىق باسىلىمداردان كەز كەلگەن جازۋدا ىزدەۋ", "rtl", "تانىمال"],
              f"the page in Kazakh, Arabic script: {languages['kk-Arab']}")
        browser.screenshot(screenshot.replace(".png", "-kk-arab.png"))
        browser.type_and_search("Qazaqstan")
        # The search starts from the hash change, after the click: until then the status still holds the hint.
        status = browser.wait("!document.getElementById('status').textContent.startsWith('ىزدەلۋدە') && "
                              "document.getElementById('status').textContent !== arguments[0] && "
                              "document.getElementById('status').textContent", "a search in Kazakh, Arabic script",
                              languages["kk-Arab"][4])
        check(status.endswith("ماقالا"), f"the status line counts in Kazakh: {status}")
        browser.js("localStorage.removeItem('newsidx-ui')")

        # An article's url becomes a link only when it is http or https.
        extra = os.path.join(service.tmp, "extra.jsonl")
        with open(extra, "w", encoding="utf-8") as f:
            f.write(json.dumps({"id": "script-url", "lang": "en", "title": "Script url", "url": "javascript:alert(3)",
                                "published": "2024-03-01T00:00:00Z"}) + "\n")
        run(newsindex, "--db", service.db, "add", extra)
        browser.go(service.base + "/#article=script-url")
        links = browser.wait("document.getElementById('article-view').textContent.includes('javascript:alert(3)') && "
                             "[...document.querySelectorAll('#article-view a')].map(a => a.getAttribute('href'))",
                             "the article with a script url")
        check(not any(h and h.startswith("javascript") for h in links), f"its url is text, not a link: {links}")
        return 0
    finally:
        if browser:
            browser.close()
        code, stderr = service.stop()
        service.close()
        print("service stopped:", code, stderr.strip())


if __name__ == "__main__":
    sys.exit(main())
