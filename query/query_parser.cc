#include "query/query_parser.h"

#include <stdexcept>

#include "common/date.h"
#include "common/text.h"

namespace newsidx {
namespace {

using Kind = QueryNode::Kind;

// A syntax error: the whole query is then read as plain words.
struct Malformed {
  std::string problem;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool known_field(std::string_view f) {
  for (const char* k : {"title", "tag", "category", "lang", "author", "date", "since", "until"})
    if (f == k) return true;
  return false;
}

enum class Tok { Word, Phrase, Open, Close, Or, Minus, Field, End };

struct Token {
  Tok type;
  std::string text;       // Word/Phrase text, Field name
  std::size_t begin = 0;  // where `text` starts in the query
};

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  std::vector<Token> run() {
    std::vector<Token> out;
    for (;;) {
      while (pos_ < s_.size() && is_space(s_[pos_])) ++pos_;
      if (pos_ == s_.size()) break;
      const char c = s_[pos_];
      if (c == '(') {
        out.push_back({Tok::Open, {}});
        ++pos_;
        continue;
      }
      if (c == ')') {
        out.push_back({Tok::Close, {}});
        ++pos_;
        continue;
      }
      if (c == '"') {
        const std::size_t text_begin = pos_ + 1;
        out.push_back({Tok::Phrase, quoted(), text_begin});
        continue;
      }
      if (c == '-' && pos_ + 1 < s_.size() && !is_space(s_[pos_ + 1]) && at_token_start()) {
        out.push_back({Tok::Minus, {}});
        ++pos_;
        continue;
      }
      const std::size_t word_begin = pos_;
      std::string word = bare_word();
      if (word == "OR") {
        out.push_back({Tok::Or, {}});
        continue;
      }
      const auto colon = word.find(':');
      if (colon != std::string::npos && colon > 0 && is_field_name(word.substr(0, colon))) {
        const std::string name = word.substr(0, colon);
        if (!known_field(name)) throw Malformed{"unknown field \"" + name + ":\""};
        out.push_back({Tok::Field, name});
        std::string value = word.substr(colon + 1);
        if (value.empty() && pos_ < s_.size() && s_[pos_] == '"') {
          const std::size_t text_begin = pos_ + 1;
          out.push_back({Tok::Phrase, quoted(), text_begin});
        } else if (value.empty()) {
          throw Malformed{"field \"" + name + ":\" has no value"};
        } else {
          out.push_back({Tok::Word, value, word_begin + colon + 1});
        }
        continue;
      }
      out.push_back({Tok::Word, word, word_begin});
    }
    out.push_back({Tok::End, {}});
    return out;
  }

 private:
  bool at_token_start() const { return pos_ == 0 || is_space(s_[pos_ - 1]) || s_[pos_ - 1] == '('; }

  static bool is_field_name(const std::string& name) {
    for (char c : name)
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
    return true;
  }

  std::string quoted() {
    const std::size_t close = s_.find('"', pos_ + 1);
    if (close == std::string_view::npos) throw Malformed{"unbalanced quote"};
    std::string inside(s_.substr(pos_ + 1, close - pos_ - 1));
    pos_ = close + 1;
    return inside;
  }

