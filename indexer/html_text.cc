#include "indexer/html_text.h"

#include <algorithm>
#include <cstring>
#include <mutex>

#include <libxml/HTMLparser.h>

namespace newsidx {
namespace {

bool name_in(const xmlChar* name, std::initializer_list<const char*> names) {
  const char* n = reinterpret_cast<const char*>(name);
  return std::any_of(names.begin(), names.end(), [n](const char* m) { return std::strcmp(n, m) == 0; });
}

// Elements whose content a reader never sees as text.
bool is_hidden(const xmlChar* name) {
  return name_in(name, {"script", "style", "head", "title", "template", "noscript", "iframe", "object", "svg", "math",
                        "select", "textarea"});
}

// Elements that start and end a line of their own.
bool is_block(const xmlChar* name) {
  return name_in(name, {"p",          "div",     "br",      "li",      "ul",     "ol",    "dl",         "dt",  "dd",
                        "h1",         "h2",      "h3",      "h4",      "h5",     "h6",    "blockquote", "pre", "table",
                        "tr",         "section", "article", "header",  "footer", "aside", "main",       "nav", "figure",
                        "figcaption", "hr",      "address", "caption", "body",   "html"});
}

bool is_cell(const xmlChar* name) { return name_in(name, {"td", "th"}); }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Text gathered from the parser's events.
struct Gatherer {
  std::string text;
  int hidden = 0;          // open hidden elements
  int preformatted = 0;    // open <pre> elements
  bool space_due = false;  // white space seen since the last word
  bool line_due = false;   // a block boundary seen since the last word

  void boundary() { line_due = !text.empty(); }

  void characters(const char* s, std::size_t n) {
    if (hidden > 0) return;
    for (std::size_t i = 0; i < n; ++i) {
      const char c = s[i];
      if (preformatted == 0 && is_space(c)) {
        space_due = !text.empty();
        continue;
      }
      if (line_due) text += '\n';
      else if (space_due) text += ' ';
      line_due = space_due = false;
      text += c;
    }
  }
};

Gatherer& gatherer(void* context) { return *static_cast<Gatherer*>(context); }

void on_start(void* context, const xmlChar* name, const xmlChar**) {
  Gatherer& g = gatherer(context);
  if (is_hidden(name)) ++g.hidden;
  if (name_in(name, {"pre"})) ++g.preformatted;
  if (is_block(name)) g.boundary();
  else if (is_cell(name)) g.space_due = !g.text.empty();
}

void on_end(void* context, const xmlChar* name) {
  Gatherer& g = gatherer(context);
  if (is_hidden(name)) g.hidden = std::max(0, g.hidden - 1);
  if (name_in(name, {"pre"})) g.preformatted = std::max(0, g.preformatted - 1);
  if (is_block(name)) g.boundary();
}

void on_characters(void* context, const xmlChar* s, int n) {
  gatherer(context).characters(reinterpret_cast<const char*>(s), static_cast<std::size_t>(n));
}

}  // namespace

std::string html_to_text(std::string_view html) {
  static std::once_flag init;
  std::call_once(init, xmlInitParser);  // once, before any thread parses
  htmlSAXHandler handler;
  std::memset(&handler, 0, sizeof handler);
  handler.startElement = on_start;
  handler.endElement = on_end;
  handler.characters = on_characters;
  handler.cdataBlock = on_characters;
  Gatherer g;
  htmlParserCtxtPtr parser = htmlCreatePushParserCtxt(&handler, &g, nullptr, 0, nullptr, XML_CHAR_ENCODING_UTF8);
  if (!parser) return {};
  htmlCtxtUseOptions(parser, HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC);
  // In pieces, as the push parser takes an int length.
  constexpr std::size_t kChunk = 1 << 20;
  for (std::size_t at = 0; at < html.size(); at += kChunk) {
    const std::size_t n = std::min(kChunk, html.size() - at);
    htmlParseChunk(parser, html.data() + at, static_cast<int>(n), 0);
  }
  htmlParseChunk(parser, nullptr, 0, 1);
  htmlFreeParserCtxt(parser);
  return std::move(g.text);
}

}  // namespace newsidx
