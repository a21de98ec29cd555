// The page's message tables (service/web/i18n.js): every language has
// every message, each plural message the forms its language needs, and the
// Kazakh Latin and Arabic-script tables are the Cyrillic one through the
// project's own transliteration.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "newsidx/analyzer.h"
#include "tests/test_util.h"

namespace newsidx::test {
namespace {

nlohmann::json messages() {
  const std::string js = read_file(std::string(NEWSIDX_SOURCE_DIR) + "/service/web/i18n.js");
  const std::size_t from = js.find("const MESSAGES = ");
  EXPECT_NE(from, std::string::npos);
  const std::size_t begin = js.find('{', from), end = js.rfind('}');
  return nlohmann::json::parse(js.substr(begin, end - begin + 1));
}

TEST(PageMessages, EveryLanguageHasEveryMessage) {
  const nlohmann::json m = messages();
  std::vector<std::string> languages;
  for (const auto& [lang, table] : m.items()) languages.push_back(lang);
  EXPECT_EQ(languages, (std::vector<std::string>{"en", "kk", "kk-Arab", "kk-Latn", "ru", "uz", "zh"}));
  for (const auto& [lang, table] : m.items()) {
    EXPECT_EQ(table.size(), m["en"].size()) << lang;
    for (const auto& [key, message] : m["en"].items()) {
      ASSERT_TRUE(table.contains(key)) << lang << " has no " << key;
      if (table[key].is_object()) {
        EXPECT_TRUE(table[key].contains("other")) << lang << " " << key;
      }
    }
  }
  // Russian counts one, few and many differently.
  EXPECT_EQ(
      m["ru"]["count"],
      (nlohmann::json{{"one", "{n} статья"}, {"few", "{n} статьи"}, {"many", "{n} статей"}, {"other", "{n} статьи"}}));
}

TEST(PageMessages, KazakhLatinAndArabicAreTheCyrillicTransliterated) {
  const nlohmann::json m = messages();
  for (const auto& [key, cyrillic] : m["kk"].items()) {
    ASSERT_TRUE(cyrillic.is_string()) << key;
    EXPECT_EQ(m["kk-Latn"][key], kazakh_in_script(cyrillic.get<std::string>(), "Latn")) << key;
    EXPECT_EQ(m["kk-Arab"][key], kazakh_in_script(cyrillic.get<std::string>(), "Arab")) << key;
  }
  EXPECT_EQ(m["kk-Arab"]["search"], "ىزدەۋ");
}

}  // namespace
}  // namespace newsidx::test