  std::string bare_word() {
    const std::size_t start = pos_;
    while (pos_ < s_.size() && !is_space(s_[pos_]) && s_[pos_] != '(' && s_[pos_] != ')' && s_[pos_] != '"') ++pos_;
    return std::string(s_.substr(start, pos_ - start));
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : t_(std::move(tokens)) {}

  QueryNode run() {
    QueryNode root = or_expr();
    if (peek().type == Tok::Close) throw Malformed{"unbalanced parenthesis"};
    if (peek().type != Tok::End) throw Malformed{"unexpected operator"};
    return root;
  }

 private:
  const Token& peek() const { return t_[i_]; }
  Token take() { return t_[i_++]; }

  QueryNode or_expr() {
    QueryNode left = and_expr(false);
    if (peek().type != Tok::Or) return left;
    QueryNode node{Kind::Or, {}, {}, {}, {}, {std::move(left)}};
    while (peek().type == Tok::Or) {
      take();
      node.children.push_back(and_expr(true));
    }
    return node;
  }

  QueryNode and_expr(bool after_or) {
    QueryNode node{Kind::And, {}, {}, {}, {}, {}};
    while (peek().type != Tok::End && peek().type != Tok::Close && peek().type != Tok::Or)
      node.children.push_back(unary());
    if (node.children.empty())
      throw Malformed{after_or || peek().type == Tok::Or ? "OR without a word on each side" : "empty parentheses"};
    if (node.children.size() == 1) return std::move(node.children[0]);
    return node;
  }

  QueryNode unary() {
    if (peek().type != Tok::Minus) return primary();
    take();
    if (peek().type == Tok::Minus || peek().type == Tok::Or || peek().type == Tok::End)
      throw Malformed{"a '-' with nothing to exclude"};
    return QueryNode{Kind::Not, {}, {}, {}, {}, {primary()}};
  }

  QueryNode primary() {
    Token tok = take();
    switch (tok.type) {
      case Tok::Open: {
        QueryNode inner = or_expr();
        if (take().type != Tok::Close) throw Malformed{"unbalanced parenthesis"};
        return inner;
      }
      case Tok::Phrase: return QueryNode{Kind::Phrase, tok.text, {}, {}, {}, {}, tok.begin};
      case Tok::Word: return word(tok, "");
      case Tok::Field: return field(tok.text, take());
      case Tok::Close: throw Malformed{"unbalanced parenthesis"};
      default: throw Malformed{"unexpected operator"};
    }
  }

  static QueryNode word(const Token& tok, const std::string& field) {
    const std::string& text = tok.text;
    if (text.size() > 1 && text.back() == '*')
      return QueryNode{Kind::Prefix, text.substr(0, text.size() - 1), field, {}, {}, {}, tok.begin};
    return QueryNode{Kind::Words, text, field, {}, {}, {}, tok.begin};
  }

  static QueryNode field(const std::string& name, const Token& value) {
    if (value.type != Tok::Word && value.type != Tok::Phrase) throw Malformed{"field \"" + name + ":\" has no value"};
    if (name == "title") {
      if (value.type == Tok::Phrase) return QueryNode{Kind::Phrase, value.text, "title", {}, {}, {}, value.begin};
      return word(value, "title");
    }
    if (name == "date" || name == "since" || name == "until") return date(name, value.text);
    return QueryNode{Kind::Filter, value.text, name, {}, {}, {}};
  }

  static QueryNode date(const std::string& name, const std::string& value) {
    QueryNode node{Kind::Date, value, name, {}, {}, {}};
    std::string from = value, to = value;
    if (name == "date") {
      const auto dots = value.find("..");
      if (dots != std::string::npos) {
        from = value.substr(0, dots);
        to = value.substr(dots + 2);
      }
    }
    if (name != "until" && !from.empty()) {
      node.from = parse_date_bound(from, false);
      if (!node.from) throw Malformed{"bad date \"" + from + "\" (expected YYYY-MM-DD, YYYY-MM or YYYY)"};
    }
    if (name != "since" && !to.empty()) {
      node.to = parse_date_bound(to, true);
      if (!node.to) throw Malformed{"bad date \"" + to + "\" (expected YYYY-MM-DD, YYYY-MM or YYYY)"};
    }
    if (!node.from && !node.to) throw Malformed{"empty date range"};
    return node;
  }

  std::vector<Token> t_;
  std::size_t i_ = 0;
};

std::string quote(const std::string& s) { return "\"" + s + "\""; }

}  // namespace

ParsedQuery parse_query(std::string_view text) {
  ParsedQuery out;
  if (is_blank(text)) return out;  // no words: the request's filters alone, if any
  try {
    out.root = Parser(Lexer(text).run()).run();
  } catch (const Malformed& m) {
    out.plain_words = true;
    out.problem = m.problem;
    out.root = QueryNode{Kind::Words, std::string(text), {}, {}, {}, {}};
  }
  return out;
}

std::string describe(const QueryNode& n) {
  auto field_prefix = [&] { return n.field.empty() ? std::string() : n.field + ":"; };
  switch (n.kind) {
    case Kind::Words: return field_prefix() + (n.text.find(' ') == std::string::npos ? n.text : "(" + n.text + ")");
    case Kind::Phrase: return field_prefix() + quote(n.text);
    case Kind::Prefix: return field_prefix() + n.text + "*";
    case Kind::Filter: return n.field + ":" + quote(n.text);
    case Kind::Date:
      return "date:" + (n.from ? format_iso8601_utc(*n.from).substr(0, 10) : std::string()) + ".." +
             (n.to ? format_iso8601_utc(*n.to).substr(0, 10) : std::string());
    case Kind::Not: return "NOT " + describe(n.children.at(0));
    case Kind::And:
    case Kind::Or: {
      std::string s;
      for (const auto& c : n.children) {
        if (!s.empty()) s += n.kind == Kind::And ? " AND " : " OR ";
        const bool group = c.kind == Kind::And || c.kind == Kind::Or;
        s += group ? "(" + describe(c) + ")" : describe(c);
      }
      return s;
    }
  }
  return {};
}

}  // namespace newsidx
